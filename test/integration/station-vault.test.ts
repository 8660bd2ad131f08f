import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { PassphraseKeyStore } from '../../electron/core';
import { QUEUE_FILE, DoorQueue } from '../../electron/station/door-queue';
import { openStation } from '../../electron/station/serve-station';
import { readStation } from '../../electron/station/station';
import { LEGACY_QUEUE_KEY_FILE, LEGACY_SIGNING_KEY_FILE, STATION_SECRETS_FILE } from '../../electron/station/station-vault';
import { daicho, ensureBuilt } from '../helpers/cli';
import { lanHost } from '../helpers/lan-host';
import { STATION_PASSPHRASE, stationKeys } from '../helpers/station-keys';
import { PASSWORDS, serverRoomFixture } from './server-room-fixture';

// SPEC §8 and §11: a door terminal's queue holds the host's copy of every authorized person's card
// number and PIN hash (a 4–8 digit PIN falls to an offline search), and the station's signing key
// speaks for the station. Neither may open from the station folder alone — the kiosk's user, a
// technician or a copied folder has nothing but the folder. They are kept in the station's vault,
// under a key its key store keeps (a passphrase here; the OS key store in the desktop app).

const PIN = '482916';

/** Every file of a folder, as bytes. */
function filesOf(dir: string): { name: string; bytes: Buffer }[] {
  return fs.readdirSync(dir).map((name) => ({ name, bytes: fs.readFileSync(path.join(dir, name)) }));
}

/** Whatever in the folder could be a queue key (64 hex characters anywhere in any file) or a private key. */
function keyCandidates(dir: string): { hex: string[]; pem: number } {
  const texts = filesOf(dir).map((f) => f.bytes.toString('latin1'));
  return { hex: [...new Set(texts.flatMap((t) => t.match(/[0-9a-fA-F]{64}/g) ?? []))], pem: texts.filter((t) => t.includes('PRIVATE KEY')).length };
}

