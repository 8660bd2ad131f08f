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
  /** 'desk' for people, 'terminal' for a door-terminal station session. */
  kind: 'desk' | 'terminal';
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: string;
  actorName: string | null;
  station: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}
