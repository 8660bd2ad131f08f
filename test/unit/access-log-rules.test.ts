import { describe, expect, it } from 'vitest';
import { jstInstant } from '../../shared/calendar';
import { anomalyInLogs, checkAnomalies, checkedLate, dueDate, logsIncomplete, notStoredSafely, nextMonth, pastDue, previousMonth } from '../../electron/core/ledgers/access-log/rules';

// SPEC §4.6 anomaly rules at their edges (Japan time).

const at = (date: string, hhmm: string, s = 0) => jstInstant(date, hhmm, s).toISOString();
const check = (o: Partial<Parameters<typeof checkAnomalies>[0]> = {}) => ({
  month: '2026-10', checkedAt: at('2026-11-05', '10:00'), logsComplete: true, storedSafely: true, anomalyFound: null, actionTaken: null, ...o,
});

describe('access-log check anomalies (SPEC §4.6)', () => {
  it('months: next, previous, across a year', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(dueDate('2026-12', 10)).toBe('2027-01-10');
  });

  it('a check written in after the due day with a date within it is late too (the record had no check by then)', () => {
    expect(checkedLate(check({ checkedAt: at('2026-11-09', '17:00'), recordedAt: at('2026-11-20', '10:00') }), 10)).toEqual({ code: 'checked_late', params: { due: '2026-11-10', recordedLate: 1 } });
    expect(checkedLate(check({ checkedAt: at('2026-11-09', '17:00'), recordedAt: at('2026-11-10', '23:59') }), 10)).toBeNull();
    expect(checkedLate(check({ checkedAt: at('2026-11-09', '17:00') }), 10)).toBeNull();
  });

  it('checked by the end of the due day is in time; a second later is late', () => {
    expect(checkedLate(check({ checkedAt: at('2026-11-10', '23:59', 59) }), 10)).toBeNull();
    expect(checkedLate(check({ checkedAt: at('2026-11-11', '00:00') }), 10)).toEqual({ code: 'checked_late', params: { due: '2026-11-10' } });
    expect(pastDue('2026-10', 10, at('2026-11-10', '12:00'))).toBe(false);
    expect(pastDue('2026-10', 10, at('2026-11-11', '00:00'))).toBe(true);
    // A site's own due day.
    expect(checkedLate(check({ checkedAt: at('2026-11-06', '09:00') }), 5)).not.toBeNull();
  });

  it('any "no"; an anomaly found, with or without an action (blank text is no action)', () => {
    expect(logsIncomplete(check({ logsComplete: false }))).toEqual({ code: 'logs_incomplete' });
    expect(notStoredSafely(check({ storedSafely: false }))).toEqual({ code: 'not_stored_safely' });
    expect(anomalyInLogs(check({ anomalyFound: '深夜の管理者ログイン 3件' }))).toEqual({ code: 'anomaly_without_action', params: { detail: '深夜の管理者ログイン 3件' } });
    expect(anomalyInLogs(check({ anomalyFound: ' 深夜の管理者ログイン 3件 ', actionTaken: '  ' }))).toEqual({ code: 'anomaly_without_action', params: { detail: '深夜の管理者ログイン 3件' } });
    // With an action it is still the review's, to judge the action (not cleared by any words typed there).
    expect(anomalyInLogs(check({ anomalyFound: '深夜の管理者ログイン 3件', actionTaken: ' 本人に確認、正当な保守作業 ' }))).toEqual({
      code: 'anomaly_found', params: { detail: '深夜の管理者ログイン 3件' }, facts: [{ term: 'actionTaken', values: [{ text: '本人に確認、正当な保守作業' }] }],
    });
    expect(anomalyInLogs(check({ anomalyFound: '  ', actionTaken: '本人に確認' }))).toBeNull();
    // From the rule's instant on (migration 42): a check last written before it is judged as that version did.
    const rule = Date.parse(at('2026-12-03', '09:00'));
    const written = (day: string) => check({ anomalyFound: '深夜の管理者ログイン 3件', actionTaken: '本人に確認', writtenAt: at(day, '08:59') });
    expect(anomalyInLogs(written('2026-12-03'), rule)).toBeNull();
    expect(anomalyInLogs(written('2026-12-04'), rule)).toMatchObject({ code: 'anomaly_found' });
    // Without an action it is asked about whenever it was written, as always.
    expect(anomalyInLogs({ ...written('2026-12-03'), actionTaken: null }, rule)).toMatchObject({ code: 'anomaly_without_action' });
    expect(checkAnomalies(check(), 10)).toEqual([]);
  });
});
