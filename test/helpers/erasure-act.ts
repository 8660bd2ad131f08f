import { openSigningKey, type UsableKey } from '../../electron/core/review/keys';
import type { Store } from '../../electron/core/store/store';

/**
 * The approver's signing key, as the app's erasure opens it with her password (made now, journaled,
 * if she has none). Tests of verify's other erasure rules forge their acts signed with it — what a key
 * holder who also had the safety manager's password could write — so that only the rule under test is
 * broken (retention-rules.ts SIGNED_APPROVAL_MIGRATION): with retention.ts startAct, as the app does.
 */
export async function approverKey(store: Store, accountId: string, password: string): Promise<UsableKey> {
  const key = await openSigningKey(store, accountId, password);
  store.write({ actor: accountId, station: 'test' }, (tx) => key.plan(tx));
  return key;
}

/**
 * Data as an older version's erasure needs it, written through the store (verify asks for both
 * accounts, as the app does): administrator A1 and safety manager SM1, site S1, person P1 (each at the
 * store's clock); `who` writes as A1, and `draft` is a stay of 11 March 2019 with a visitor.
 */
export function erasureBasics(store: Store) {
  const account = (id: string, role: string) =>
    store.write({ actor: 'test', station: 'test' }, (tx) =>
      tx.insert('accounts', {
        id, login_id: id, display_name: id, person_id: null, roles: JSON.stringify([role]), roles_approved_by: null, status: 'active', planned_deletion_on: null,
        password_hash: 'x', password_changed_at: tx.now, must_change_password: 0, failed_count: 0, locked_until: null, created_at: tx.now,
      }, { action: 'accounts.create' }),
    );
  account('A1', 'sysadmin');
  account('SM1', 'safety_manager');
  const who = { actor: 'A1', station: 'test' };
  store.write(who, (tx) => tx.insert('sites', { id: 'S1', code: 'HQ', name: '本社', kind: 'head', sort_order: 1, created_at: tx.now }, { action: 'sites.add' }));
  store.write(who, (tx) => tx.insert('people', { id: 'P1', name: '山田 太郎', kana: 'ヤマダ タロウ', employee_no: 'E1', department: '総務部', site_id: 'S1', active: 1, created_at: tx.now, recorded_by: 'test', station: 'test' }, { action: 'people.add' }));
  const draft = {
    siteId: 'S1', personId: 'P1', enteredAt: '2019-03-11T00:00:00.000Z', exitedAt: '2019-03-11T00:30:00.000Z', purpose: 'maintenance', purposeNote: null,
    companions: { employees: [], visitors: [{ name: '証拠 隠子', company: '隠蔽株式会社', escortPersonId: 'P1' }] }, itemsIn: null, itemsOut: null, notes: null,
  };
  return { who, draft };
}
