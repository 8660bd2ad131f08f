import { describe, expect, it } from 'vitest';
import { kitUnitOf } from '../../renderer/src/review/unit-of';
import { accessLogDefinition } from '../../shared/ledgers/accessLog';
import { cabinetLogDefinition, cabinetsDefinition } from '../../shared/ledgers/cabinets';
import { lastExitDefinition } from '../../shared/ledgers/lastExit';

// The review unit a record is in, for the sealed-month notice of its correction and void dialogs: its
// month is the review's (the access-log check's own month field, not when it was checked), in Japan time.
describe('kitUnitOf', () => {
  it('reads the access-log check’s month, a log’s Japan month, and no month for a register', () => {
    expect(kitUnitOf(accessLogDefinition, { siteId: 'hq', month: '2026-10', checkedAt: '2026-11-05T01:00:00.000Z' })).toEqual({ ledger: 'accessLog', siteId: 'hq', month: '2026-10' });
    // 31 October 23:30 UTC is 1 November in Japan.
    expect(kitUnitOf(cabinetLogDefinition, { siteId: 'hq', openedAt: '2026-10-31T15:30:00.000Z' })).toEqual({ ledger: 'cabinetLog', siteId: 'hq', month: '2026-11' });
    expect(kitUnitOf(cabinetsDefinition, { siteId: 'hq', code: 'C-01' })).toMatchObject({ month: null });
    // A last-exit checklist is its business day's, however late after midnight it was exited (a second probe).
    expect(kitUnitOf(lastExitDefinition, { siteId: 'hq', businessDay: '2026-10-31', exitedAt: '2026-10-31T15:30:00.000Z' })).toEqual({ ledger: 'lastExit', siteId: 'hq', month: '2026-10' });
  });
});
