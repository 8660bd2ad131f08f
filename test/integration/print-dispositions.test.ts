import { expect, it } from 'vitest';
import { DEFAULT_CHECK_ITEMS } from '../../shared/ledgers/lastExit';
import { SETUP } from '../helpers/temp-daicho';
import { october, shown } from './review-fixture';
import { jst, PASSWORDS } from './server-room-fixture';
import { sheetHtml } from '../../shared/print/html';
import { sheetCsv } from '../../shared/print/csv';

// The paper says how the review disposed of each record's anomaly, beside it in the state column
// (print/sheets.ts dispositionLines): a walk-through found the signed sheets and the month bundle
// showed only the red marks, and an auditor could not see what the reviewer decided (Art. 9).

it('each record’s anomaly is printed with its disposition, who decided it and when; one decided before its record changed is not, until decided again', async () => {
  const { d, c, sm, clerk, unit, bad, hq, yamada } = await october();
  const item = (await sm.ok('review.get', unit)).items.find((i) => i.recordId === bad.id)!;
  const anomalyText = '入室許可なし';
  // Each anomaly with its disposition under it, as the state column shows them (the CSV's field).
  const state = async (u = unit) => (await sm.ok('print.sheet', { ...u, format: 'print' })).rows.flatMap((r) => (r.anomalies ?? []).map((a, i) => [a, r.dispositions?.[i]].filter(Boolean).join('\n')));
  expect(await state()).toEqual([expect.stringMatching(/^[^\n]+$/)]); // nothing decided yet: the mark alone
  const [mark] = await state();
  expect(mark).toContain(anomalyText);

  await sm.ok('review.dispose', { ...unit, subject: item.subject, code: item.code, disposition: 'corrected', explanation: null, cause: '入室許可の更新漏れ', action: '許可を更新し、本人に注意した' });
  expect(await state()).toEqual([`${mark}\n対応：是正済（原因：入室許可の更新漏れ ／ 処置：許可を更新し、本人に注意した）鈴木 花子 R8.11.05`]);
  // The record corrected after it was decided: to be decided again (as the review shows it), not printed.
  c.set(jst('2026-11-05', '10:03'));
  await clerk.ok('serverRoom.amend', { id: bad.id, changes: { notes: '保守業者の立会い' }, reason: '備考の追記' });
  expect(await state()).toEqual([mark]);
  await sm.ok('review.dispose', { ...unit, subject: item.subject, code: item.code, disposition: 'no_issue', explanation: '保守業者の立会いとして事前に申請済み', cause: null, action: null });
  await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
  const signed = await sm.ok('print.sheet', { ...unit, format: 'csv', calendar: 'seireki' });
  expect(signed.rows.flatMap((r) => r.anomalies ?? [])).toEqual([mark]);
  expect(signed.rows.flatMap((r) => r.dispositions ?? [])).toEqual(['対応：問題なし（保守業者の立会いとして事前に申請済み）鈴木 花子 2026.11.05']);
  // Black under the red mark on paper (a problem and what was done about it told apart); in the CSV, on the line under it.
  expect(sheetHtml(signed)).toContain(`<span class="mark mark-anomaly">${mark}</span><span class="disposition">対応：問題なし（保守業者の立会いとして事前に申請済み）鈴木 花子 2026.11.05</span>`);
  expect(sheetCsv(signed)).toContain(`"${mark}\n対応：問題なし（保守業者の立会いとして事前に申請済み）鈴木 花子 2026.11.05"`);
  // Changed after the seal: the disposition was for the stay as it was, and is not printed beside it as if for it as it is now (a
  // second probe: a 問題なし for a five-hour stay printed beside the thirteen hours set after the seal), nor left out (a user probe: the
  // sealed paper had the anomaly unanswered, the screen its answer): it stands as sealed, said to be for the record as it was, on
  // paper and on the screen alike; the row says 封印後修正, the next review has it.
  c.set(jst('2026-11-05', '10:20'));
  await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
  await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
  // (Earlier: the exit was written down at 09:00, so no correction dates it after that.)
  await clerk.ok('serverRoom.amend', { id: bad.id, changes: { exitedAt: jst('2026-10-20', '08:50') }, reason: '退室時刻の誤記' });
  const after = (await sm.ok('print.sheet', { ...unit, format: 'print' })).rows.find((r) => r.anomalies?.some((a) => a.includes(anomalyText)))!;
  expect(after.sealedChange).toBe(true);
  expect(after.dispositions?.filter(Boolean)).toEqual(['対応：問題なし（保守業者の立会いとして事前に申請済み）鈴木 花子 R8.11.05（封印後修正の前の記録に対する対応）']);
  expect((await sm.ok('review.get', unit)).items.find((i) => i.recordId === bad.id && i.code === item.code)).toMatchObject({ disposition: { disposition: 'no_issue' }, beforeSealedChange: true });

  // A kit ledger's paper the same way: a checklist typed in two weeks late.
  const items = DEFAULT_CHECK_ITEMS.map((i) => ({ item: i, ok: true, remark: null }));
  const late = await clerk.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-10-20', exitedAt: jst('2026-10-20', '19:00'), lastPersonId: yamada.id, items, notes: null });
  const lastExit = { ...unit, ledger: 'lastExit' };
  const lateItem = (await sm.ok('review.get', lastExit)).items.find((i) => i.recordId === late.id)!;
  await sm.ok('review.dispose', { ...lastExit, subject: lateItem.subject, code: lateItem.code, disposition: 'follow_up', explanation: null, cause: '紙の点検表の転記漏れ', action: '毎朝転記するよう手順を改めた' });
  expect(await state(lastExit)).toContainEqual(expect.stringContaining('\n対応：要対応（原因：紙の点検表の転記漏れ ／ 処置：毎朝転記するよう手順を改めた）鈴木 花子 R8.11.05'));
  // The month's anomalies that are no record's (a business day without its checklist): listed under the table, with theirs.
  const missing = (await sm.ok('review.get', lastExit)).items.find((i) => i.code === 'missing_day' && i.subject === '2026-10-21')!;
  await sm.ok('review.dispose', { ...lastExit, subject: missing.subject, code: missing.code, disposition: 'corrected', explanation: null, cause: '最終退出者が点検表を記入し忘れた', action: '翌朝に状況を確認し、本人に指導した' });
  const paper = await sm.ok('print.sheet', { ...lastExit, format: 'print' });
  expect(paper.monthItems).toContain('令和8年10月21日（水）の最終退出点検表がありません\n対応：是正済（原因：最終退出者が点検表を記入し忘れた ／ 処置：翌朝に状況を確認し、本人に指導した）鈴木 花子 R8.11.05');
  expect(paper.monthItems).toContain('令和8年10月22日（木）の最終退出点検表がありません\n対応：未記入');
  expect(paper.words.monthItems).toBe('記録の行に載らない異常と対応（記録のない日、前月からの持ち越し、記録の変更など）');
  // A checklist all OK says how many items were checked.
  expect(paper.rows[0].cells).toContain('全9項目OK');
  d.close();
});

