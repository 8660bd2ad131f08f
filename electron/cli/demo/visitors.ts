import type { DemoContext } from './context';
import { jstAt } from './time';

// SPEC §4.5 in the demo story: guest cards at each site, and most business days a visitor or two —
// to the reception room, or beyond it with a card and an escort; now and then a card not returned
// at sign-out (it comes back the next morning) or a visitor still inside after hours.

const VISITORS = [
  { name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: 'サーバ保守' },
  { name: '伊藤 裕子', company: '東日本データサービス株式会社', purpose: 'バックアップ運用の打合せ' },
  { name: '渡辺 大輔', company: '株式会社サーバテック', purpose: '機器の搬入' },
  { name: '中村 翔', company: 'ミドリ電設株式会社', purpose: '電源工事の下見' },
  { name: '小川 美咲', company: '株式会社ヤマト物産', purpose: '商談' },
];

const made = new WeakMap<DemoContext, { cards: Map<string, { id: string; out: boolean }[]>; n: number }>();

/** Three guest cards per site. */
export async function guestCards(ctx: DemoContext): Promise<void> {
  const clerk = await ctx.as('clerk');
  const cards = new Map<string, { id: string; out: boolean }[]>();
  for (const site of ctx.sites) {
    const list = [];
    for (let k = 1; k <= 3; k++) {
      ctx.clock.advance(60_000);
      const c = await clerk.ok('guestCards.add', { number: `G-${site.code}-${String(k).padStart(2, '0')}`, siteId: site.id });
      list.push({ id: c.id, out: false });
    }
    cards.set(site.id, list);
  }
  made.set(ctx, { cards, n: 0 });
}

/** One business day's visitors (called from the day loop, late morning). */
export async function visitorsDay(ctx: DemoContext, day: number): Promise<void> {
  const state = made.get(ctx);
  if (!state) return;
  const clerk = await ctx.as('clerk');
  for (const site of ctx.sites) {
    if (state.n % 3 === 2) {
      state.n++;
      continue;
    }
    const n = state.n++;
    const who = VISITORS[n % VISITORS.length];
    const people = ctx.people.filter((p) => p.active && p.siteId === site.id);
    const host = people[n % people.length];
    const escort = people[(n + 1) % people.length];
    const office = n % 2 === 0;
    const card = office ? state.cards.get(site.id)!.find((c) => !c.out) : undefined;
    const arrivedAt = jstAt(ctx.start, day, `1${n % 2}:${String((n * 11) % 50 + 5).padStart(2, '0')}`);
    if (arrivedAt <= ctx.clock.now()) continue;
    ctx.clock.set(new Date(arrivedAt.getTime() + 60_000));
    const v = await clerk.ok('visitors.add', {
      siteId: site.id, name: who.name, company: who.company, purpose: who.purpose, hostId: host.id, area: office && card ? 'office' : 'reception',
      guestCardId: office && card ? card.id : null, escortId: office && card ? escort.id : null, designatedBy: null, arrivedAt: arrivedAt.toISOString(),
    });
    // Most leave within the hour, the card back; now and then one stays past 20:00, or leaves with the card.
    const late = n % 29 === 7;
    const keepsCard = office && card && n % 23 === 4;
    const leftAt = late ? jstAt(ctx.start, day, '20:40') : new Date(arrivedAt.getTime() + (30 + (n % 40)) * 60_000);
    ctx.clock.set(new Date(leftAt.getTime() + 60_000));
    await clerk.ok('visitors.signOut', { id: v.id, leftAt: leftAt.toISOString(), cardReturned: !keepsCard });
    if (keepsCard) {
      ctx.clock.advance(13 * 3_600_000); // brought back the next morning
      await clerk.ok('visitors.returnCard', { id: v.id });
    }
  }
}

/** Right now: a visitor in the head office's offices, with a card and an escort (sign them out from the dashboard). */
export async function visitorInsideNow(ctx: DemoContext): Promise<void> {
  const state = made.get(ctx);
  if (!state) return;
  const clerk = await ctx.as('clerk');
  const hq = ctx.sites.find((s) => s.code === 'HQ')!;
  const people = ctx.people.filter((p) => p.active && p.siteId === hq.id);
  const at = new Date(Math.max(ctx.clock.now().getTime() + 60_000, ctx.end.getTime() - 15 * 60_000));
  ctx.clock.set(at);
  await clerk.ok('visitors.add', {
    siteId: hq.id, name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: 'サーバ保守', hostId: people[1].id, area: 'office',
    guestCardId: state.cards.get(hq.id)![0].id, escortId: people[1].id, designatedBy: null, arrivedAt: at.toISOString(),
  });
}
