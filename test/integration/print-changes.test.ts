import { expect, it } from 'vitest';
import { october } from './review-fixture';
import { jst } from './server-room-fixture';

// A walk-through (an auditor's reading): the paper said only 訂正あり of a corrected row, and a month
// corrected after its seal printed the new value alone. Each correction now says when, by whom, what
// it was before and why; a void says when and by whom.

it('a corrected and a voided record say on paper when, by whom, what was before and why — the server-room book and a kit ledger', async () => {
  const { d, clerk, sm, hq, yamada, bad, ok, c } = await october();
  c.set(jst('2026-10-25', '10:00'));
  await clerk.ok('serverRoom.amend', { id: bad.id, changes: { purpose: 'backup_media' }, reason: '目的の選択誤り' });
  await clerk.ok('serverRoom.void', { id: ok.id, reason: '二重登録' });
  const slip = await clerk.ok('visitors.add', { siteId: hq.id, name: '高橋 誠', company: 'ネクスト', purpose: '打合せ', hostId: yamada.id, area: 'reception', arrivedAt: jst('2026-10-25', '09:30') });
  await clerk.ok('visitors.amend', { id: slip.id, changes: { company: 'ネクストシステムズ' }, reason: '名刺で確認' });
  c.set(jst('2026-11-05', '10:00'));
  const book = await sm.ok('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10', format: 'print' });
  const changes = book.rows.flatMap((r) => r.changes ?? []);
  expect(changes).toEqual(expect.arrayContaining([expect.stringMatching(/^訂正 R8\.10\.25 .+：目的 保守点検 → バックアップ媒体交換（理由：目的の選択誤り）$/), expect.stringMatching(/^無効 R8\.10\.25 .+$/)]));
  expect(book.rows.filter((r) => !r.amended && !r.void).every((r) => !r.changes?.length)).toBe(true);
  const visitors = await sm.ok('print.sheet', { ledger: 'visitors', siteId: hq.id, month: '2026-10', format: 'print' });
  expect(visitors.rows.flatMap((r) => r.changes ?? [])).toEqual([expect.stringMatching(/：会社名 ネクスト → ネクストシステムズ（理由：名刺で確認）$/)]);
  d.close();
});

it('a correction of a stay’s companions says on paper who was taken off and put on, by name — not the stored text (a probe)', async () => {
  const { d, clerk, sm, hq, yamada, sasaki, kimura, c } = await october();
  c.set(jst('2026-10-25', '10:00'));
  const stay = await clerk.ok('serverRoom.record', {
    siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-24', '21:00'), exitedAt: jst('2026-10-24', '21:40'), purpose: 'maintenance',
    companions: { employees: [{ personId: sasaki.id }], visitors: [{ name: '高橋 誠', company: 'ネクスト', escortPersonId: yamada.id }] },
  });
  await clerk.ok('serverRoom.amend', { id: stay.id, changes: { companions: { employees: [{ personId: kimura.id }], visitors: [] } }, reason: '同行者の記入誤り' });
  c.set(jst('2026-11-05', '10:00'));
  for (const [lang, line] of [
    ['ja', /：同行者 佐々木 次郎、高橋 誠（ネクスト） 同行：山田 太郎 → 木村 三郎（理由：同行者の記入誤り）$/],
    ['en', /: Companions 佐々木 次郎, 高橋 誠 \(ネクスト\) with 山田 太郎 → 木村 三郎 \(reason: 同行者の記入誤り\)$/],
  ] as const) {
    const book = await sm.ok('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-10', format: 'print', lang });
    const changes = book.rows.flatMap((r) => r.changes ?? []);
    expect(changes.filter((l) => l.includes('佐々木'))).toEqual([expect.stringMatching(line)]);
    expect(changes.join('\n')).not.toMatch(/personId|\{"/);
  }
  d.close();
});
