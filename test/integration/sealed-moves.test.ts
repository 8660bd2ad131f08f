import { describe, expect, it } from 'vitest';
import { parseCsv, sheetCsv } from '../../shared/print/csv';
import { sheetHtml } from '../../shared/print/html';
import { timeCell } from '../../electron/core/print/sheets';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { DEFAULT_CHECK_ITEMS } from '../../shared/ledgers/lastExit';
import { disposeAll, october } from './review-fixture';

// SPEC §5 (an insider probe): a correction after the seal that moves a record out of its month — its
// time into another month, or to another site — left the sealed month's review and paper one row
// short, with the same seal and digest and no mark. Now both say where the record went: when, by whom,
// why, and whose record it is now.

describe('a record moved out of a sealed month', () => {
  it('is named on the sealed month’s review and paper, with when, who, why and where it is now', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { c, d, sm, clerk, hq, osaka, yamada, sasaki } = f;
    const a = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '08:00'), exitedAt: jst('2026-10-20', '08:30'), purpose: 'maintenance' });
    const b = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-10-20', '08:10'), exitedAt: jst('2026-10-20', '08:40'), purpose: 'maintenance' });
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '08:45'), exitedAt: jst('2026-10-20', '08:50'), purpose: 'maintenance' });
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await clerk.ok('auth.unlock', { password: 'Sakura-fubuki-3917' });
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });
    expect((await sm.ok('review.get', unit)).movedOut).toEqual([]);

    // One stay's date corrected back into September (not after it was written down, on 20 October), another moved to Osaka.
    await clerk.ok('serverRoom.amend', { id: a.id, changes: { enteredAt: jst('2026-09-30', '08:00'), exitedAt: jst('2026-09-30', '08:30') }, reason: '日付の誤記訂正' });
    await clerk.ok('serverRoom.amend', { id: b.id, changes: { siteId: osaka.id }, reason: '拠点の選択誤り' });

    const detail = await sm.ok('review.get', unit);
    expect(detail.counts.total).toBe(1);
    expect(detail.movedOut).toEqual([
      { recordId: a.id, changedAt: jst('2026-11-05', '10:00'), changedByName: '田中 一郎', reason: '日付の誤記訂正', now: { siteId: hq.id, siteName: hq.name, month: '2026-09' } },
      { recordId: b.id, changedAt: jst('2026-11-05', '10:00'), changedByName: '田中 一郎', reason: '拠点の選択誤り', now: { siteId: osaka.id, siteName: osaka.name, month: '2026-10' } },
    ]);
    // November's review names a record moved out of the month in its 封印後修正 item as October's review named
    // it (it said 「2026-10」 alone); one moved to another site by its month alone (that site's to read, insider probe 12).
    const changes = (await sm.ok('review.get', { ...unit, month: '2026-11' })).items.filter((i) => i.kind === 'sealed_change');
    expect(changes.map((i) => [i.recordId, i.label]).sort()).toEqual([[a.id, `2026-10: ${yamada.name} / 保守点検`], [b.id, '2026-10']].sort());
    // With its time before and after, so a move out reads apart from a move in (a probe: two items in the same words).
    expect(changes.find((i) => i.recordId === a.id)!.facts).toEqual(
      expect.arrayContaining([{ term: 'timeBefore', values: [{ at: jst('2026-10-20', '08:00') }] }, { term: 'timeAfter', values: [{ at: jst('2026-09-30', '08:00') }] }]),
    );
    expect(changes.find((i) => i.recordId === b.id)!.facts?.map((x) => x.term)).not.toContain('timeBefore');
    const sheet = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.movedOut).toEqual([
      `令和8年11月5日 10:00 田中 一郎 が訂正（理由：日付の誤記訂正）、現在は ${hq.name} 令和8年9月 の記録`,
      `令和8年11月5日 10:00 田中 一郎 が訂正（理由：拠点の選択誤り）、現在は ${osaka.name} 令和8年10月 の記録`,
    ]);
    expect(sheetHtml(sheet)).toContain('封印後の訂正で、この月から移された記録：令和8年11月5日 10:00 田中 一郎 が訂正（理由：日付の誤記訂正）');
    // The CSV says so too: after the record's line, an empty one, the heading and each record moved out.
    const csv = parseCsv(sheetCsv(await sm.ok('print.sheet', { ...unit, format: 'csv' })));
    expect(csv.slice(2, 6)).toEqual([[''], ['封印後の訂正で、この月から移された記録'], [expect.stringContaining('（理由：日付の誤記訂正）')], [expect.stringContaining('（理由：拠点の選択誤り）')]]);
    // …then the month's seal, as the paper's foot says it.
    expect(csv.slice(6)).toEqual([[''], ['署名'], [expect.stringContaining('承認')], [expect.stringMatching(/^封印の照合番号 [0-9a-f]{16}$/)]]);
    // Moved back into the month, it is one of its records again (marked as changed after the seal), not moved out.
    await clerk.ok('serverRoom.amend', { id: b.id, changes: { siteId: hq.id }, reason: '拠点を元に戻す' });
    const back = await sm.ok('review.get', unit);
    expect(back.movedOut.map((m) => m.recordId)).toEqual([a.id]);
    expect(back.records.find((r) => r.id === b.id)).toMatchObject({ sealedChange: true });
    // The paper says each stay's anomalies in words, as every kit ledger's does (an insider probe found this book's had none).
    const odd = await clerk.ok('serverRoom.record', { siteId: osaka.id, personId: f.kimura.id, enteredAt: jst('2026-11-03', '06:00'), exitedAt: jst('2026-11-03', '06:30'), purpose: 'maintenance' });
    const november = await sm.ok('print.sheet', { ledger: 'serverRoom', siteId: osaka.id, month: '2026-11', format: 'print' });
    expect(november.rows.find((r) => JSON.stringify(r.cells[0]) === JSON.stringify(timeCell(odd.enteredAt)))!.anomalies).toEqual(expect.arrayContaining(['営業時間外の入室', '入室許可なし']));
    expect(d.verify()).toMatchObject({ ok: true });
    d.close();
  });
});

