import { jstMonth, previousMonth, nextMonth } from '../../../shared/calendar';
import type { ReviewItem } from '../../../shared/api/review-contract';
import { DEMO_ACCOUNTS, demoAccountFor } from './company';
import type { DemoCaller, DemoContext, DemoStep } from './context';

// SPEC §5 in the demo story: each site head confirms (確認) their site's months and the safety
// manager approves (承認) the head office's and the server-room books of every site; every anomaly
// gets a disposition first. Last month waits for its review; one unit of the month before is left
// unsigned (overdue); a server-room stay of a sealed month is amended afterwards (封印後修正).

const NO_ISSUE = ['作業報告書と照合し、問題ないことを確認した', '当日の業務上の理由を本人に確認した', '上長の承認済みであることを確認した'];
const CORRECTED = { cause: '記録時の入力漏れ', action: '担当者に記録手順を再周知した' };
const FOLLOW_UP = { cause: '原因を調査中', action: '翌月の点検で対応状況を確認する' };

async function dispose(who: DemoCaller, unit: { ledger: string; siteId: string; month: string }, items: ReviewItem[], n: { count: number }) {
  for (const it of items) {
    // About the reviewer's own record: another reviewer disposes of it (the safety manager, below).
    if (it.disposition || it.aboutReviewer) continue;
    n.count++;
    const kind = n.count % 13 === 0 ? 'follow_up' : n.count % 4 === 0 ? 'corrected' : 'no_issue';
    await who.ok('review.dispose', {
      ...unit, subject: it.subject, code: it.code, disposition: kind,
      explanation: kind === 'no_issue' ? NO_ISSUE[n.count % NO_ISSUE.length] : null,
      cause: kind === 'corrected' ? CORRECTED.cause : kind === 'follow_up' ? FOLLOW_UP.cause : null,
      action: kind === 'corrected' ? CORRECTED.action : kind === 'follow_up' ? FOLLOW_UP.action : null,
    });
  }
}

export const monthlyReviews: DemoStep = {
  name: 'monthly reviews: past months signed by the site heads and the safety manager, an amendment after a seal, one review overdue',
  async run(ctx: DemoContext) {
    const admin = await ctx.as('sysadmin');
    const sm = await ctx.as('safety_manager');
    const smAccount = demoAccountFor('safety_manager');
    // Each site head heads the site of their own office.
    const heads = new Map<string, { caller: DemoCaller; password: string }>();
    const accounts = await admin.ok('accounts.list', {});
    for (const a of DEMO_ACCOUNTS.filter((x) => x.role === 'site_head')) {
      const site = ctx.sites.find((s) => s.code === a.siteCode)!;
      const account = accounts.find((x) => x.loginId === a.loginId)!;
      if (!account.siteIds.includes(site.id)) await sm.ok('accounts.setSites', { id: account.id, siteIds: [site.id], reason: `${site.name}の拠点長` });
      heads.set(site.id, { caller: await ctx.asAccount(a), password: a.password });
    }
    const current = jstMonth(ctx.clock.now());
    const last = previousMonth(current);
    const overdue = previousMonth(last);
    // The last branch with a head (名古屋) is the one that has not reviewed its checklists yet.
    const overdueSite = [...heads.keys()].at(-1);
    const n = { count: 0 };
    let seals = 0;
    let firstSealedStay: { id: string } | null = null;
    for (let month = jstMonth(ctx.start); month < last; month = nextMonth(month)) {
      for (const unit of await sm.ok('review.list', { month })) {
        const key = { ledger: unit.ledger, siteId: unit.siteId, month };
        const head = heads.get(unit.siteId);
        // Left for later: one site's last-exit checklists of the month before last (overdue now).
        if (month === overdue && unit.ledger === 'lastExit' && unit.siteId === overdueSite) continue;
        const first = head ?? { caller: sm, password: smAccount.password };
        const detail = await first.caller.ok('review.get', key);
        await dispose(first.caller, key, detail.items, n);
        if (first.caller !== sm && detail.items.some((i) => i.aboutReviewer)) await dispose(sm, key, (await sm.ok('review.get', key)).items, n);
        const shown = await first.caller.ok('review.get', key);
        await first.caller.ok('review.sign', { ...key, password: first.password, meaning: head ? 'confirm' : 'approve', shownHead: shown.shownHead });
        seals++;
        // The server-room books of the branches are approved by the safety manager as well.
        if (head && unit.ledger === 'serverRoom') {
          await sm.ok('review.sign', { ...key, password: smAccount.password, meaning: 'approve', shownHead: (await sm.ok('review.get', key)).shownHead });
          seals++;
        }
        if (!firstSealedStay && unit.ledger === 'serverRoom' && detail.records.some((r) => r.status === 'valid')) firstSealedStay = detail.records.find((r) => r.status === 'valid')!;
      }
    }
    // After the seal: a stay's notes completed from the vendor's report, with a reason (封印後修正).
    if (firstSealedStay) {
      const clerk = await ctx.as('clerk');
      await clerk.ok('serverRoom.amend', { id: firstSealedStay.id, changes: { notes: '業者の作業報告書を受領し、作業内容を追記' }, reason: '作業報告書の受領（封印後の追記）' });
    }
    ctx.log(`${seals} seals over the months before ${last}; ${n.count} anomalies given a disposition; one review of ${overdue} left overdue`);
  },
};