function opensWith(dir: string, hex: string): boolean {
  try {
    const db = new Database(path.join(dir, QUEUE_FILE), { readonly: true });
    try {
      db.pragma("cipher='sqlcipher'");
      db.pragma('legacy=4');
      db.pragma(`key="x'${hex}'"`);
      db.prepare('SELECT count(*) FROM snapshot').get();
      return true;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

async function doorTerminal() {
  const f = await serverRoomFixture(new Date().toISOString());
  await f.staff.ok('me.setPin', { password: PASSWORDS.staff, pin: PIN });
  const host = await lanHost(f.d, f.admin);
  const dir = await host.enroll('本社サーバルーム入口', 'terminal', f.hq.id);
  return { ...f, host, dir };
}

describe('a station folder alone opens neither the door queue nor the station key', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('the queue, holding card numbers and PIN hashes, opens with no key found in the folder; with the passphrase it opens again as it was', async () => {
    const t = await doorTerminal();
    cleanups.push(() => t.d.close(), () => t.host.listener.close());
    const { client, door } = await openStation(t.dir, stationKeys(t.dir));
    await door!.refresh(true);
    const copy = door!.queue.snapshot()!.text;
    // The copy is what is worth protecting: card numbers and a PIN hash.
    expect(copy).toContain('CARD1001');
    expect(JSON.parse(copy).people.some((p: { pinHash: string | null }) => p.pinHash)).toBe(true);
    door!.queue.add({ id: 'waiting-1', kind: 'enter', personId: t.yamada.id, personName: '山田 太郎', occurredAt: new Date().toISOString(), purpose: 'maintenance' });
    door!.close();

    expect(fs.readdirSync(t.dir)).toEqual(expect.arrayContaining([STATION_SECRETS_FILE, 'key.json', QUEUE_FILE]));
    expect(fs.readdirSync(t.dir)).not.toContain(LEGACY_SIGNING_KEY_FILE);
    expect(fs.readdirSync(t.dir)).not.toContain(LEGACY_QUEUE_KEY_FILE);
    const found = keyCandidates(t.dir);
    expect(found.pem).toBe(0);
    for (const hex of found.hex) expect(opensWith(t.dir, hex)).toBe(false);
    for (const f of filesOf(t.dir)) expect(f.bytes.includes('CARD1001'), f.name).toBe(false);

    // A wrong passphrase opens nothing and changes nothing.
    const before = filesOf(t.dir).filter((f) => !f.name.startsWith(QUEUE_FILE));
    await expect(openStation(t.dir, new PassphraseKeyStore(t.dir, 'Not-The-Station-Pass-1'))).rejects.toMatchObject({ code: 'wrong_key' });
    expect(filesOf(t.dir).filter((f) => !f.name.startsWith(QUEUE_FILE))).toEqual(before);
    // A secrets file with a malformed nonce or tag (cut short, not base64) is named as a bad file, not a crypto error.
    const vault = path.join(t.dir, STATION_SECRETS_FILE);
    const sealed = fs.readFileSync(vault, 'utf8');
    for (const broken of [{ iv: 'AAAA' }, { tag: '!!not-base64!!' }, { tag: Buffer.alloc(4).toString('base64') }, { iv: 12 }]) {
      fs.writeFileSync(vault, JSON.stringify({ ...JSON.parse(sealed), ...broken }));
      await expect(openStation(t.dir, stationKeys(t.dir)), JSON.stringify(broken)).rejects.toMatchObject({ code: 'bad_key_file' });
    }
    fs.writeFileSync(vault, sealed);

    // The right one: the same station, its signing key speaking for it, its queue as it was.
    const again = await openStation(t.dir, stationKeys(t.dir));
    cleanups.push(() => again.door?.close());
    expect(again.client.config.stationId).toBe(client.config.stationId);
    expect(again.door!.queue.pending().map((e) => e.id)).toEqual(['waiting-1']);
    expect(again.door!.queue.snapshot()!.text).toBe(copy);
    expect((await again.client.call({ method: 'auth.session', input: {}, token: null })).result).toEqual({ ok: true, value: null });
  });

  it('a station enrolled before the vault (its keys in clear) has them taken in at its next start, its waiting records kept; a crash half-way loses nothing', async () => {
    const t = await doorTerminal();
    cleanups.push(() => t.d.close(), () => t.host.listener.close());
    // The folder as the previous version left it: station.key and door-queue.key in clear, no vault.
    const old = (await readStation(t.dir, stationKeys(t.dir)))!;
    const pem = old.key.export({ format: 'pem', type: 'pkcs8' }).toString();
    const queueKey = 'ab'.repeat(32);
    for (const f of [STATION_SECRETS_FILE, 'key.json', QUEUE_FILE, `${QUEUE_FILE}-wal`, `${QUEUE_FILE}-shm`]) fs.rmSync(path.join(t.dir, f), { force: true });
    fs.writeFileSync(path.join(t.dir, LEGACY_SIGNING_KEY_FILE), pem);
    fs.writeFileSync(path.join(t.dir, LEGACY_QUEUE_KEY_FILE), queueKey);
    const q = new DoorQueue(t.dir, queueKey);
    q.add({ id: 'offline-1', kind: 'enter', personId: t.yamada.id, personName: '山田 太郎', occurredAt: new Date(Date.now() - 60_000).toISOString(), purpose: 'maintenance' });
    q.close();

    const s = await openStation(t.dir, stationKeys(t.dir));
    expect(fs.existsSync(path.join(t.dir, LEGACY_SIGNING_KEY_FILE))).toBe(false);
    expect(fs.existsSync(path.join(t.dir, LEGACY_QUEUE_KEY_FILE))).toBe(false);
    expect(s.door!.waiting()).toBe(1);
    // Signed with the key it had: the host takes its record.
    await s.door!.flush();
    expect(s.door!.waiting()).toBe(0);
    expect(t.d.store.db.prepare('SELECT id, outcome FROM door_deliveries').all()).toEqual([{ id: 'offline-1', outcome: 'recorded' }]);
    s.door!.close();

    // Killed after the vault was written, before the clear files were removed: they are put back
    // here; the next start opens the same vault and removes them.
    fs.writeFileSync(path.join(t.dir, LEGACY_SIGNING_KEY_FILE), pem);
    fs.writeFileSync(path.join(t.dir, LEGACY_QUEUE_KEY_FILE), queueKey);
    const next = await openStation(t.dir, stationKeys(t.dir));
    cleanups.push(() => next.door?.close());
    expect(fs.existsSync(path.join(t.dir, LEGACY_SIGNING_KEY_FILE))).toBe(false);
    expect(fs.existsSync(path.join(t.dir, LEGACY_QUEUE_KEY_FILE))).toBe(false);
    expect((await next.client.call({ method: 'auth.session', input: {}, token: null })).result).toEqual({ ok: true, value: null });
    expect(next.door!.rejected()).toBe(0);
  });

  it('daicho station asks for the folder’s passphrase: none and no terminal, a wrong one, or a folder the desktop app keeps, each said clearly', async () => {
    ensureBuilt();
    const t = await doorTerminal();
    cleanups.push(() => t.d.close(), () => t.host.listener.close());
    const none = daicho(['station', '--data', t.dir, '--port', '0']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('DAICHO_PASSPHRASE');
    const wrong = daicho(['station', '--data', t.dir, '--port', '0'], { DAICHO_PASSPHRASE: 'Not-The-Station-Pass-1' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/passphrase.*wrong|wrong.*passphrase/i);
    expect(fs.readdirSync(t.dir)).not.toContain(LEGACY_SIGNING_KEY_FILE);
    // A station folder whose keys the desktop app keeps in the OS key store.
    fs.renameSync(path.join(t.dir, 'key.json'), path.join(t.dir, 'key.safestorage'));
    const app = daicho(['station', '--data', t.dir, '--port', '0'], { DAICHO_PASSPHRASE: STATION_PASSPHRASE });
    expect(app.code).not.toBe(0);
    expect(app.stderr).toContain('desktop app');
  });
});
