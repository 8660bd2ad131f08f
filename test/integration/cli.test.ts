import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_COMPANY_NAME, DEMO_STAFF_PIN } from '../../electron/cli/demo/company';
import { FAST_KDF_SWITCH, FAST_KDF_WARNING, SCRYPT, TEST_ONLY_SCRYPT } from '../../electron/core/keys/cost';
import { EXPORT_LEDGERS } from '../../electron/cli/commands/export';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { parseCsv } from '../../shared/print/csv';
import { paperText } from '../../shared/print/sheet';
import { lookup } from '../../shared/i18n';
import { accountHistoryLabel, historyActionLabel } from '../../shared/domain/journal-actions';
import { passwordCheckAction } from '../../shared/domain/password-checks';
import { LEDGERS } from '../../electron/core/ledgers/registry';
import { daicho, ensureBuilt, exited, request, ROOT, serve, sha256, type Run } from '../helpers/cli';

const RECOVERY_CODE = /\b[0-9A-Z]{5}(?:-[0-9A-Z]{5}){4}\b/;
const PASSPHRASE = 'Umi-no-kaze-2048';

let tmp: string;
let demoDir: string;
let demoKey: string;
let demoOut: Run;

beforeAll(() => {
  ensureBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-cli-'));
  demoDir = path.join(tmp, 'demo');
  demoKey = path.join(tmp, 'keys', 'demo.key');
  fs.mkdirSync(path.dirname(demoKey));
  demoOut = daicho(['demo', '--data', demoDir, '--raw-key-file', demoKey]);
}, 180_000);

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('daicho demo and verify', () => {
  it('creates the demo company through the API and prints what a newcomer needs', () => {
    expect(demoOut.stderr).toBe('');
    expect(demoOut.code).toBe(0);
    expect(demoOut.stdout).toContain(DEMO_COMPANY_NAME);
    for (const code of ['HQ 本社', 'OSK', 'NGY']) expect(demoOut.stdout).toContain(code);
    for (const role of ['staff', 'clerk', 'site_head', 'safety_manager', 'sysadmin']) {
      const a = DEMO_ACCOUNTS.find((x) => x.role === role)!;
      expect(demoOut.stdout).toMatch(new RegExp(`${role}\\s+${a.loginId.replace('.', '\\.')}\\s+${a.password}`));
    }
    expect(demoOut.stdout).toMatch(RECOVERY_CODE);
    // The server-room entry book has months of stays, someone inside now, and anomalies to review.
    expect(demoOut.stdout).toMatch(/\d{2,} stays, [1-9]\d* inside now/);
    expect(demoOut.stdout).toMatch(/anomalies: \w+ [1-9]/);
    // Past months reviewed and signed, one review left overdue (SPEC §5).
    expect(demoOut.stdout).toMatch(/[1-9]\d* seals over the months before \d{4}-\d{2}; [1-9]\d* anomalies given a disposition; one review of \d{4}-\d{2} left overdue/);
  });

  it('the README lists the same demo sign-ins', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const a of DEMO_ACCOUNTS) expect(readme).toContain(`| \`${a.loginId}\` | \`${a.password}\` |`);
    // A card to try at the door terminal, as the demo prints it.
    const staff = DEMO_ACCOUNTS.find((a) => a.role === 'staff')!;
    expect(readme).toContain(staff.cardNo);
    expect(readme).toContain(`PIN \`${DEMO_STAFF_PIN}\``);
    expect(demoOut.stdout).toContain(`card ${staff.cardNo}`);
  });

  it('verify exits 0 and prints the rows and the head', () => {
    const r = daicho(['verify', '--data', demoDir, '--raw-key-file', demoKey]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = /(\d+) rows, head #(\d+) ([0-9a-f]{64})/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(50);
    expect(m![2]).toBe(m![1]);
    // The demo's past months are signed: every seal holds (SPEC §5).
    expect(r.stdout).toMatch(/ [1-9]\d* monthly seals hold/);
  });

  it("every act on a record whose history a screen shows has that screen's label, not the journal's name for it", async () => {
    // Issue 8 (6): the history screens label a version by its journal action (shared/domain/journal-actions.ts);
    // the person's history also shows their door credentials and server-room authorizations.
    const d = await openDaicho({ dataDir: demoDir, keyStore: new RawKeyFileStore(demoKey), checkOnly: true });
    const rows = d.store.db.prepare("SELECT DISTINCT entity, action FROM journal WHERE kind = 'row'").all() as { entity: string; action: string }[];
    d.close();
    const kitVerbs = new Map(LEDGERS.map((m) => [m.definition.table, (['add', 'amend', 'void'] as const).map((v) => `${m.definition.key}.${v}`)]));
    const shown = new Set(['people', 'door_credentials', 'authorizations', 'server_room_stays', ...kitVerbs.keys()]);
    const unlabelled = rows.filter((r) => shown.has(r.entity) && historyActionLabel(r.action) === null && !kitVerbs.get(r.entity)?.includes(r.action));
    expect(unlabelled).toEqual([]);
    // The demo writes the acts the list has labels for (so this is not a test of an empty set).
    expect(rows.filter((r) => shown.has(r.entity)).length).toBeGreaterThan(15);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['visitors.sign_out', 'checkouts.return', 'terminal.enter', 'people.deactivate']));
  });

  it('the demo journal keeps time order: no write earlier than the last, so no clock anomaly for the dashboard to warn of', async () => {
    // The server-room book's stays are written as the demo clock passes them, between the other ledgers' writes (cli/demo/steps.ts).
    const d = await openDaicho({ dataDir: demoDir, keyStore: new RawKeyFileStore(demoKey), checkOnly: true });
    const anomalies = d.store.db.prepare("SELECT seq, at FROM journal WHERE action = 'clock.anomaly'").all();
    const back = d.store.db.prepare('SELECT b.seq, b.at, a.at AS before FROM journal a JOIN journal b ON b.seq = a.seq + 1 WHERE b.at < a.at LIMIT 5').all();
    const stays = (d.store.db.prepare('SELECT count(*) AS n FROM server_room_stays').get() as { n: number }).n;
    d.close();
    expect(anomalies).toEqual([]);
    expect(back).toEqual([]);
    expect(stays).toBeGreaterThan(100);
  });

  it("every act in an account's history has the account screen's label", async () => {
    // What accounts.history returns: the account's rows and events, its device lanes, its notices (auth/admin-handlers.ts).
    const d = await openDaicho({ dataDir: demoDir, keyStore: new RawKeyFileStore(demoKey), checkOnly: true });
    const actions = (d.store.db.prepare("SELECT DISTINCT action FROM journal WHERE entity IN ('accounts', 'known_device_guards', 'account_notices') AND entity_id IS NOT NULL").all() as { action: string }[]).map((r) => r.action);
    d.close();
    expect(actions.filter((a) => accountHistoryLabel(a) === null && passwordCheckAction(a) === null)).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['accounts.create', 'accounts.set_sites', 'auth.signin', 'accounts.notice.person_linked']));
  });

  it('the recovery code printed by the demo opens the data; on the command line it is warned about', () => {
    const code = RECOVERY_CODE.exec(demoOut.stdout)![0];
    const onArgv = daicho(['verify', '--data', demoDir, '--recovery-code', code]);
    expect(onArgv.code).toBe(0);
    expect(onArgv.stderr).toMatch(/warning: a recovery code on the command line can be read by every user/);
    const viaEnv = daicho(['verify', '--data', demoDir], { DAICHO_RECOVERY_CODE: code.toLowerCase() });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stderr).toBe('');
    const file = path.join(tmp, 'recovery-code.txt');
    fs.writeFileSync(file, `${code}\n`, { mode: 0o600 });
    const viaFile = daicho(['verify', '--data', demoDir, '--recovery-code-file', file]);
    expect({ code: viaFile.code, stderr: viaFile.stderr }).toEqual({ code: 0, stderr: '' });
    // Without a terminal the prompt cannot be used, and says what to use instead.
    expect(daicho(['verify', '--data', demoDir, '--recovery-code-prompt']).stderr).toMatch(/--recovery-code-file/);
  });

  it('refuses a folder that is not empty and leaves it alone', () => {
    const before = fs.readdirSync(demoDir).sort();
    const hash = sha256(path.join(demoDir, 'daicho.db'));
    const r = daicho(['demo', '--data', demoDir, '--raw-key-file', path.join(tmp, 'other.key')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not empty/);
    expect(fs.readdirSync(demoDir).sort()).toEqual(before);
    expect(sha256(path.join(demoDir, 'daicho.db'))).toBe(hash);
  });
});