describe('a 要対応 of the month before', () => {
  it('is an item of the next month, named in words and linked to its record — never by an internal id (a walk-through)', async () => {
    const f = await october();
    const { sm, bad, unit } = f;
    await sm.ok('review.dispose', { ...unit, subject: bad.id, code: 'not_authorized', disposition: 'follow_up', explanation: null, cause: '入室許可の更新漏れ', action: '許可を更新する' });
    const carried = (await sm.ok('review.get', { ...unit, month: '2026-11' })).items.filter((i) => i.kind === 'carried');
    // Its month, its anomaly and its record, as October's review named them (a walk-through: only the cause and action were said).
    const inOctober = (await sm.ok('review.get', unit)).records.find((r) => r.id === bad.id)!;
    expect(inOctober.label).not.toBe('');
    expect(carried).toEqual([
      expect.objectContaining({
        code: 'carried', recordId: bad.id, label: inOctober.label, at: inOctober.at, messageKey: 'review.items.carried',
        params: { month: '2026-10', anomaly: 'serverRoom.anomaly.not_authorized', cause: '入室許可の更新漏れ', remedy: '許可を更新する' },
      }),
    ]);
    f.d.close();
  });
  it('says what it was whatever its kind — an anomaly a correction took away, one carried again — with its record (a walk-through)', async () => {
    const f = await october();
    const { sm, clerk, bad, unit, yamada } = f;
    // A correction takes the stay's anomaly away in October: an item of its own there, judged 要対応.
    await clerk.ok('serverRoom.amend', { id: bad.id, changes: { personId: yamada.id }, reason: '入室者の選択誤り' });
    const inOctober = await sm.ok('review.get', unit);
    const cleared = inOctober.items.find((i) => i.kind === 'cleared')!;
    expect(cleared).toMatchObject({ recordId: bad.id, params: expect.objectContaining({ anomaly: 'serverRoom.anomaly.not_authorized' }) });
    await sm.ok('review.dispose', { ...unit, subject: cleared.subject, code: cleared.code, disposition: 'follow_up', explanation: null, cause: '選択誤り', action: '入力時に確認する' });
    const november = { ...unit, month: '2026-11' };
    const carried = (await sm.ok('review.get', november)).items.filter((i) => i.kind === 'carried');
    expect(carried).toEqual([
      expect.objectContaining({
        code: 'carried', recordId: bad.id, label: cleared.label, at: cleared.at, messageKey: 'review.items.carried_cleared',
        params: expect.objectContaining({ month: '2026-10', anomaly: 'serverRoom.anomaly.not_authorized', action: 'serverRoom.amend', cause: '選択誤り', remedy: '入力時に確認する', by: '田中 一郎' }),
      }),
    ]);
    // Who took it away is said, as October's item said it: on the paper of the month it is carried into, in either language.
    const carriedLine = async (lang: 'ja' | 'en') => (await sm.ok('print.sheet', { ...november, format: 'print', lang })).monthItems?.find((l) => l.includes(lang === 'ja' ? '持ち越し' : 'Carried over'));
    expect(await carriedLine('ja')).toContain('：田中 一郎による訂正で消えた異常「入室許可なし」');
    expect(await carriedLine('en')).toMatch(/which went away: [^(]* by 田中 一郎 \(cause then/);
    expect(cleared.label).not.toBe('');
    // Still 要対応 in November: carried into December saying the same anomaly and record, from November.
    f.c.set(jst('2027-01-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await sm.ok('review.dispose', { ...november, subject: carried[0].subject, code: carried[0].code, disposition: 'follow_up', explanation: null, cause: '未対応', action: '12月中に対応する' });
    const again = (await sm.ok('review.get', { ...unit, month: '2026-12' })).items.filter((i) => i.kind === 'carried');
    expect(again).toEqual([
      expect.objectContaining({
        recordId: bad.id, label: cleared.label, at: cleared.at, messageKey: 'review.items.carried_cleared',
        params: expect.objectContaining({ month: '2026-11', anomaly: 'serverRoom.anomaly.not_authorized', cause: '未対応', remedy: '12月中に対応する' }),
      }),
    ]);
    f.d.close();
  });
});

describe('a kit ledger’s record corrected after its month was sealed', () => {
  it('is named in the next month’s 封印後修正 item as its month’s review names it, read by its id', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '19:30'));
    const { d, c, sm, clerk, hq, yamada } = f;
    const items = DEFAULT_CHECK_ITEMS.map((item) => ({ item, ok: true, remark: null }));
    const check = await clerk.ok('lastExit.add', { siteId: hq.id, businessDay: '2026-10-20', exitedAt: jst('2026-10-20', '19:00'), lastPersonId: yamada.id, items, notes: null });
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const unit = { ledger: 'lastExit', siteId: hq.id, month: '2026-10' };
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });
    await clerk.ok('lastExit.amend', { id: check.id, changes: { notes: '警備会社に連絡済' }, reason: '追記' });
    const item = (await sm.ok('review.get', { ...unit, month: '2026-11' })).items.find((i) => i.kind === 'sealed_change')!;
    expect(item).toMatchObject({ recordId: check.id, label: `2026-10: ${yamada.name}` });
    d.close();
  });
});
