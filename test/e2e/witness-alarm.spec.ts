import { signHead } from '../../electron/core/lan/identity';
import { COMPANY, expect, shot, signIn, test } from './fixtures';

// SPEC §11: a station's report that this data no longer holds what it saw stays on the dashboard of the
// administrator and the safety manager until the safety manager marks it as checked, saying what she
// found (journaled as her reason).
test('the safety manager marks a station’s report as checked, with what she found', async ({ page, app }) => {
  await app.setUp();
  const identity = await app.daicho.lan.ensureIdentity({ actor: 'system', station: 'e2e-core' });
  const report = (n: number) => {
    const ahead = signHead(identity, { seq: app.daicho.store.journalHead().seq + 40 + n, hash: 'c'.repeat(64), at: new Date().toISOString() });
    expect(app.daicho.lan.witness.check(`lan:0a0b0c0${n}`, Buffer.from(JSON.stringify([ahead])).toString('base64'))).toEqual(['cut']);
  };
  report(1);
  report(2);

  const sm = COMPANY.safetyManager;
  await page.goto(app.url);
  await signIn(page, sm.loginId, sm.password);
  const alarm = page.getByTestId('witness-alarm');
  await expect(alarm.getByRole('listitem')).toHaveCount(2);
  const first = alarm.getByRole('listitem').filter({ hasText: '端末「lan:0a0b0c01」' });
  const button = first.getByRole('button', { name: '確認済みにする' });
  await shot(page, 'witness-alarm-sm');
  // The button is described by its report, so each of the two says which one it marks.
  await expect(button).toHaveAccessibleDescription(/端末「lan:0a0b0c01」は記録が/);
  await button.click();

  const dialog = page.getByTestId('witness-acknowledge');
  await expect(dialog.getByRole('heading', { name: '警告を確認済みにする' })).toBeVisible();
  await expect(dialog).toContainText('端末「lan:0a0b0c01」');
  await dialog.getByRole('button', { name: '確認済みにする' }).click();
  const reason = dialog.getByRole('textbox', { name: '確認した内容' });
  await expect(reason).toHaveAccessibleDescription(/入力してください/);
  await expect(reason).toBeFocused();
  await reason.fill('11月1日に故障でバックアップから戻したもの（システム管理者に確認）');
  await shot(page, 'witness-acknowledge');
  await dialog.getByRole('button', { name: '確認済みにする' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(alarm.getByRole('listitem')).toHaveCount(1);
  await expect(alarm).toContainText('端末「lan:0a0b0c02」');
  const ack = app.daicho.store.stmt("SELECT entity_id, reason FROM journal WHERE action = 'lan.witness_acknowledged'").all();
  expect(ack).toEqual([{ entity_id: 'lan:0a0b0c01', reason: '11月1日に故障でバックアップから戻したもの（システム管理者に確認）' }]);

  // The last one too: the alarm goes.
  await alarm.getByRole('button', { name: '確認済みにする' }).click();
  await dialog.getByRole('textbox', { name: '確認した内容' }).fill('同じ復元による報告');
  await dialog.getByRole('button', { name: '確認済みにする' }).click();
  await expect(alarm).toHaveCount(0);
});
