import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationClient, readStation, type StationConfig, type WitnessFile } from '../../electron/station/station';
import { STATION_PASSPHRASE, stationKeys } from '../helpers/station-keys';
import { LAN_HEADERS, LAN_PATHS, requestStatement } from '../../shared/lan';
import { BIN, cleanEnv, daicho, ensureBuilt, exited, request, ROOT, serve } from '../helpers/cli';
import { SETUP, SM_APPROVAL, tempDir } from '../helpers/temp-daicho';
import { freePort } from '../helpers/net';
import { PASSWORDS, serverRoomFixture } from './server-room-fixture';

// Issue 13 (SPEC §11): a ledger host and two stations as separate processes on loopback addresses
// (127.0.0.2 for the host's LAN listener). Enrollment with a pairing code; a wrong code, a used
// code, an unenrolled client, a replayed request, a revoked station, a session carried to another
// station and a host with another certificate are refused (and the refusals journaled); a desk
// station and a door terminal record at the same time and the journal verifies; a station's
// witness file makes a cut of the journal show in `daicho verify --witness`.

/** A JSON caller of a browser-mode address (the host on 127.0.0.1, or a station's own), keeping its cookies. */
class HttpCaller {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}
  get sessionCookie(): string | undefined {
    return this.cookies.get('daicho_session');
  }
  async call(method: string, input: unknown = {}, channel?: 'terminal'): Promise<{ ok: boolean; value?: unknown; error?: { code: string; messageKey: string; params?: Record<string, unknown> } }> {
    const origin = new URL(this.base).origin;
    const r = await request(`${origin}/api/${method}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json', Origin: origin,
        Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(channel ? { 'X-Daicho-Channel': channel } : {}),
      },
      body: JSON.stringify(input),
    });
    for (const c of ([] as string[]).concat(r.headers['set-cookie'] ?? [])) {
      const [pair] = c.split(';');
      const [k, v] = pair.split('=');
      if (v) this.cookies.set(k, v);
      else this.cookies.delete(k);
    }
    return JSON.parse(r.body);
  }
  async ok<T = unknown>(method: string, input: unknown = {}, channel?: 'terminal'): Promise<T> {
    const r = await this.call(method, input, channel);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  }
}


/** `daicho station …` until it prints its address (or exits). */
function station(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'station', ...args], { cwd: ROOT, env: { ...cleanEnv(), DAICHO_PASSPHRASE: STATION_PASSPHRASE }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`station did not start:\n${out}`)), 30_000);
    child.stdout!.on('data', () => {
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`station exited with ${code}:\n${out}`), { code, out }));
    });
  });
}

/** A raw signed call, as a station makes it, with the time and nonce given (to replay one). */
function signedPost(cfg: StationConfig, keyPem: string, body: Buffer, time: string, nonce: string): Promise<{ status: number; body: string }> {
  const statement = requestStatement({ station: cfg.stationId, time, nonce, path: LAN_PATHS.call, bodySha256: createHash('sha256').update(body).digest('hex') });
  const url = new URL(cfg.host);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: url.hostname, port: Number(url.port), path: LAN_PATHS.call, method: 'POST', ca: cfg.certPem, checkServerIdentity: () => undefined,
        headers: { 'Content-Type': 'application/json', [LAN_HEADERS.station]: cfg.stationId, [LAN_HEADERS.time]: time, [LAN_HEADERS.nonce]: nonce, [LAN_HEADERS.signature]: sign(null, Buffer.from(statement), keyPem).toString('base64') },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('a ledger host and its stations on the office LAN (issue 13)', () => {
  const children: ChildProcess[] = [];
  let hostDir: string;
  let keyFile: string;
  let keyHex: string;
  let lanUrl: string;
  let host: Awaited<ReturnType<typeof serve>>;
  let admin: HttpCaller;
  let hqId: string;
  let yamadaId: string;

  beforeAll(async () => {
    ensureBuilt();
    // The host's data: a company, a clerk, people with cards (set up in-process, then closed).
    const f = await serverRoomFixture(new Date().toISOString());
    hostDir = f.d.dataDir;
    keyFile = f.d.keyFile;
    keyHex = fs.readFileSync(keyFile, 'utf8').trim();
    hqId = f.hq.id;
    yamadaId = f.yamada.id;
    f.d.close();
    const lanPort = await freePort('127.0.0.2');
    host = await serve(['--data', hostDir, '--raw-key-file', keyFile, '--port', '0', '--lan', `127.0.0.2:${lanPort}`]);
    children.push(host.child);
    lanUrl = `https://127.0.0.2:${lanPort}`;
    expect(host.output()).toContain(`lan: listening on ${lanUrl}/`);
    admin = new HttpCaller(host.url);
    await admin.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
  }, 120_000);

  afterAll(async () => {
    const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
    for (const c of running) c.kill('SIGTERM');
    await Promise.all(running.map(exited));
  });

  it('enrolls with a pairing code, refuses what it must, records from two stations at once, and a witness names a cut', async () => {
    const status = await admin.ok<{ enabled: boolean; listening: boolean; fingerprint: string }>('lan.status');
    expect(status).toMatchObject({ enabled: true, listening: true, address: '127.0.0.2' });
    const deskCode = await admin.ok<{ code: string; fingerprint: string }>('stations.pair', { name: '総務課の事務PC', profile: 'desk' });
    expect(deskCode.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(deskCode.fingerprint).toBe(status.fingerprint);

    // A wrong code, and a certificate that is not the one expected, are refused; nothing is kept.
    const wrongDir = path.join(tempDir(), 'wrong');
    await expect(station(['--data', wrongDir, '--host', lanUrl, '--pair', 'AAAAA-AAAAA', '--port', '0'])).rejects.toMatchObject({ code: 2, out: expect.stringContaining('登録できませんでした：ペアリングコードが正しくないか、接続先が台帳ホストではありません。') });
    // Nothing of the refused enrollment is left in its folder (a probe: its key.json stayed).
    expect(fs.existsSync(wrongDir) ? fs.readdirSync(wrongDir) : []).toEqual([]);
    await expect(station(['--data', wrongDir, '--host', lanUrl, '--pair', deskCode.code, '--fingerprint', '00ff00ff', '--port', '0'])).rejects.toMatchObject({ code: 2, out: expect.stringContaining('接続先の証明書が登録時と違います。') });
    expect(fs.existsSync(path.join(wrongDir, 'station.json'))).toBe(false);

    // A machine in between (its own certificate, passing everything on to the host): the station's proof
    // is for the certificate it saw, so the host refuses, and the station never pins the impostor.
    const fakeCert = await generate([{ name: 'commonName', value: 'Daicho ledger host' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' });
    const relay = https.createServer({ cert: fakeCert.cert, key: fakeCert.private }, (q, r) => {
      const chunks: Buffer[] = [];
      q.on('data', (c: Buffer) => chunks.push(c));
      q.on('end', () => {
        const up = https.request(`${lanUrl}${q.url}`, { method: q.method, headers: { 'content-type': 'application/json' }, rejectUnauthorized: false }, (res) => {
          r.writeHead(res.statusCode ?? 502, { 'content-type': 'application/json' });
          res.pipe(r);
        });
        up.end(Buffer.concat(chunks));
      });
    });
    const relayPort = await new Promise<number>((r) => relay.listen(0, '127.0.0.3', () => r((relay.address() as net.AddressInfo).port)));
    const relayDir = path.join(tempDir(), 'relayed');
    await expect(station(['--data', relayDir, '--host', `https://127.0.0.3:${relayPort}`, '--pair', deskCode.code, '--port', '0'])).rejects.toMatchObject({ code: 2, out: expect.stringContaining('ペアリングコードが正しくないか') });
    expect(fs.existsSync(path.join(relayDir, 'station.json'))).toBe(false);
    relay.close();

    const deskDir = path.join(tempDir(), 'desk');
    const desk = await station(['--data', deskDir, '--host', lanUrl, '--pair', deskCode.code.toLowerCase(), '--fingerprint', status.fingerprint.slice(0, 16), '--port', '0']);
    children.push(desk.child);
    // One use: the same code does not enroll a second station.
    await expect(station(['--data', path.join(tempDir(), 'again'), '--host', lanUrl, '--pair', deskCode.code, '--port', '0'])).rejects.toMatchObject({ code: 2, out: expect.stringContaining('有効なペアリングコードがありません。') });
    const doorCode = await admin.ok<{ code: string }>('stations.pair', { name: 'サーバルーム入口', profile: 'terminal', siteId: hqId, approval: SM_APPROVAL });
    const doorDir = path.join(tempDir(), 'door');
    const door = await station(['--data', doorDir, '--host', lanUrl, '--pair', doorCode.code, '--port', '0']);
    children.push(door.child);

    // Each station's window says where it is; the administrator sees both, connected.
    const clerkAtDesk = new HttpCaller(desk.url);
    expect(await clerkAtDesk.ok('station.status')).toMatchObject({ mode: 'station', name: '総務課の事務PC', connected: true });
    const enrolled = await admin.ok<{ name: string; profile: string; online: boolean; siteName: string | null }[]>('stations.enrolled');
    expect(enrolled.map((s) => [s.name, s.profile, s.online, s.siteName])).toEqual([['総務課の事務PC', 'desk', true, null], ['サーバルーム入口', 'terminal', true, '本社']]);

    // The clerk at the desk and a door terminal record at the same time.
    await clerkAtDesk.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    // A desk station is no door: its clerk's password does not turn it into one, for any site (an insider
    // probe: stays recorded at a desk as another site's head's own card). Refused; the desk session goes on.
    expect(await clerkAtDesk.call('terminal.start', { siteId: hqId, password: PASSWORDS.clerk })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'terminal.errors.lan_not_door' } });
    expect(await clerkAtDesk.ok('auth.session', {})).toMatchObject({ loginId: 'tanaka.clerk' });
    const atDoor = new HttpCaller(door.url);
    // The door terminal is a terminal by its enrollment: no one signs in at the door to start it.
    expect(await atDoor.ok('terminal.info', {}, 'terminal')).toMatchObject({ siteId: hqId, stationName: 'サーバルーム入口' });
    const base = Date.now() - 6 * 3600_000;
    const deskWork = Array.from({ length: 8 }, (_, i) =>
      clerkAtDesk.ok('serverRoom.record', { siteId: hqId, personId: yamadaId, enteredAt: new Date(base + i * 20 * 60_000).toISOString(), exitedAt: new Date(base + i * 20 * 60_000 + 10 * 60_000).toISOString(), purpose: 'maintenance' }),
    );
    const doorWork = (async () => {
      const receipts: string[] = [];
      for (const card of ['CARD1002', 'CARD1002']) {
        const who = await atDoor.ok<{ ticket: string; canEnter: boolean; canExit: boolean }>('terminal.identify', { cardNo: card }, 'terminal');
        const r = await atDoor.ok<{ action: string }>(who.canEnter ? 'terminal.enter' : 'terminal.exit', who.canEnter ? { ticket: who.ticket, purpose: 'maintenance' } : { ticket: who.ticket }, 'terminal');
        receipts.push(r.action);
      }
      return receipts;
    })();
    const [done, receipts] = await Promise.all([Promise.all(deskWork), doorWork]);
    expect(done).toHaveLength(8);
    expect(receipts).toEqual(['enter', 'exit']);
    // A terminal station calls only the door's flow (a clerk signed in there reads no ledger).
    await atDoor.ok('auth.signIn', { loginId: 'tanaka.clerk', password: PASSWORDS.clerk });
    expect(await atDoor.call('people.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A session is bound to the station it was made through: the desk's token is nothing at the door.
    const deskStation = (await readStation(deskDir, stationKeys(deskDir)))!;
    const doorClient = (await StationClient.open(doorDir, stationKeys(doorDir)));
    const stolen = decodeURIComponent(clerkAtDesk.sessionCookie!);
    expect((await doorClient.call({ method: 'auth.session', input: {}, token: stolen })).result).toMatchObject({ ok: true, value: null });
    expect((await doorClient.call({ method: 'people.list', input: {}, token: stolen })).result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await (await StationClient.open(deskDir, stationKeys(deskDir))).call({ method: 'auth.session', input: {}, token: stolen })).result).toMatchObject({ ok: true, value: { loginId: 'tanaka.clerk' } });

    // An unenrolled client: its own key, a made-up station id.
    const stranger = generateKeyPairSync('ed25519');
    const strangerCfg: StationConfig = { ...deskStation.config, stationId: 'lan:0badc0de' };
    expect((await new StationClient(strangerCfg, stranger.privateKey, path.join(tempDir(), 'stranger')).call({ method: 'auth.session', input: {}, token: null })).result)
      .toMatchObject({ ok: false, error: { code: 'unavailable', messageKey: 'lan.errors.refused', params: { reason: 'unenrolled' } } });
    // A replayed request: the same signed request sent twice is refused the second time.
    const keyPem = deskStation.key.export({ format: 'pem', type: 'pkcs8' }).toString();
    const body = Buffer.from(JSON.stringify({ method: 'auth.session', input: {}, token: null, device: null }));
    const time = new Date().toISOString();
    const nonce = randomBytes(16).toString('hex');
    expect((await signedPost(deskStation.config, keyPem, body, time, nonce)).status).toBe(200);
    const replay = await signedPost(deskStation.config, keyPem, body, time, nonce);
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body)).toMatchObject({ ok: false, error: { params: { reason: 'replayed' } } });
    // A host with another certificate at the pinned address: refused before anything is sent.
    const fake = await generate([{ name: 'commonName', value: 'Daicho ledger host' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' });
    let fakeHits = 0;
    const impostor = https.createServer({ cert: fake.cert, key: fake.private }, (_q, r) => {
      fakeHits++;
      r.end('{}');
    });
    const impostorPort = await new Promise<number>((r) => impostor.listen(0, '127.0.0.3', () => r((impostor.address() as net.AddressInfo).port)));
    const pinnedElsewhere = new StationClient({ ...deskStation.config, host: `https://127.0.0.3:${impostorPort}` }, deskStation.key, path.join(tempDir(), 'pinned'));
    expect((await pinnedElsewhere.call({ method: 'auth.session', input: {}, token: null })).result).toMatchObject({ ok: false, error: { messageKey: 'lan.errors.host_mismatch' } });
    expect(fakeHits).toBe(0);
    impostor.close();

    // Revoked: the desk station's calls are refused from then on.
    const deskId = deskStation.config.stationId;
    await admin.ok('stations.revoke', { id: deskId, reason: '事務PCの入れ替え' });
    expect(await clerkAtDesk.call('auth.session')).toMatchObject({ ok: false, error: { code: 'unavailable', params: { reason: 'revoked' } } });
    expect(await clerkAtDesk.ok('station.status')).toMatchObject({ mode: 'station' });
    // The door keeps working, and its witness file follows the journal.
    await atDoor.ok('terminal.inside', {}, 'terminal');
    const witnessFile = path.join(doorDir, 'witness.json');
    const witness = JSON.parse(fs.readFileSync(witnessFile, 'utf8')) as WitnessFile;
    expect(witness).toMatchObject({ format: 1, stationId: doorClient.config.stationId, stationName: 'サーバルーム入口' });

    // Stop the host; the journal verifies, with both witness files.
    host.child.kill('SIGTERM');
    expect(await exited(host.child)).toBe(0);
    const ok = daicho(['verify', '--data', hostDir, '--raw-key-file', keyFile, '--witness', witnessFile, '--witness', path.join(deskDir, 'witness.json')]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('saw the journal up to');

    // What was written, and from where: rows of both stations; every refusal journaled.
    const db = new Database(path.join(hostDir, 'daicho.db'), { readonly: true });
    db.pragma("cipher='sqlcipher'");
    db.pragma('legacy=4');
    db.pragma(`key="x'${keyHex}'"`);
    const stations = db.prepare("SELECT DISTINCT station FROM journal WHERE action IN ('serverRoom.record', 'terminal.enter', 'terminal.exit')").all() as { station: string }[];
    expect(stations.map((s) => s.station).sort()).toEqual([deskId, `terminal:HQ:${doorClient.config.stationId}`].sort());
    const refused = (db.prepare("SELECT after FROM journal WHERE action = 'lan.refused'").all() as { after: string }[]).map((r) => JSON.parse(r.after).reason);
    for (const why of ['wrong_code', 'no_code', 'unenrolled', 'replayed', 'revoked']) expect(refused).toContain(why);
    // The journal's tail is events only (sign-ins, refusals): cut it, as someone holding the key could.
    const lastData = (db.prepare("SELECT max(seq) AS s FROM journal WHERE kind <> 'event'").get() as { s: number }).s;
    db.close();
    expect(witness.head.seq).toBeGreaterThan(lastData);
    const rw = new Database(path.join(hostDir, 'daicho.db'));
    rw.pragma("cipher='sqlcipher'");
    rw.pragma('legacy=4');
    rw.pragma(`key="x'${keyHex}'"`);
    // Past the journal's append-only triggers (dropped, then put back as they were).
    const triggers = rw.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'").all() as { name: string; sql: string }[];
    for (const t of triggers) rw.exec(`DROP TRIGGER ${t.name}`);
    rw.prepare('DELETE FROM journal WHERE seq > ?').run(lastData);
    for (const t of triggers) rw.exec(t.sql);
    rw.close();
    // Plain verify cannot tell: a shorter chain is still a chain, and the tables match it.
    expect(daicho(['verify', '--data', hostDir, '--raw-key-file', keyFile]).code).toBe(0);
    const cut = daicho(['verify', '--data', hostDir, '--raw-key-file', keyFile, '--witness', witnessFile]);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain(`CUT: the journal ends at #${lastData}, but station サーバルーム入口 (${doorClient.config.stationId}) saw it reach #${witness.head.seq}`);

    // The host started again on the cut journal: the door's next request carries the heads it saw, and
    // the administrator's dashboard says at once what it no longer holds (no verify needed).
    host = await serve(['--data', hostDir, '--raw-key-file', keyFile, '--port', '0', '--lan', lanUrl.slice('https://'.length)]);
    children.push(host.child);
    const adminAgain = new HttpCaller(host.url);
    await adminAgain.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    expect(await adminAgain.ok('lan.witnessAlarms')).toEqual([]);
    await atDoor.ok('terminal.inside', {}, 'terminal');
    const alarms = await adminAgain.ok<{ kind: string; stationName: string; seenSeq: number }[]>('lan.witnessAlarms');
    // Cut, or rewritten when the restarted host had already written past the head the door saw.
    expect(alarms).toEqual([expect.objectContaining({ kind: expect.stringMatching(/^(cut|rewritten)$/), stationName: 'サーバルーム入口' })]);
    expect(alarms[0].seenSeq).toBeGreaterThanOrEqual(witness.head.seq);

    // The door revoked: it records nothing more, online or with the host gone, and says so (a probe: a
    // revoked door went on taking entries offline, 送信中 for ever, none of them reaching the ledger).
    await adminAgain.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await adminAgain.ok('stations.revoke', { id: doorClient.config.stationId, reason: '入口端末の入れ替え' });
    const revoked = { ok: false, error: { messageKey: 'lan.errors.station_revoked' } };
    expect(await atDoor.call('terminal.identify', { cardNo: 'CARD1002' }, 'terminal')).toMatchObject(revoked);
    expect(await atDoor.ok('station.status')).toMatchObject({ revoked: true });
    host.child.kill('SIGTERM');
    expect(await exited(host.child)).toBe(0);
    expect(await atDoor.call('terminal.info', {}, 'terminal')).toMatchObject(revoked);
    expect(await atDoor.call('terminal.identify', { cardNo: 'CARD1002' }, 'terminal')).toMatchObject(revoked);
  }, 180_000);
});

describe('the door terminal keeps working when the host cannot be reached (issue 13)', () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
    for (const c of running) c.kill('SIGTERM');
    await Promise.all(running.map(exited));
  });

  it('records 50 entries and exits offline, is killed in the middle, and delivers all 50 exactly once with their times; verify passes', async () => {
    ensureBuilt();
    const f = await serverRoomFixture(new Date().toISOString());
    const { dataDir, keyFile } = f.d;
    const hq = f.hq.id;
    f.d.close();
    const lanPort = await freePort('127.0.0.2');
    const lanUrl = `https://127.0.0.2:${lanPort}`;
    const hostArgs = ['--data', dataDir, '--raw-key-file', keyFile, '--port', '0', '--lan', `127.0.0.2:${lanPort}`];
    let host = await serve(hostArgs);
    children.push(host.child);
    const admin = new HttpCaller(host.url);
    await admin.ok('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const { code } = await admin.ok<{ code: string }>('stations.pair', { name: '本社サーバルーム入口', profile: 'terminal', siteId: hq, approval: SM_APPROVAL });
    const doorDir = path.join(tempDir(), 'door');
    const start = (pair: boolean) => station(['--data', doorDir, ...(pair ? ['--host', lanUrl, '--pair', code] : []), '--port', '0', '--heartbeat-seconds', '1']);
    let door = await start(true);
    children.push(door.child);
    let terminal = new HttpCaller(door.url);
    expect(await terminal.ok('station.status')).toMatchObject({ mode: 'station', connected: true, waiting: 0 });
    // 山田 sets a PIN at the desk; five wrong ones at the door lock it at the host (online).
    const staff = new HttpCaller(host.url);
    await staff.ok('auth.signIn', { loginId: 'yamada.staff', password: PASSWORDS.staff });
    await staff.ok('me.setPin', { password: PASSWORDS.staff, pin: '4827' });
    for (let i = 0; i < 5; i++) expect((await terminal.call('terminal.identify', { employeeNo: 'E1001', pin: '0000' }, 'terminal')).ok).toBe(false);

    // The host goes away.
    host.child.kill('SIGTERM');
    expect(await exited(host.child)).toBe(0);
    // The lock the host set holds offline: the door's copy followed the refusals.
    expect(await terminal.call('terminal.identify', { employeeNo: 'E1001', pin: '4827' }, 'terminal')).toMatchObject({ ok: false, error: { messageKey: 'terminal.errors.pin_locked' } });

    const receipts: { action: string; at: string; personName: string }[] = [];
    const cards = ['CARD1001', 'CARD1002'];
    const record = async (i: number) => {
      // Two people in turn: one enters and leaves, then the other.
      const card = cards[Math.floor(i / 2) % 2];
      const who = await terminal.ok<{ ticket: string; canEnter: boolean; canExit: boolean }>('terminal.identify', { cardNo: card }, 'terminal');
      const r = await terminal.ok<{ action: string; at: string; personName: string }>(
        who.canEnter ? 'terminal.enter' : 'terminal.exit', who.canEnter ? { ticket: who.ticket, purpose: 'maintenance' } : { ticket: who.ticket }, 'terminal',
      );
      receipts.push(r);
    };
    for (let i = 0; i < 25; i++) await record(i);
    // 25 records, and the refusal of the try while the PIN was locked (kept for the host, as it journals one).
    expect(await terminal.ok('station.status')).toMatchObject({ connected: false, waiting: 26 });
    // Killed in the middle, with 25 records acknowledged: it comes back with all of them.
    door.child.kill('SIGKILL');
    await exited(door.child);
    door = await start(false);
    children.push(door.child);
    terminal = new HttpCaller(door.url);
    expect(await terminal.ok('station.status')).toMatchObject({ connected: false, waiting: 26 });
    for (let i = 25; i < 50; i++) await record(i);
    expect(receipts.map((r) => r.action).filter((a) => a === 'enter')).toHaveLength(25);
    expect(await terminal.ok('station.status')).toMatchObject({ connected: false, waiting: 51 });
    // Who is inside, from the copy and the queue: nobody (everyone left).
    expect(await terminal.ok('terminal.inside', {}, 'terminal')).toEqual([]);

    // The host comes back: everything waiting arrives, in order, once.
    host = await serve(hostArgs);
    children.push(host.child);
    const deadline = Date.now() + 60_000;
    let waiting = 51;
    while (Date.now() < deadline && waiting > 0) {
      await new Promise((r) => setTimeout(r, 500));
      waiting = (await terminal.ok<{ waiting: number }>('station.status')).waiting;
    }
    expect(waiting).toBe(0);
    expect(await terminal.ok('station.status')).toMatchObject({ connected: true });
    // Online again: a new entry goes straight to the host.
    const again = await terminal.ok<{ ticket: string; canEnter: boolean }>('terminal.identify', { cardNo: 'CARD1001' }, 'terminal');
    expect(again.ticket.startsWith('offline:')).toBe(false);
    host.child.kill('SIGTERM');
    expect(await exited(host.child)).toBe(0);

    const db = new Database(path.join(dataDir, 'daicho.db'), { readonly: true });
    db.pragma("cipher='sqlcipher'");
    db.pragma('legacy=4');
    db.pragma(`key="x'${fs.readFileSync(keyFile, 'utf8').trim()}'"`);
    const delivered = db.prepare('SELECT kind, occurred_at, arrived_at, outcome, stay_id FROM door_deliveries ORDER BY occurred_at').all() as { kind: string; occurred_at: string; arrived_at: string; outcome: string; stay_id: string }[];
    expect(delivered).toHaveLength(50);
    expect(delivered.every((d) => d.outcome === 'recorded')).toBe(true);
    expect(delivered.map((d) => d.occurred_at)).toEqual(receipts.map((r) => r.at));
    for (const d of delivered) expect(Date.parse(d.arrived_at)).toBeGreaterThan(Date.parse(d.occurred_at));
    // Each stay keeps when it happened (and when it arrived): 25 stays, entered and left at the door's times.
    const stays = db.prepare("SELECT entered_at, exited_at, recorded_at, exit_recorded_at FROM server_room_stays WHERE recorded_by LIKE 'person:%' ORDER BY entered_at").all() as { entered_at: string; exited_at: string; recorded_at: string }[];
    expect(stays).toHaveLength(25);
    expect(stays.map((s) => s.entered_at)).toEqual(receipts.filter((r) => r.action === 'enter').map((r) => r.at));
    expect(stays.every((s) => s.exited_at !== null && s.recorded_at > s.entered_at)).toBe(true);
    // The try while the PIN was locked, kept once, naming 山田.
    expect(db.prepare("SELECT d.via, d.reason, p.employee_no FROM door_refusals d JOIN people p ON p.id = d.person_id").all()).toEqual([{ via: 'pin', reason: 'pin_locked', employee_no: 'E1001' }]);
    db.close();
    const v = daicho(['verify', '--data', dataDir, '--raw-key-file', keyFile, '--witness', path.join(doorDir, 'witness.json')]);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
  }, 240_000);
});
