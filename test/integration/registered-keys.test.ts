import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyLine, keysInUse, parseKeyList, unregisteredKeys, type KeyUse } from '../../electron/core/review/registered-keys';
import { daicho as cli, ROOT } from '../helpers/cli';
import { Caller, SETUP, SM_APPROVAL, tempDir } from '../helpers/temp-daicho';
import { disposeAll, HEAD_PASSWORD, october, shown } from './review-fixture';

// An insider probe of 2026-12-05: with the database key, a signing key can be added in a reviewer's
// name (or every key rewritten) and seals signed with it; verify checked each signature against the
// key its journal names, which the insider wrote too. The fingerprints kept outside the data are the
// anchor: `daicho verify --keys FILE` names every signature by a key not on the list.

const NEW_HEAD_PASSWORD = 'Kyoten-cho-arata-5521';

describe('signing keys registered outside the data (daicho verify --keys)', () => {
  it('lists the keys that signed; names a key not on the list with its holder and what it signed; passes once it is registered', async () => {
    const f = await october();
    const { d, sm, head, unit } = f;
    const headId = f.accountId('kyoten.hq');
    // The head confirms October, the safety manager approves it.
    await disposeAll(sm, unit);
    await head.ok('review.sign', { ...unit, password: HEAD_PASSWORD, meaning: 'confirm', shownHead: await shown(head, unit) });
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    const before = keysInUse(d.store);
    expect(before.map((k) => ({ holder: k.holder, loginId: k.loginId, seals: k.seals }))).toEqual([
      { holder: '本社 拠点長', loginId: 'kyoten.hq', seals: 1 },
      { holder: SETUP.safetyManager.displayName, loginId: SETUP.safetyManager.loginId, seals: 1 },
    ]);
    const registered = new Set(before.map((k) => k.fingerprint!));
    expect(unregisteredKeys(keysInUse(d.store), registered)).toEqual([]);

    // Her password reset, the head's next signature is by a new key: not on the list until it is added.
    await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    await f.admin.ok('accounts.resetPassword', { id: headId, temporaryPassword: 'Kari-no-pass-9902', reason: 'パスワード失念', approval: SM_APPROVAL });
    const again = new Caller(d);
    await again.ok('auth.signIn', { loginId: 'kyoten.hq', password: 'Kari-no-pass-9902' });
    await again.ok('auth.changePassword', { currentPassword: 'Kari-no-pass-9902', newPassword: NEW_HEAD_PASSWORD });
    const cabinet = { ...unit, ledger: 'cabinetLog' };
    await disposeAll(again, cabinet);
    await again.ok('review.sign', { ...cabinet, password: NEW_HEAD_PASSWORD, meaning: 'confirm', shownHead: await shown(again, cabinet) });
    const after = keysInUse(d.store);
    const fresh = after.find((k) => !registered.has(k.fingerprint!))!;
    expect(fresh).toMatchObject({ holder: '本社 拠点長', seals: 1, first: 'seal of cabinetLog HQ 2026-10' });
    expect(unregisteredKeys(after, registered)).toEqual([
      `UNREGISTERED KEY ${fresh.fingerprint} in the name of 本社 拠点長 (kyoten.hq) signed 1 seal(s), the first a seal of cabinetLog HQ 2026-10: it is not on the list of registered keys`,
    ]);
    expect(d.verify()).toMatchObject({ ok: true, problemCount: 0 });
    d.close();

    // The command: without --keys it prints each key's line; a list of the first two names the third.
    const base = ['--data', d.dataDir, '--raw-key-file', d.keyFile];
    const plain = cli(['verify', ...base]);
    expect(plain.code, plain.stderr).toBe(0);
    const lines = plain.stdout.split('\n').filter((l) => /^ {4}[0-9a-f]{16} /.test(l));
    expect(lines).toHaveLength(3);
    const dir = tempDir('daicho-keys-');
    const list = path.join(dir, 'registered-keys.txt');
    // As an auditor types them in from the registration forms: grouped, with names and a comment.
    const grouped = (fp: string) => fp.match(/.{4}/g)!.join(' ');
    fs.writeFileSync(list, `# 署名鍵登録票より\n${before.map((k) => `${grouped(k.fingerprint!)}  ${k.holder}`).join('\n')}\n`);
    const named = cli(['verify', ...base, '--keys', list]);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain(`UNREGISTERED KEY ${fresh.fingerprint} in the name of 本社 拠点長 (kyoten.hq)`);
    expect(named.stderr).toContain('登録されていない署名鍵による署名があります（1 件の鍵）');
    // Registered (verify's own lines copied into the list): it passes.
    fs.writeFileSync(list, `${lines.join('\n')}\n`);
    const passes = cli(['verify', ...base, '--keys', list]);
    expect(passes.code, passes.stderr).toBe(0);
    expect(passes.stdout).toContain(`every signature is by a key on ${list}`);
    // A list that is not one is refused with its line, before anything is opened.
    fs.writeFileSync(list, `${lines[0]}\n鈴木さんの鍵\n`);
    const bad = cli(['verify', ...base, '--keys', list]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 2 has no key fingerprint');
  });
});

describe('parseKeyList', () => {
  it('reads the first 16 hexadecimal digits of each line, grouped or not; skips blanks and # comments; refuses a line without one, and a list of none', () => {
    const text = '\uFEFF# registered\r\n1a2b3c4d5e6f7a8b  suzuki.yoko\r\n\r\n  1A2B-3C4D-5E6F-7A8C 佐藤\nfeed beef cafe f00d (2026-12-05)\n0011:2233:4455:6677\n';
    expect([...parseKeyList(text)]).toEqual(['1a2b3c4d5e6f7a8b', '1a2b3c4d5e6f7a8c', 'feedbeefcafef00d', '0011223344556677']);
    expect(() => parseKeyList('1a2b3c4d5e6f7a8b\n1a2b3c4d5e6f7a8\n')).toThrow('line 2 has no key fingerprint');
    // 17 digits are not a fingerprint of 16.
    expect(() => parseKeyList('1a2b3c4d5e6f7a8b9')).toThrow('line 1 has no key fingerprint');
    expect(() => parseKeyList('# nothing\n\n')).toThrow('it lists no key fingerprint');
  });
});

describe('verify --keys on what it cannot judge, and on what the data says of itself', () => {
  it('data from before the seals (schema 6) has no key that signed: it passes, as without --keys', () => {
    const dir = path.join(tempDir('daicho-keys-v6-'), 'data');
    fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'v6-data'), dir, { recursive: true });
    const list = path.join(path.dirname(dir), 'keys.txt');
    fs.writeFileSync(list, '1a2b3c4d5e6f7a8b  someone\n');
    const r = cli(['verify', '--data', dir, '--raw-key-file', path.join(dir, 'raw.key'), '--keys', list]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('names and codes from the data are printed without their control characters (an insider could rewrite the report with escape sequences)', () => {
    const k: KeyUse = { keyId: 'k1', fingerprint: '1a2b3c4d5e6f7a8b', holder: '鈴木\u001b[2K\u001b[8m 花子', loginId: 'suzuki\u001b]0;x\u0007', seals: 1, reopenings: 0, approvals: 0, first: 'seal of serverRoom HQ 2026-11\u001b[1A' };
    for (const line of [keyLine(k), ...unregisteredKeys([k], new Set())]) expect(line).not.toMatch(/\p{Cc}/u);
  });
});
