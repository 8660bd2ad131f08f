import type { AccountNotice } from '../../../shared/domain/session';
import type { Store, Tx } from '../store/store';
import { getAccount } from './accounts-repo';

// Issue 6 (Art. 15): an account's holder is told at their next sign-in what someone else did to
// the account — a reset, a change of roles, their approval used, the recovery code used — and by
// whom. The notices are journaled rows, so they cannot be removed unseen.

interface NoticeRow {
  id: string;
  account_id: string;
  kind: AccountNotice['kind'];
  actor_id: string | null;
  approved_by: string | null;
  about_id: string | null;
  detail: string | null;
  reason: string | null;
  at: string;
  seen_at: string | null;
}

export interface NewNotice {
  accountId: string;
  kind: AccountNotice['kind'];
  actorId: string;
  /** A safety manager's account id, 'recovery_code', or null. */
  approvedBy?: string | null;
  aboutId?: string | null;
  detail?: Record<string, unknown> | null;
  reason?: string | null;
}

export function addNotice(store: Store, tx: Tx, n: NewNotice): void {
  tx.insert(
    'account_notices',
    {
      id: store.newId(), account_id: n.accountId, kind: n.kind, actor_id: n.actorId, approved_by: n.approvedBy ?? null, about_id: n.aboutId ?? null,
      detail: n.detail ? JSON.stringify(n.detail) : null, reason: n.reason ?? null, at: tx.now, seen_at: null,
    },
    { action: `accounts.notice.${n.kind}` },
  );
}

/** The holder's notices not yet acknowledged, oldest first, with the names of whoever acted. */
export function unseenNotices(store: Store, accountId: string): AccountNotice[] {
  const rows = store.stmt('SELECT * FROM account_notices WHERE account_id = ? AND seen_at IS NULL ORDER BY at, rowid').all(accountId) as NoticeRow[];
  const who = (id: string | null) => (id ? getAccount(store, id) : undefined);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    at: r.at,
    byName: who(r.actor_id)?.display_name ?? null,
    byLoginId: who(r.actor_id)?.login_id ?? null,
    approvedByName: r.approved_by && r.approved_by !== 'recovery_code' ? (who(r.approved_by)?.display_name ?? null) : null,
    recoveryCode: r.approved_by === 'recovery_code',
    aboutName: who(r.about_id ?? r.account_id)?.display_name ?? null,
    aboutLoginId: who(r.about_id ?? r.account_id)?.login_id ?? null,
    detail: detailOf(store, r),
    reason: r.reason,
  }));
}

/** The notice's detail, with the name of the person a link is about. */
function detailOf(store: Store, r: NoticeRow): Record<string, unknown> | null {
  if (!r.detail) return null;
  const detail = JSON.parse(r.detail) as Record<string, unknown>;
  if (r.kind === 'person_linked' && typeof detail.after === 'string')
    detail.personName = (store.rowById('people', detail.after)?.name as string | undefined) ?? null;
  return detail;
}

/** Mark the holder's notices as read (only their own, only unread ones). */
export function acknowledgeNotices(store: Store, tx: Tx, accountId: string, ids: readonly string[]): void {
  for (const id of new Set(ids)) {
    const row = store.rowById('account_notices', id) as unknown as NoticeRow | undefined;
    if (row && row.account_id === accountId && row.seen_at === null) tx.update('account_notices', id, { seen_at: tx.now }, { action: 'accounts.notice.seen' });
  }
}

/**
 * Every active safety manager is told (SPEC §5: keys made or revoked; a backup refused as the data
 * went back) — but not one who did it themselves, unless `evenActor` (what no one should miss: a lone
 * safety manager who is also the administrator is told of her own refused backup).
 */
export function tellSafetyManagers(store: Store, tx: Tx, n: Omit<NewNotice, 'accountId'>, evenActor = false): void {
  const managers = store.stmt(`SELECT id FROM accounts WHERE status = 'active' AND roles LIKE '%"safety_manager"%'`).all() as { id: string }[];
  for (const m of managers) if (evenActor || m.id !== n.actorId) addNotice(store, tx, { ...n, accountId: m.id });
}