it('the paper lists every item of the month’s review that is on no row, with its disposition: an anomaly a correction took away, as the signer disposed of it (a read-through: only the month’s own anomalies were printed)', async () => {
  const { d, sm, clerk, unit, hq, yamada } = await october();
  // A stay typed as twelve hours, corrected to one: its 長時間 anomaly went with the correction, and the review asks about that.
  const long = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-21', '08:00'), exitedAt: jst('2026-10-21', '20:00'), purpose: 'maintenance' });
  expect(long.anomalies.map((a) => a.code)).toContain('over_max_stay');
  await clerk.ok('serverRoom.amend', { id: long.id, changes: { exitedAt: jst('2026-10-21', '09:00') }, reason: '退室時刻の誤記' });
  const items = (await sm.ok('review.get', unit)).items;
  const offRows = items.filter((i) => i.kind !== 'record');
  expect(offRows.map((i) => i.kind)).toContain('cleared');
  const line = async () => {
    const paper = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(paper.monthItems).toHaveLength(offRows.length);
    return paper.monthItems!.find((l) => l.startsWith('［記録の変更で消えた異常］'))!;
  };
  expect(await line()).toMatch(/^［記録の変更で消えた異常］[^\n]*訂正[^\n]*長時間[^\n]*退室時刻の誤記[^\n]*\n対応：未記入$/);
  // Every item disposed of, the month signed: its paper says what the signer decided about the correction.
  for (const it of items)
    await sm.ok('review.dispose', { ...unit, subject: it.subject, code: it.code, disposition: 'no_issue', explanation: it.kind === 'cleared' ? '入力の誤りを翌日に訂正した' : '保守業者の作業として事前に申請されていたことを確認した', cause: null, action: null });
  await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
  expect(await line()).toMatch(/\n対応：問題なし（入力の誤りを翌日に訂正した）鈴木 花子 R8\.11\.05$/);
  d.close();
});

it('a stay corrected, then voided, after its month was sealed keeps on its row the anomaly it was sealed with and the signer’s disposition (a probe: both went from the signed paper)', async () => {
  const { d, c, sm, clerk, unit, bad, sasaki } = await october();
  for (const it of (await sm.ok('review.get', unit)).items)
    await sm.ok('review.dispose', { ...unit, subject: it.subject, code: it.code, disposition: 'corrected', explanation: null, cause: '入室許可の更新漏れ', action: '許可を更新し、本人に注意した' });
  await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
  const paper = async () => (await sm.ok('print.sheet', { ...unit, format: 'print' })).rows;
  const sealed = (await paper()).find((r) => r.anomalies?.length)!;
  expect(sealed.anomalies).toEqual(['入室許可なし']);
  const decided = '対応：是正済（原因：入室許可の更新漏れ ／ 処置：許可を更新し、本人に注意した）鈴木 花子 R8.11.05';
  expect(sealed.dispositions).toEqual([decided]);
  // After the seal the stay is given to an authorized person: it has no anomaly now, and its row still says what was sealed.
  c.set(jst('2026-11-05', '10:20'));
  await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
  await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
  const corrected = await clerk.ok('serverRoom.amend', { id: bad.id, changes: { personId: sasaki.id }, reason: '入室者の選択誤り' });
  expect(corrected.anomalies).toEqual([]);
  const after = (await paper()).find((r) => r.sealedChange)!;
  expect(after.anomalies).toEqual(['入室許可なし']);
  expect(after.dispositions).toEqual([`${decided}（封印後修正の前の記録に対する対応）`]);
  // Voided after the seal: the same (the row says 無効 and its change lines; the sealed anomaly and its answer stay).
  await clerk.ok('serverRoom.void', { id: bad.id, reason: '重複登録' });
  const voided = (await paper()).find((r) => r.sealedChange)!;
  expect(voided.void).toBe(true);
  expect(voided.anomalies).toEqual(['入室許可なし']);
  expect(voided.dispositions).toEqual([`${decided}（封印後修正の前の記録に対する対応）`]);
  d.close();
});
