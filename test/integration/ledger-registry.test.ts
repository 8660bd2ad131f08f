import { describe, expect, it } from 'vitest';
import { LEDGER_DEFINITIONS, LEDGER_PARTS } from '../../shared/ledgers';
import { RETENTION_LEDGERS } from '../../shared/api/retention-contract';
import { LEDGERS, assemble } from '../../electron/core/ledgers/registry';
import { PERSONAL_FIELDS } from '../../electron/core/journal/journal-form';
import { UNIT_RULES } from '../../electron/core/review/units';

// The ledgers' two registries (issue 8): the core's modules and shared/ledgers/index.ts, which what
// runs without the modules (verify's workers, the journal form) reads. What is derived from the
// definitions there is part of the journal's form and of verify: pinned here as it shipped.
describe('the ledger registries', () => {
  it('register the same ledgers, in the same order, with the same definitions and contract parts', () => {
    expect(LEDGERS.map((m) => m.definition)).toEqual(LEDGER_DEFINITIONS);
    for (const [i, m] of LEDGERS.entries()) {
      expect(m.definition).toBe(LEDGER_PARTS[i].definition);
      expect(Object.keys(m.contract).sort()).toEqual(Object.keys(LEDGER_PARTS[i].contract).sort());
    }
    // The monthly review lists the server-room book first, then the kit's ledgers in their order.
    expect(assemble().reviewSources.map((s) => s.key)).toEqual(['serverRoom', 'cabinetLog', 'checkouts', 'accessLog', 'lastExit', 'visitors']);
  });

  it('derive the personal fields, the review units and the retention ledgers as they shipped', () => {
    // The journal commits to these columns by a salted digest: the list is append only.
    expect(PERSONAL_FIELDS).toEqual({ server_room_stays: ['companions', 'purpose_note', 'notes'], visitor_visits: ['name', 'company'], door_deliveries: ['detail'] });
    expect(RETENTION_LEDGERS).toEqual(['serverRoom', 'visitors']);
    // A sealed month's records are found by these (verify names a record added to a sealed month).
    expect(UNIT_RULES).toEqual({
      serverRoom: { table: 'server_room_stays', where: 'site_id = @siteId AND entered_at >= @start AND entered_at < @end', kind: 'instant', siteColumn: 'site_id', monthColumn: 'entered_at' },
      cabinetLog: { table: 'cabinet_sessions', where: 'site_id = @siteId AND opened_at >= @start AND opened_at < @end', kind: 'instant', siteColumn: 'site_id', monthColumn: 'opened_at' },
      checkouts: { table: 'asset_checkouts', where: 'site_id = @siteId AND checked_out_at >= @start AND checked_out_at < @end', kind: 'instant', siteColumn: 'site_id', monthColumn: 'checked_out_at' },
      accessLog: { table: 'access_log_checks', where: 'site_id = @siteId AND month = @month', kind: 'month', siteColumn: 'site_id', monthColumn: 'month' },
      lastExit: { table: 'last_exit_checks', where: "site_id = @siteId AND business_day LIKE @month || '-%'", kind: 'date', siteColumn: 'site_id', monthColumn: 'business_day' },
      visitors: { table: 'visitor_visits', where: 'site_id = @siteId AND arrived_at >= @start AND arrived_at < @end', kind: 'instant', siteColumn: 'site_id', monthColumn: 'arrived_at' },
    });
    expect(Object.keys(UNIT_RULES)).toEqual(['serverRoom', 'cabinetLog', 'checkouts', 'accessLog', 'lastExit', 'visitors']);
  });
});
