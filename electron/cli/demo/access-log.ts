import { jstDate, previousMonth } from '../../../shared/calendar';
import type { DemoContext, DemoStep } from './context';
import { jstAt } from './time';

// SPEC §4.6 in the demo story: the systems register, then every month the system administrator
// checks each system's access logs of the month before — in the first days of the month (one month
// late, after the due day), with each anomaly now and then, and one system not yet checked for last
// month.

const SYSTEMS = [
  { site: 'HQ', code: 'SV-01', name: 'ファイルサーバ', kind: 'server', logLocation: 'ログサーバ（/archive/fs01）', retentionMonths: 12 },
  { site: 'HQ', code: 'SV-02', name: '基幹業務システム', kind: 'server', logLocation: 'ログサーバ（/archive/erp）', retentionMonths: 36 },
  { site: 'HQ', code: 'CL-01', name: 'Microsoft 365', kind: 'cloud', logLocation: '監査ログ（管理センターから月次でエクスポート）', retentionMonths: 12 },
  { site: 'HQ', code: 'NW-01', name: 'UTM（本社）', kind: 'network', logLocation: 'ログサーバ（/archive/utm）', retentionMonths: 12 },
  { site: 'OSK', code: 'NW-02', name: '拠点ルータ（大阪）', kind: 'network', logLocation: '本社ログサーバ（/archive/osk-rt）', retentionMonths: 12 },
] as const;

const FINDINGS = ['深夜帯の管理者ログイン 2件', '退職者アカウントでのログイン試行 5件', '海外IPからのVPN接続試行 12件'];

const made = new WeakMap<DemoContext, { systems: { id: string; code: string }[]; checked: Set<string>; checks: number }>();

/** SPEC §4.6: the systems whose access logs are checked. */
export const systemsRegister: DemoStep = {
  name: 'systems register (servers, cloud service, network devices)',
  async run(ctx) {
    const admin = await ctx.as('sysadmin');
    const siteId = (code: string) => ctx.sites.find((s) => s.code === code)!.id;
    const systems = [];
    for (const s of SYSTEMS) {
      ctx.clock.advance(2 * 60_000);
      const r = await admin.ok('systems.add', { code: s.code, name: s.name, kind: s.kind, siteId: siteId(s.site), logLocation: s.logLocation, retentionMonths: s.retentionMonths, notes: null });
      systems.push({ id: r.id, code: r.code });
    }
    made.set(ctx, { systems, checked: new Set(), checks: 0 });
  },
};

/**
 * One day of the story (called from the day loop, before the day's other work): on the first
 * business day from the 3rd of a month, the month before is checked — the second month of the
 * story only from the 14th (after the due day) — each system at a time; the last system of last
 * month is left for now.
 */
export async function accessLogDay(ctx: DemoContext, day: number, lastDay: number): Promise<void> {
  const state = made.get(ctx);
  if (!state) return;
  const date = jstDate(jstAt(ctx.start, day, '12:00'));
  const month = previousMonth(date.slice(0, 7));
  if (state.checked.has(month) || month < jstDate(ctx.start).slice(0, 7)) return;
  const dom = Number(date.slice(8, 10));
  const late = state.checked.size === 1;
  if (dom < (late ? 14 : 3)) return;
  state.checked.add(month);
  const admin = await ctx.as('sysadmin');
  const lastMonth = previousMonth(jstDate(jstAt(ctx.start, lastDay, '12:00')).slice(0, 7));
  for (const [i, s] of state.systems.entries()) {
    if (month === lastMonth && i === state.systems.length - 1) continue; // not checked yet: on the dashboard
    const at = jstAt(ctx.start, day, `08:${String(5 + i * 4).padStart(2, '0')}`);
    ctx.clock.set(new Date(at.getTime() + 60_000));
    const n = state.checks++;
    const finding = n % 7 === 3 ? FINDINGS[n % FINDINGS.length] : null;
    await admin.ok('accessLog.add', {
      systemId: s.id, month, checkedAt: at.toISOString(), logsComplete: n % 11 !== 5, storedSafely: n % 13 !== 9, anomalyFound: finding,
      // Now and then the action is left to be written later (an anomaly for the review).
      actionTaken: finding && n % 2 === 0 ? '該当者に確認し、正当な作業であることを確認' : null,
    });
  }
}
