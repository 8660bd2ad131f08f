import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lanListener } from '../../electron/host/lan-server';
import { enrollStation, StationClient } from '../../electron/station/station';
import { COMPANY, expect, japanesePunctuation, shot, signIn, test } from './fixtures';
import { freePort } from '../helpers/net';
import { stationKeys } from '../helpers/station-keys';

// SPEC §11 in the browser: the system administrator's 事業所内ネットワーク lists each station as the
// host knows it. A review found a revoked station still calling shown as 「ホストの起動後はまだありません」
// (nothing since the host started): its calls are refused, and the row now says so — how many since
// the host started, the last one, and that it still tries. Revoking asks a reason (required, a word
// that says something), kept with the act: the row says when, by whom and why, and so does the
// settings' change history.

test('事業所内ネットワーク: revoked with a reason, a revoked station still calling is said so, in Japanese and English', async ({ page, app }) => {
  await app.setUp();
  const admin = await app.signInCore(COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  await app.core('auth.elevate', { password: COMPANY.sysadmin.password }, admin);
  const lan = lanListener(app.daicho);
  const port = await freePort('127.0.0.2');
  await app.core('lan.configure', { enabled: true, address: '127.0.0.2', port }, admin);
  const dirs: string[] = [];
  const clients: Record<string, StationClient> = {};
  for (const name of ['desk-calling', 'desk-once', 'desk-twice']) {
    const { code } = (await app.core('stations.pair', { name, profile: 'desk' }, admin)).value;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-station-'));
    dirs.push(dir);
    await enrollStation(dir, `https://127.0.0.2:${port}`, code, { keyStore: stationKeys(dir) });
    clients[name] = await StationClient.open(dir, stationKeys(dir));
  }
  const call = (name: string) => clients[name].call({ method: 'auth.session', input: {}, token: null });
  const revokedAt = (name: string) => (app.daicho.store.db.prepare('SELECT revoked_at FROM lan_stations WHERE name = ?').get(name) as { revoked_at: string | null }).revoked_at;
  try {
    await page.goto(app.url);
    await signIn(page, COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
    await page.getByRole('navigation').getByRole('link', { name: '事業所内ネットワーク' }).click();
    const elevate = page.getByTestId('elevate-form');
    await expect(elevate.or(page.getByRole('heading', { name: '事業所内ネットワーク', level: 1 }))).toBeVisible();
    if (await elevate.isVisible()) {
      await elevate.getByRole('textbox', { name: 'パスワード', exact: true }).fill(COMPANY.sysadmin.password);
      await elevate.getByRole('button', { name: '確認' }).click();
    }
    const rows = page.getByTestId('lan-station');
    await expect(rows).toHaveCount(3);
    const row = (name: string) => rows.filter({ hasText: name });

    // Revoke, by keyboard: the reason is required, and says something; a refusal stores nothing.
    for (const [name, reason] of [['desk-twice', '事務PCの入れ替え。\n旧PCは倉庫で保管する'], ['desk-once', '廃棄のため']] as const) {
      const revoke = row(name).getByRole('button', { name: `登録を取り消す（${name}）` });
      await revoke.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByTestId('lan-revoke');
      const box = dialog.getByRole('textbox', { name: '取り消す理由' });
      await expect(box).toBeFocused();
      await expect(box).toHaveJSProperty('tagName', 'TEXTAREA');
      await dialog.getByRole('button', { name: '登録を取り消す' }).click();
      await expect(box).toHaveAccessibleDescription(/入力してください。/);
      await box.fill('なし');
      await dialog.getByRole('button', { name: '登録を取り消す' }).click();
      await expect(box).toHaveAccessibleDescription(/「なし」「確認しました」などではなく、理由や内容（何があったか、何をしたか）を具体的に書いてください。/);
      expect(revokedAt(name)).toBeNull();
      await box.fill(reason);
      await dialog.getByRole('button', { name: '登録を取り消す' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(row(name).getByTestId('lan-station-state')).toContainText('登録取消');
      await expect(row(name).getByTestId('lan-station-revoked')).toHaveText(new RegExp(`${COMPANY.sysadmin.displayName}が取消$`));
      expect(revokedAt(name)).not.toBeNull();
    }
    await expect(row('desk-twice').getByTestId('lan-station-state')).toContainText('理由：事務PCの入れ替え。\n旧PCは倉庫で保管する');
    // Revoked, quiet since the host started (its last accepted call, its enrollment, was before the revocation).
    await expect(row('desk-once').getByTestId('lan-station-contact')).toHaveText(/^取り消し後の要求はありません（最終接続：/);

    // They go on calling: refused, and the row says so (the page looks again every 10 s).
    expect((await call('desk-calling')).result).toMatchObject({ ok: true });
    for (const name of ['desk-twice', 'desk-twice', 'desk-once']) expect((await call(name)).result).toMatchObject({ ok: false, error: { params: { reason: 'revoked' } } });
    await expect(row('desk-twice').getByTestId('lan-station-contact')).toHaveText(/^ホストの起動後、2 件の要求を拒否（最後：令和\d+年\d+月\d+日 \d+:\d+）$/, { timeout: 15_000 });
    await expect(row('desk-once').getByTestId('lan-station-contact')).toHaveText(/^ホストの起動後、1 件の要求を拒否（最後：/);
    await expect(row('desk-twice').getByTestId('lan-station-still-calling')).toHaveText('取り消し後も接続を試みています（すべて拒否しています）');
    await expect(page.getByTestId('lan-stations')).not.toContainText('ホストの起動後はまだありません');
    await expect(row('desk-calling').getByTestId('lan-station-state')).toHaveText('接続中');
    await page.getByTestId('lan-stations').scrollIntoViewIfNeeded();
    await shot(page, 'lan-stations-revoked-calling');

    // In English: one request, or many; English punctuation.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(row('desk-once').getByTestId('lan-station-contact')).toHaveText(/^Refused 1 request since the host started \(last: /);
    await expect(row('desk-twice').getByTestId('lan-station-contact')).toHaveText(/^Refused 2 requests since the host started \(last: /);
    await expect(row('desk-twice').getByTestId('lan-station-revoked')).toHaveText(new RegExp(`^Revoked by ${COMPANY.sysadmin.displayName} on `));
    await expect(row('desk-twice').getByTestId('lan-station-still-calling')).toHaveText('Still trying to connect since it was revoked (every request refused)');
    expect(await japanesePunctuation(page)).toEqual([]);
    await shot(page, 'lan-stations-revoked-calling-en');
    await page.getByRole('button', { name: '日本語' }).click();

    // Two minutes on, nothing heard: the calling desk is not connected, its last contact kept; the revoked ones no longer "still trying".
    app.setClock(Date.now() + 2 * 60_000);
    await expect(row('desk-calling').getByTestId('lan-station-state')).toHaveText('未接続', { timeout: 15_000 });
    await expect(row('desk-calling').getByTestId('lan-station-contact')).toHaveText(/^令和\d+年\d+月\d+日 \d+:\d+$/);
    await expect(page.getByTestId('lan-station-still-calling')).toHaveCount(0);
    app.setClock(null);

    // The settings' change history, from this page: each enrollment, and each revocation with its reason.
    await page.getByTestId('settings-history-link').click();
    const history = page.getByTestId('settings-history-row').filter({ hasText: '事業所内ネットワークの端末（desk-twice）' });
    await expect(history).toHaveCount(2);
    await expect(history.first()).toContainText('登録 → 登録取消');
    await expect(history.first()).toContainText('事務PCの入れ替え。\n旧PCは倉庫で保管する');
    await expect(history.last()).toContainText('未登録 → 登録');
    await shot(page, 'lan-stations-history');
  } finally {
    await lan.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
});