describe('daicho serve', () => {
  it('serves the page and the API on the demo data, and stops cleanly on SIGTERM', async () => {
    const { child, url, output } = await serve(['--data', demoDir, '--raw-key-file', demoKey, '--port', '0']);
    try {
      const page = await request(url);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.body).toMatch(/<!doctype html>/i);

      const origin = url.replace(/\/$/, '');
      const api = (method: string, input: unknown, cookie?: string) =>
        request(`${url}api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: origin, ...(cookie ? { Cookie: cookie } : {}) },
          body: JSON.stringify(input),
        });
      const status = await api('setup.status', {});
      expect(JSON.parse(status.body)).toEqual({ ok: true, value: { needsSetup: false, companyName: DEMO_COMPANY_NAME } });

      const clerk = DEMO_ACCOUNTS.find((a) => a.role === 'clerk')!;
      const signIn = await api('auth.signIn', { loginId: clerk.loginId, password: clerk.password });
      expect(signIn.status).toBe(200);
      const cookie = String(signIn.headers['set-cookie']).split(';')[0];
      const people = JSON.parse((await api('people.list', { pageSize: 100 }, cookie)).body) as { ok: boolean; value: { total: number } };
      expect(people.ok).toBe(true);
      expect(people.value.total).toBeGreaterThanOrEqual(45);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
    expect(output()).toMatch(/SIGTERM: stopping/);
    // The lock is released and the sign-in just made is in an intact journal.
    expect(daicho(['verify', '--data', demoDir, '--raw-key-file', demoKey]).code).toBe(0);
  }, 60_000);

  it('creates the data on first run, then the setup wizard is due', async () => {
    const dir = path.join(tmp, 'fresh');
    const { child, url, output } = await serve(['--data', dir, '--port', '0'], { DAICHO_PASSPHRASE: PASSPHRASE });
    try {
      expect(output()).toContain('(new)');
      const status = await request(`${url}api/setup.status`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: url.replace(/\/$/, '') },
        body: '{}',
      });
      expect(JSON.parse(status.body)).toEqual({ ok: true, value: { needsSetup: true, companyName: null } });
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited(child)).toBe(0);
    expect(fs.existsSync(path.join(dir, 'key.json'))).toBe(true);
  }, 60_000);

  it('says exactly what to set when there is no passphrase and no terminal', () => {
    const r = daicho(['serve', '--data', path.join(tmp, 'nopass'), '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DAICHO_PASSPHRASE');
    expect(fs.existsSync(path.join(tmp, 'nopass'))).toBe(false);
  });
});

describe('daicho init and unlocking', () => {
  it('init with DAICHO_PASSPHRASE; a wrong passphrase is refused and changes nothing', () => {
    const dir = path.join(tmp, 'init');
    const init = daicho(['init', '--data', dir], { DAICHO_PASSPHRASE: PASSPHRASE });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'daicho.db'))).toBe(true);

    const files = fs.readdirSync(dir).sort();
    const hashes = files.map((f) => sha256(path.join(dir, f)));
    const wrong = daicho(['verify', '--data', dir], { DAICHO_PASSPHRASE: 'Not-the-right-one-77' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('The passphrase, recovery code or key is wrong');
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(dir).sort()).toEqual(files);
    expect(files.map((f) => sha256(path.join(dir, f)))).toEqual(hashes);

    expect(daicho(['verify', '--data', dir], { DAICHO_PASSPHRASE: PASSPHRASE }).code).toBe(0);

    // Owner-only files: the data folder, the database, the key file, the data mark (issue 6 point 9).
    const mode = (f: string) => (fs.statSync(path.join(dir, f)).mode & 0o777).toString(8);
    expect(mode('.')).toBe('700');
    for (const f of fs.readdirSync(dir)) expect({ f, mode: mode(f) }).toEqual({ f, mode: '600' });
    // daicho.closed.json: the note of a clean close that lets the next open skip the quick check (store/clean-close.ts).
    expect(fs.readdirSync(dir).sort()).toEqual(['daicho-data.json', 'daicho.closed.json', 'daicho.db', 'daicho.lock', 'key.json']);
  });

  it('init refuses existing data; bad usage exits 2 with one line', () => {
    const dir = path.join(tmp, 'init2');
    expect(daicho(['init', '--data', dir, '--raw-key-file', path.join(tmp, 'init2.key')]).code).toBe(0);
    const hash = sha256(path.join(dir, 'daicho.db'));
    const again = daicho(['init', '--data', dir, '--raw-key-file', path.join(tmp, 'init2.key')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already Daicho data/);
    expect(sha256(path.join(dir, 'daicho.db'))).toBe(hash);

    expect(daicho(['init', '--data', path.join(tmp, 'short')], { DAICHO_PASSPHRASE: 'short' }).code).toBe(2);
    // The LAN listener on one address of this PC, never on every network (an insider probe: 0.0.0.0 was taken).
    for (const lan of ['0.0.0.0:8443', '[::]:8443', '224.0.0.1:8443']) {
      const r = daicho(['serve', '--data', dir, '--raw-key-file', path.join(tmp, 'init2.key'), '--port', '0', '--lan', lan]);
      expect({ lan, code: r.code, stderr: r.stderr }).toMatchObject({ lan, code: 2, stderr: expect.stringMatching(/--lan needs ADDRESS:PORT/) });
    }
    // The key file travels with every backup: its passphrase follows the password rules.
    for (const weak of ['aaaaaaaaaa', 'password12', '1234567890', 'qwertyuiop', 'abcabcabcabc']) {
      const r = daicho(['init', '--data', path.join(tmp, 'weak')], { DAICHO_PASSPHRASE: weak });
      expect({ weak, code: r.code, stderr: r.stderr }).toMatchObject({ weak, code: 2, stderr: expect.stringMatching(/too common or too simple/) });
      expect(fs.existsSync(path.join(tmp, 'weak'))).toBe(false);
    }
    expect(daicho(['frobnicate']).code).toBe(2);
    expect(daicho(['verify', '--bogus']).stderr).toMatch(/Unknown option/);
    expect(daicho(['verify', '--data', path.join(tmp, 'nothing-here')]).stderr).toMatch(/No Daicho data here/);
    expect(daicho(['--help']).code).toBe(0);
  });

  // A probe of the command line: each said in one line what is wrong, exit 2, nothing written.
  it('a file where a folder should be, an empty recovery code file, a month out of range, an --out folder that is not there: each said in one line, exit 2', () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, 'not a folder');
    const oneLine = (r: Run, pattern: RegExp) => {
      expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 2, stderr: expect.stringMatching(pattern) });
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/Unexpected error|ENOTDIR|EISDIR|ENOENT/);
    };
    oneLine(daicho(['verify', '--data', file, '--raw-key-file', demoKey]), /is a file, not a data folder/);
    oneLine(daicho(['init', '--data', path.join(file, 'sub'), '--raw-key-file', path.join(tmp, 'sub.key')]), /which is a file, not a folder/);
    oneLine(daicho(['verify', '--data', demoDir, '--raw-key-file', tmp]), /is a folder, not a raw key file/);
    const empty = path.join(tmp, 'empty-code.txt');
    fs.writeFileSync(empty, '\n');
    oneLine(daicho(['verify', '--data', demoDir, '--recovery-code-file', empty], { DAICHO_PASSPHRASE: PASSPHRASE }), /recovery code file .* is empty/);
    const headBefore = sha256(path.join(demoDir, 'daicho.db'));
    const exportArgs = ['export', '--data', demoDir, '--raw-key-file', demoKey, '--ledger', 'visitors', '--site', 'HQ', '--format', 'csv'];
    for (const month of ['1999-01', '2026-13', '3000-01']) oneLine(daicho([...exportArgs, '--month', month, '--out', path.join(tmp, 'x.csv')]), /is not a month from 2000-01 to 2999-12/);
    oneLine(daicho([...exportArgs, '--month', '2026-10', '--out', path.join(tmp, 'no-such-folder', 'x.csv')]), /The folder of --out, .* does not exist/);
    expect(sha256(path.join(demoDir, 'daicho.db'))).toBe(headBefore);
    // A demo that fails in an empty folder given to it leaves that folder (a mount point, say), emptied.
    const given = path.join(tmp, 'given-empty');
    fs.mkdirSync(given);
    const badKey = path.join(tmp, 'bad.key');
    fs.writeFileSync(badKey, 'not a key');
    expect(daicho(['demo', '--data', given, '--raw-key-file', badKey]).code).toBe(2);
    expect(fs.existsSync(given) && fs.readdirSync(given)).toEqual([]);
  });
});

describe('the test-only cheap scrypt (DAICHO_TEST_FAST_KDF, core/keys/cost.ts)', () => {
  it('reaches the command, which says so first on stderr; a key file made at either cost opens at the other', () => {
    const off = { [FAST_KDF_SWITCH]: '' };
    const costOf = (dir: string) => {
      const { N, r, p } = JSON.parse(fs.readFileSync(path.join(dir, 'key.json'), 'utf8')) as { N: number; r: number; p: number };
      return { N, r, p };
    };
    const slowDir = path.join(tmp, 'kdf-spec');
    const slow = daicho(['init', '--data', slowDir], { DAICHO_PASSPHRASE: PASSPHRASE, ...off });
    expect({ code: slow.code, stderr: slow.rawStderr }).toEqual({ code: 0, stderr: '' });
    expect(costOf(slowDir)).toEqual(SCRYPT);
    const fastDir = path.join(tmp, 'kdf-test');
    const fast = daicho(['init', '--data', fastDir], { DAICHO_PASSPHRASE: PASSPHRASE });
    expect({ code: fast.code, stderr: fast.rawStderr }).toEqual({ code: 0, stderr: `${FAST_KDF_WARNING}\n` });
    expect(costOf(fastDir)).toEqual(TEST_ONLY_SCRYPT);

    expect(daicho(['verify', '--data', slowDir], { DAICHO_PASSPHRASE: PASSPHRASE })).toMatchObject({ code: 0, rawStderr: `${FAST_KDF_WARNING}\n` });
    expect(daicho(['verify', '--data', fastDir], { DAICHO_PASSPHRASE: PASSPHRASE, ...off })).toMatchObject({ code: 0, rawStderr: '' });
  });
});

describe('daicho backup', () => {
  it('writes an encrypted copy that verifies and opens with the recovery code; a second backup replaces it', () => {
    const to = path.join(tmp, 'backups', 'latest');
    // Not in a folder that is not there (a drive not mounted): said, nothing made.
    const nowhere = daicho(['backup', '--data', demoDir, '--raw-key-file', demoKey, '--to', to]);
    expect([nowhere.code, nowhere.stderr]).toEqual([2, expect.stringContaining(`${path.join(tmp, 'backups')} does not exist`)]);
    expect(fs.existsSync(path.join(tmp, 'backups'))).toBe(false);
    fs.mkdirSync(path.join(tmp, 'backups'));
    const first = daicho(['backup', '--data', demoDir, '--raw-key-file', demoKey, '--to', to]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(fs.readFileSync(path.join(to, 'daicho.db')).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    const rows = Number(/(\d+) journal rows/.exec(first.stdout)![1]);
    const check = daicho(['verify', '--data', to, '--recovery-code', RECOVERY_CODE.exec(demoOut.stdout)![0]]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`${rows} rows`);

    // The backup itself is journaled in the data (after the command line's first write, its station's
    // row in the stations register), so the next copy is two rows longer.
    const second = daicho(['backup', '--data', demoDir, '--raw-key-file', demoKey, '--to', to]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`${rows + 2} journal rows`);
    expect(fs.readdirSync(path.dirname(to))).toEqual(['latest']);
  });

  it('refuses data that does not verify and keeps the last good backup', () => {
    const dir = path.join(tmp, 'bad-source');
    const to = path.join(tmp, 'bad-source-backup');
    fs.cpSync(demoDir, dir, { recursive: true });
    expect(daicho(['backup', '--data', dir, '--raw-key-file', demoKey, '--to', to]).code).toBe(0);
    const good = sha256(path.join(to, 'daicho.db'));

    const db = new Database(path.join(dir, 'daicho.db'));
    db.pragma("cipher='sqlcipher'");
    db.pragma('legacy=4');
    db.pragma(`key="x'${fs.readFileSync(demoKey, 'utf8').trim()}'"`);
    db.prepare("UPDATE sites SET name = '偽の拠点' WHERE code = 'OSK'").run();
    db.close();

    const r = daicho(['backup', '--data', dir, '--raw-key-file', demoKey, '--to', to]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not verify/);
    expect(sha256(path.join(to, 'daicho.db'))).toBe(good);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
    expect(daicho(['backup', '--data', dir, '--raw-key-file', demoKey, '--to', path.join(dir, 'inside')]).code).toBe(2);
  });
});

describe('daicho verify finds tampering', () => {
  it('names the journal sequence number of a people row changed outside Daicho', () => {
    const dir = path.join(tmp, 'tampered');
    fs.cpSync(demoDir, dir, { recursive: true });
    // Outside the app: the raw key, the same SQLCipher settings, one UPDATE.
    const db = new Database(path.join(dir, 'daicho.db'));
    db.pragma("cipher='sqlcipher'");
    db.pragma('legacy=4');
    db.pragma(`key="x'${fs.readFileSync(demoKey, 'utf8').trim()}'"`);
    const person = db.prepare("SELECT id FROM people WHERE active = 1 ORDER BY employee_no LIMIT 1 OFFSET 10").get() as { id: string };
    const { seq } = db.prepare("SELECT max(seq) AS seq FROM journal WHERE entity = 'people' AND entity_id = ?").get(person.id) as { seq: number };
    db.prepare("UPDATE people SET department = '改ざん部' WHERE id = ?").run(person.id);
    db.close();

    const r = daicho(['verify', '--data', dir, '--raw-key-file', demoKey]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`FAILED at sequence #${seq}:`);
    expect(r.stderr).toContain(person.id);
  });
});

// Issue 12 (SPEC §6): each ledger's month of demo data exported and read back from the files
// themselves — pdfinfo and pdftotext for the PDFs (poppler-utils), the CSV parsed as Excel would.
describe('daicho export', () => {
  /** The month before last (Japan): signed in the demo, but for one site's last-exit checklists. */
  const monthBeforeLast = () => {
    const d = new Date(Date.now() + 9 * 3_600_000);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 2);
    return d.toISOString().slice(0, 7);
  };
  const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });

  it('renders every ledger of a site and month to an A4-landscape PDF with its title, 和暦 period, every record, pages and seals', async () => {
    const month = monthBeforeLast();
    const era = `令和${Number(month.slice(0, 4)) - 2018}年${Number(month.slice(5))}月`;
    // What the PDFs must hold: the sheets as the core builds them (opened to read only).
    const d = await openDaicho({ dataDir: demoDir, keyStore: new RawKeyFileStore(demoKey), checkOnly: true });
    const site = d.store.db.prepare("SELECT id FROM sites WHERE code = 'NGY'").get() as { id: string };
    const expected = Object.fromEntries(Object.entries(EXPORT_LEDGERS).map(([name, key]) => [name, d.sheet(key, site.id, month, { lang: 'ja', calendar: 'wareki', printedBy: '' })]));
    // Only NGY's checklists of that month wait for their review; Osaka's are signed.
    const osaka = d.store.db.prepare("SELECT id FROM sites WHERE code = 'OSK'").get() as { id: string };
    expect(d.sheet('lastExit', osaka.id, month, { lang: 'ja', calendar: 'wareki', printedBy: '' }).digest).not.toBeNull();
    d.close();
    let multiPage = false;
    for (const [name, sheet] of Object.entries(expected)) {
      const out = path.join(tmp, `${name}.pdf`);
      const r = daicho(['export', '--data', demoDir, '--raw-key-file', demoKey, '--ledger', name, '--site', 'NGY', '--month', month, '--format', 'pdf', '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const pages = Number(/Pages:\s+(\d+)/.exec(info(out))![1]);
      expect(info(out)).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/); // landscape
      const t = text(out);
      expect(t.replace(/\s/g, '')).toContain(sheet.title.replace(/\s/g, ''));
      expect(t).toContain(era);
      expect(t).toMatch(new RegExp(`\\b1\\s*/\\s*${pages}\\b`)); // page n / N
      // Every page after the first says what it is: the title, the site and the period (和暦), at its top.
      for (let p = 2; p <= pages; p++) {
        const page = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), out, '-'], { encoding: 'utf8' }).replace(/\s/g, '');
        for (const what of [sheet.title, sheet.site, era]) expect(page, `${name}, page ${p}: ${what}`).toContain(what.replace(/\s/g, ''));
      }
      multiPage ||= pages > 1;
      // Every record of the month: each row's first cell (its time, or what names it) is on paper — a
      // time's date (with its weekday) and its time each whole, the time maybe on the line under it.
      const flat = t.replace(/\s/g, '');
      for (const row of sheet.rows) for (const part of paperText(row.cells[0]).split(/\s+/)) expect(flat).toContain(part);
      // Each page as a picture, to be looked at (test/artifacts/print/): an A4-landscape paper form.
      const shots = path.join(ROOT, 'test', 'artifacts', 'print');
      fs.mkdirSync(shots, { recursive: true });
      execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', out, path.join(shots, name)]);
      const png = fs.readFileSync(fs.readdirSync(shots).filter((x) => x.startsWith(`${name}-`)).map((x) => path.join(shots, x))[0]);
      expect(png.readUInt32BE(16)).toBeGreaterThan(png.readUInt32BE(20)); // wider than tall
      if (sheet.digest) {
        expect(t).toContain(sheet.digest);
        expect(t).toContain(sheet.stamps.find((s) => s.seal)!.seal!.familyName);
      } else expect(t).toContain('未確認');
    }
    expect(multiPage, 'one ledger at least runs over more than one page').toBe(true);
    // The demo leaves one review of that month open: the last-exit checklists of NGY.
    expect(expected['last-exit'].digest).toBeNull();
    expect(expected['server-room'].digest).not.toBeNull();
  }, 120_000);

  it('a CSV of every ledger: every date and time with its full Gregorian date, as Excel reads a date (2026/10/20 09:30)', () => {
    const month = monthBeforeLast();
    /** What Excel takes for a date of the right year: a date and time, a date, a month. */
    const FULL = { instant: /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/, date: /^\d{4}\/\d{2}\/\d{2}$/, month: /^\d{4}\/\d{2}$/ } as const;
    for (const [name, key] of Object.entries(EXPORT_LEDGERS)) {
      const out = path.join(tmp, `${name}.csv`);
      const r = daicho(['export', '--data', demoDir, '--raw-key-file', demoKey, '--ledger', name, '--site', 'HQ', '--month', month, '--format', 'csv', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const csv = fs.readFileSync(out, 'utf8');
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      // The records, then (after an empty line) the review's items on no row, in the paper's words.
      const [header, ...lines] = parseCsv(csv);
      const end = lines.findIndex((l) => l.length === 1 && l[0] === '');
      const rows = end < 0 ? lines : lines.slice(0, end);
      expect(rows.length, `${name}: the month's records`).toBeGreaterThan(0);
      // The date columns: the ledger's instants, dates and months, found in the CSV by their labels.
      const def = LEDGERS.find((m) => m.definition.key === key)!.definition;
      const columns = def.fields
        .filter((f): f is typeof f & { type: { kind: keyof typeof FULL } } => f.type.kind in FULL)
        .map((f) => ({ key: f.key, kind: f.type.kind, at: header.indexOf(lookup('ja', f.label) ?? f.label) }))
        .filter((c) => c.at >= 0);
      expect(columns.length, `${name}: its date columns are in the CSV`).toBeGreaterThan(0);
      for (const c of columns) {
        const values = rows.map((row) => row[c.at]).filter((v) => v !== '' && v !== '消去済');
        if (c.key === (def.timeField ?? '')) expect(values.length, `${name}.${c.key}: every record has it`).toBe(rows.length);
        for (const v of values) expect(v, `${name}.${c.key}`).toMatch(FULL[c.kind]);
      }
      // Nowhere in a record a date without its year (10/20, 10/20 09:30) nor a 和暦 one.
      for (const cell of rows.flat()) {
        expect(cell, name).not.toMatch(/(^|[^\d/])\d{1,2}\/\d{1,2}(?![\d/])/);
        expect(cell, name).not.toMatch(/(令和|平成)\d+年/);
      }
    }
  }, 120_000);

  it('a month bundle: a cover of every ledger with its seals, then each ledger; a CSV that opens in Excel; each export journaled', async () => {
    const month = monthBeforeLast();
    const out = path.join(tmp, 'bundle.pdf');
    const r = daicho(['export', '--data', demoDir, '--raw-key-file', demoKey, '--site', 'NGY', '--month', month, '--bundle', '--out', out]);
    expect(r.code).toBe(0);
    const t = text(out);
    expect(t).toContain('月次台帳一式');
    for (const title of ['サーバルーム入退記録簿', '最終退出点検表', 'アクセスログ確認記録']) expect(t.replace(/\s/g, '')).toContain(title);
    const csvFile = path.join(tmp, 'checkout.csv');
    expect(daicho(['export', '--data', demoDir, '--raw-key-file', demoKey, '--ledger', 'checkout', '--site', 'HQ', '--month', month, '--format', 'csv', '--out', csvFile]).code).toBe(0);
    const csv = fs.readFileSync(csvFile, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(parseCsv(csv)[0]).toContain('持出日時');
    // Refused with a clear message: a ledger that does not exist, a month not so written.
    const bad = daicho(['export', '--data', demoDir, '--raw-key-file', demoKey, '--ledger', 'fire-drill', '--site', 'HQ', '--month', month, '--format', 'pdf', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--ledger must be one of server-room, cabinet, checkout, last-exit, visitors, access-log-check, not "fire-drill"/);
    expect(daicho(['export', '--data', demoDir, '--raw-key-file', demoKey, '--ledger', 'cabinet', '--site', 'HQ', '--month', '2026-13', '--format', 'pdf', '--out', out]).code).toBe(2);
    // Never over the data, a key, a folder or a file of another kind (an insider probe: --out daicho.db
    // replaced the database by the CSV and said 出力しました); each file as it was.
    const notes = path.join(tmp, 'notes.txt');
    fs.writeFileSync(notes, '大事なメモ');
    const targets = [...fs.readdirSync(demoDir).map((n) => path.join(demoDir, n)), path.join(demoDir, 'new.csv'), demoKey, notes, tmp];
    const before = targets.map((f) => (fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f).toString('base64') : null));
    for (const target of targets) {
      const r = daicho(['export', '--data', demoDir, '--raw-key-file', demoKey, '--ledger', 'checkout', '--site', 'HQ', '--month', month, '--format', 'csv', '--out', target]);
      expect(r.code, target).toBe(2);
      expect(r.stderr).toMatch(/outside the data folder|names the key file|is a folder|is not a \.csv file/);
    }
    expect(targets.map((f) => (fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f).toString('base64') : null))).toEqual(before);
    // An earlier export of the same kind is replaced.
    expect(daicho(['export', '--data', demoDir, '--raw-key-file', demoKey, '--ledger', 'checkout', '--site', 'HQ', '--month', month, '--format', 'csv', '--out', csvFile]).code).toBe(0);
    // Journaled: every exported sheet, by the command line's user.
    const d = await openDaicho({ dataDir: demoDir, keyStore: new RawKeyFileStore(demoKey), checkOnly: true });
    const rows = d.store.db.prepare("SELECT action, actor, station FROM journal WHERE action IN ('print.pdf', 'print.csv')").all() as { action: string; actor: string; station: string }[];
    d.close();
    expect(rows.filter((x) => x.action === 'print.pdf').length).toBeGreaterThanOrEqual(6 + 6);
    expect(rows.some((x) => x.action === 'print.csv')).toBe(true);
    expect(rows.every((x) => x.station.startsWith('cli'))).toBe(true);
  }, 120_000);
});
