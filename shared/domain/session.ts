import type { Role } from './roles';

export interface SessionInfo {
  accountId: string;
  loginId: string;
  displayName: string;
  roles: Role[];
  /** The session is idle-locked: only unlock or sign-out are allowed. */
  locked: boolean;
  /** The password expired or an admin forced a change: change it before anything else. */
  mustChangePassword: boolean;
  /** Admin work allowed until this time (re-authenticated), ISO, or null. */
  elevatedUntil: string | null;
  idleLockMinutes: number;
  /**
   * The person of the people register this account belongs to (own records, "me" in forms), or null;
   * their site is the one a form offers first (a checkout's assets in storage here, then elsewhere).
   */
  person: { id: string; name: string; employeeNo: string; siteId: string } | null;
  /** 'desk' for people, 'terminal' for a door-terminal station session. */
  kind: 'desk' | 'terminal';
  /** What others did to this account since the holder last saw it (Art. 15): shown once after sign-in. */
  notices: AccountNotice[];
  /** Reviews some ledger's months (SPEC §5): the safety manager, a site head, or a reviewer designated today. */
  reviewer: boolean;
  /**
   * The one site a site head keeps (no role that spans the sites): the dashboard shows that site's
   * open items, as the head's review list does; null for everyone else.
   */
  homeSiteId: string | null;
  /**
   * No person of the people register stands behind the account, and it is no safety manager's: the core
   * refuses its corrections, voids, grants and review dispositions of what names a person
   * (errors.no_person_behind, the core's personBehind), so no screen offers them.
   */
  noPersonBehind: boolean;
}

/**
 * Something another person did to an account, told to its holder at the next sign-in: a password
 * reset, a change of roles, the holder's approval used, the recovery code used (Art. 15, 16), a
 * month they signed reopened (SPEC §5).
 */
export interface AccountNotice {
  id: string;
  kind: 'password_reset' | 'roles_changed' | 'approval_used' | 'recovery_code_used' | 'person_linked' | 'signing_key_created' | 'signing_key_revoked' | 'seal_reopened' | 'data_older_than_backup' | 'clerk_granted';
  at: string;
  /** Who did it. */
  byName: string | null;
  byLoginId: string | null;
  /** Who approved it: a safety manager's name, or null; recoveryCode when the recovery code was used instead. */
  approvedByName: string | null;
  recoveryCode: boolean;
  /** The account it was about (for approval_used / recovery_code_used), else this account. */
  aboutName: string | null;
  aboutLoginId: string | null;
  /** What changed, e.g. { before: ['clerk'], after: ['clerk', 'sysadmin'] } for roles. */
  detail: Record<string, unknown> | null;
  reason: string | null;
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: string;
  actorName: string | null;
  /** An account actor's login id, shown beside the name (a display name can be made to read as another's). */
  actorLoginId?: string | null;
  station: string;
  /** The name an administrator gave the station, or null (then show what its id says, shared/stations.ts). */
  stationName: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Personal fields of `after` whose value was erased after the retention period (shown as 消去済). */
  erased: string[];
  reason: string | null;
  /**
   * An act on another record, shown in this one's history where it happened (a visit's guest card
   * reported lost is the card's row, and the slip's story): no version of this record, so no
   * values of it (`before` and `after` are null).
   */
  act?: true;
  /**
   * The record of another ledger this act was about, in a few words (a guest card's lending, return or
   * loss: its visitor and company); `erased` when that record's personal values were erased.
   */
  about?: { text: string | null; erased: boolean };
}
