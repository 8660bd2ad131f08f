import type { AccountInfo } from '../../../shared/api/core-contract';
import type { Role } from '../../../shared/domain/roles';
import type { SessionInfo } from '../../../shared/domain/session';
import type { Session } from './sessions';
import type { Store } from '../store/store';
import type { Settings } from '../settings';
import { unseenNotices } from './notices';
import { jstDate } from '../../../shared/calendar';
import { passwordExpired } from '../../../shared/domain/password-policy';
import { noPersonBehind } from '../ledgers/kit/saying';

/** Has the account a reviewer designation (指名) in force today (Japan)? */
function designatedToday(store: Store, accountId: string, now: Date): boolean {
  const today = jstDate(now);
  return !!store.stmt("SELECT 1 FROM reviewer_designations WHERE account_id = ? AND status = 'valid' AND valid_from <= ? AND valid_to >= ? LIMIT 1").get(accountId, today, today);
}

export interface AccountRow {
  id: string;
  login_id: string;
  display_name: string;
  person_id: string | null;
  roles: string;
  /** JSON array of the site ids whose head the holder is (migration 13). */
  site_ids: string;
  roles_approved_by: string | null;
  status: 'active' | 'suspended';
  planned_deletion_on: string | null;
  password_hash: string;
  password_changed_at: string;
  must_change_password: number;
  failed_count: number;
  locked_until: string | null;
  created_at: string;
}

export function findAccountByLogin(store: Store, loginId: string): AccountRow | undefined {
  return store.stmt('SELECT * FROM accounts WHERE login_id = ? COLLATE NOCASE').get(loginId) as AccountRow | undefined;
}

export function getAccount(store: Store, id: string): AccountRow | undefined {
  return store.rowById('accounts', id) as unknown as AccountRow | undefined;
}

/**
 * Why a password cannot stand for its holder's own act now, if it cannot: set by someone else and not
 * changed since (`temporary`), or older than SPEC §2's six months (`expired`: sign-in asks for a new
 * one; an insider probe approved a laptop's checkout with a clerk's password seven months old).
 * Approvals by a second person and signatures ask this, as sign-in does.
 */
export function passwordNotOwn(row: Pick<AccountRow, 'must_change_password' | 'password_changed_at'>, now: Date): 'temporary' | 'expired' | null {
  if (row.must_change_password === 1) return 'temporary';
  return passwordExpired(row.password_changed_at, now) ? 'expired' : null;
}

export function rolesOf(row: AccountRow): Role[] {
  return JSON.parse(row.roles) as Role[];
}

export function toAccountInfo(row: AccountRow, resetNeeds: AccountInfo['resetNeeds'] = 'none'): AccountInfo {
  return {
    id: row.id,
    loginId: row.login_id,
    displayName: row.display_name,
    personId: row.person_id,
    roles: rolesOf(row),
    siteIds: JSON.parse(row.site_ids ?? '[]') as string[],
    status: row.status,
    plannedDeletionOn: row.planned_deletion_on,
    passwordChangedAt: row.password_changed_at,
    mustChangePassword: row.must_change_password === 1,
    lockedUntil: row.locked_until,
    resetNeeds,
    noPersonBehind: noPersonBehind(row),
  };
}

/** A site head's one site, when no other role of theirs spans the sites (SessionInfo.homeSiteId). */
function homeSiteOf(roles: readonly string[], siteIds: string | null): string | null {
  if (!roles.includes('site_head') || roles.some((r) => r === 'clerk' || r === 'safety_manager' || r === 'sysadmin')) return null;
  const ids = siteIds ? (JSON.parse(siteIds) as string[]) : [];
  return ids.length === 1 ? ids[0] : null;
}

export function toSessionInfo(session: Session, row: AccountRow, ctx: { settings: Settings; store: Store; now: Date }): SessionInfo {
  return {
    accountId: row.id,
    loginId: row.login_id,
    displayName: row.display_name,
    roles: session.roles,
    locked: session.locked,
    mustChangePassword: session.mustChangePassword,
    elevatedUntil: session.elevatedUntil ? new Date(session.elevatedUntil).toISOString() : null,
    idleLockMinutes: ctx.settings.get('auth.idleLockMinutes'),
    person: row.person_id ? ((ctx.store.stmt('SELECT id, name, employee_no AS employeeNo, site_id AS siteId FROM people WHERE id = ?').get(row.person_id) as SessionInfo['person'] | undefined) ?? null) : null,
    kind: session.kind,
    // Not to whoever sits at a locked screen: who acted on the account, and why, is the holder's to read (an insider probe).
    notices: session.kind === 'desk' && !session.locked ? unseenNotices(ctx.store, row.id) : [],
    reviewer: session.kind === 'desk' && (session.roles.includes('safety_manager') || session.roles.includes('site_head') || designatedToday(ctx.store, row.id, ctx.now)),
    homeSiteId: homeSiteOf(session.roles, row.site_ids),
    noPersonBehind: noPersonBehind(row),
  };
}
