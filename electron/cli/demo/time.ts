// Japan Standard Time helpers for the demo story (JST has no daylight saving: UTC+9 all year).
const JST_MS = 9 * 3600_000;

/** The JST calendar day of an instant, as [year, month 1–12, day]. */
function jstParts(at: Date): [number, number, number] {
  const d = new Date(at.getTime() + JST_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** The instant of hh:mm JST on the day `days` after the JST day of `base`. */
export function jstAt(base: Date, days: number, hhmm: string): Date {
  const [y, m, d] = jstParts(base);
  const [hh, mm] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days, hh, mm) - JST_MS);
}

/** 0 = Sunday … 6 = Saturday, on the JST calendar. */
export function jstWeekday(at: Date): number {
  return new Date(at.getTime() + JST_MS).getUTCDay();
}

/** 09:00 JST on the first weekday of the month `monthsBack` months before `now`. */
export function demoStart(now: Date, monthsBack: number): Date {
  const [y, m] = jstParts(now);
  let start = new Date(Date.UTC(y, m - 1 - monthsBack, 1, 9, 0) - JST_MS);
  while (jstWeekday(start) === 0 || jstWeekday(start) === 6) start = jstAt(start, 1, '09:00');
  return start;
}
