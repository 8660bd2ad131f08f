import { expect, it } from 'vitest';
import { DEFAULT_CHECK_ITEMS } from '../../shared/ledgers/lastExit';
import { SETUP } from '../helpers/temp-daicho';
import { disposeAll, october, shown } from './review-fixture';
import { jst } from './server-room-fixture';

// A month's own item carried as 要対応 into the next month, its day since recorded (the missing
// checklist found on paper and typed in): the carried item still says what it was, and of which day
// (a walk-through: 「令和8年10月からの持ち越し（要対応）（前月の原因…」 said nothing of what was carried).

it('a missing checklist carried as 要対応 and recorded since says its day in the next month’s review', async () => {
  const { d, sm, clerk, hq, yamada } = await october();
  const unit = { ledger: 'lastExit', siteId: hq.id, month: '2026-10' };
  const missing = (await sm.ok('review.get', unit)).items.find((i) => i.code === 'missing_day' && i.subject === '2026-10-22')!;
  await sm.ok('review.dispose', { ...unit, subject: missing.subject, code: missing.code, disposition: 'follow_up', explanation: null, cause: '点検表の記入漏れ', action: '紙の控えを探して転記する' });
  await disposeAll(sm, unit);
  await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
  // The paper copy found and typed in: the day's item is gone from October.
  const items = DEFAULT_CHECK_ITEMS.map((item) => ({ item, ok: true, remark: null }));
  await clerk.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-10-22', exitedAt: jst('2026-10-22', '19:00'), lastPersonId: yamada.id, items, notes: null });
  const carried = (await sm.ok('review.get', { ...unit, month: '2026-11' })).items.filter((i) => i.kind === 'carried');
  expect(carried).toHaveLength(1);
  expect(carried[0]).toMatchObject({ messageKey: 'review.items.carried', params: { anomaly: 'review.items.missing_day', day: '2026-10-22', month: '2026-10', cause: '点検表の記入漏れ' } });
  // On paper, in words.
  const paper = await sm.ok('print.sheet', { ...unit, month: '2026-11', format: 'print' });
  expect(paper.monthItems?.some((l) => l.includes('令和8年10月からの持ち越し（要対応）：令和8年10月22日（木）の最終退出点検表がありません'))).toBe(true);
  d.close();
});
