import { DEFAULT_CHECK_ITEMS } from '../../../shared/ledgers/lastExit';
import type { DemoContext } from './context';
import { jstAt } from './time';

// SPEC §4.4 in the demo story: every business day each site's last person out records the checklist
// in the evening — now and then an item NG with what was done, now and then a day forgotten (the
// dashboard shows this month's).

const NG = [
  { item: '窓の施錠', remark: '3階会議室の窓の鍵が壊れている。総務に修理依頼済' },
  { item: '空調の停止', remark: 'サーバルーム前の空調が停止できず。ビル管理会社に連絡済' },
  { item: '機械警備のセット', remark: '警備会社のパネルがエラー表示。警備会社に電話し遠隔でセット' },
];

export async function lastExitDay(ctx: DemoContext, day: number, n: { count: number }): Promise<void> {
  const clerk = await ctx.as('clerk');
  for (const site of ctx.sites) {
    n.count++;
    if (n.count % 47 === 13) continue; // forgotten: a business day without a checklist
    const people = ctx.people.filter((p) => p.active && p.siteId === site.id);
    const last = people[(day + n.count) % people.length];
    const exitedAt = jstAt(ctx.start, day, `${19 + (n.count % 2)}:${String((n.count * 7) % 60).padStart(2, '0')}`);
    const ng = n.count % 19 === 5 ? NG[n.count % NG.length] : null;
    ctx.clock.set(new Date(Math.max(exitedAt.getTime() + 5 * 60_000, ctx.clock.now().getTime() + 60_000)));
    const businessDay = new Date(exitedAt.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
    await clerk.ok('lastExit.add', {
      siteId: site.id, businessDay, exitedAt: exitedAt.toISOString(), lastPersonId: last.id,
      items: DEFAULT_CHECK_ITEMS.map((item) => (ng && ng.item === item ? { item, ok: false, remark: ng.remark } : { item, ok: true, remark: null })),
      notes: null,
    });
  }
}
