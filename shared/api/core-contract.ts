import { z } from 'zod';
import { method } from './kit';
import { filledText, id, isPlaceholder, line, optionalMultilineText, optionalText, plainDate, reason, secret, text, msg } from './schemas';
import { ROLES, type Role } from '../domain/roles';
import type { HistoryEntry, SessionInfo } from '../domain/session';
import { displayNameNamesNoOne, isSharedLoginId, passwordProblem } from '../domain/password-policy';
import type { StationParts } from '../stations';
import { BACKUP_WARN_DAYS, ADMIN_JOB_KINDS, type BackupStatus, type JobInfo } from '../domain/jobs';

export const loginIdSchema = line()
  .trim()
  .min(1, msg('errors.field.required'))
  .min(3, msg('errors.field.too_short'))
  .max(32, msg('errors.field.too_long'))
  .regex(/^[a-zA-Z0-9._-]+$/, msg('accounts.errors.login_id_chars'));
const password = secret();
const roles = z.array(z.enum(ROLES)).min(1, msg('accounts.errors.no_role')).max(ROLES.length);

export interface SiteInfo {
  id: string;
  code: string;
  name: string;
  kind: 'head' | 'branch';
}

/** A station that has written to the journal, and the name an administrator gave it (issue 6). */
export interface StationInfo {
  id: string;
  name: string | null;
  firstSeenAt: string;
  namedAt: string | null;
  parts: StationParts;
}

export interface SetupStatus {
  needsSetup: boolean;
  companyName: string | null;
}

export interface AccountInfo {
  id: string;
  loginId: string;
  displayName: string;
  personId: string | null;
  roles: Role[];
  /** The sites whose head this account's holder is (a site head reviews and sees only these). */
  siteIds: string[];
  status: 'active' | 'suspended';
  plannedDeletionOn: string | null;
  passwordChangedAt: string;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  /** What a password reset of this account by the caller needs (issue 6): see accounts.resetPassword. */
  resetNeeds: 'none' | 'safety_manager' | 'recovery_code';
  /** No person of the register stands behind it, and it is no safety manager's: it corrects, voids and grants nothing that names a person (the core's personBehind). */
  noPersonBehind: boolean;
  /**
   * When the account was made, and by whom (its first journal row's writer; none: the setup): said to
   * the safety manager asked to approve its link to a person (an insider probe: a made-up clerk's link
   * was asked for, with nothing to say whose account it was).
   */
  created?: { at: string; byName: string | null; byLoginId: string | null };
}

/**
 * A new account's id, name and first password, with the account rules (Art. 16(2), 17) in the
 * schema itself: the setup wizard checks each step with it before 次へ, and the core again.
 */
const newAccount = z
  .object({
    loginId: loginIdSchema,
    displayName: text(60),
    password,
  })
  .strict()
  .superRefine((a, ctx) => accountRuleIssues(a, ctx));

/** The account rules as zod issues at their fields (used by every schema that sets a first password). */
export function accountRuleIssues(a: { loginId?: string; displayName?: string; password?: string }, ctx: z.RefinementCtx): void {
  if (a.loginId && isSharedLoginId(a.loginId)) ctx.addIssue({ code: 'custom', path: ['loginId'], ...msg('accounts.errors.shared_id') });
  if (a.displayName && displayNameNamesNoOne(a.displayName)) ctx.addIssue({ code: 'custom', path: ['displayName'], ...msg('accounts.errors.display_name_no_one') });
  if (a.password) {
    const problem = passwordProblem(a.password, a.loginId ?? '', a.displayName ?? '');
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  }
}

/** Approval by the safety manager, who confirms with their own password (Art. 15). */
export const approval = z.object({ approverLoginId: loginIdSchema, approverPassword: password }).strict();
/**
 * A password reset of a system administrator or safety manager needs a safety manager's approval
 * (not the holder's, not the administrator's own); where no other safety manager can approve, the
 * recovery code shown at setup stands in (issue 6, Art. 15).
 */
export const resetApproval = z
  .object({
    approverLoginId: loginIdSchema.optional(),
    approverPassword: password.optional(),
    recoveryCode: line().trim().min(1, msg('errors.field.required')).max(64, msg('errors.field.too_long')).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    // Either a safety manager's login id and password, or the recovery code.
    if (a.recoveryCode !== undefined) {
      if (a.approverLoginId !== undefined || a.approverPassword !== undefined)
        ctx.addIssue({ code: 'custom', path: ['recoveryCode'], ...msg('accounts.errors.approval_one_kind') });
      return;
    }
    if (a.approverLoginId === undefined) ctx.addIssue({ code: 'custom', path: ['approverLoginId'], ...msg('errors.field.required') });
    if (a.approverPassword === undefined) ctx.addIssue({ code: 'custom', path: ['approverPassword'], ...msg('errors.field.required') });
  });
export type ResetApproval = z.output<typeof resetApproval>;

/** The settings every signed-in person reads, and an administrator changes. */
export interface SettingsInfo {
  companyName: string;
  idleLockMinutes: number;
  /** Art. 13(7): warn when the last good backup is older than this many days. */
  backupWarnAfterDays: number;
  /** SPEC §5: a month's review is due by this day of the next month (1..28, default 10). */
  reviewDueDay: number;
  /** SPEC §6: the stamp boxes of the printed ledgers, left to right, separated by 、 (default 担当、確認、責任者). */
  stampLabels: string;
}

/**
 * One change of a setting someone made, from the journal (settings.history): the general settings, a
 * ledger's retention period, a ledger's settings at a site, the LAN listener. Not the values the app
 * keeps for itself (the last good backup, the instants a migration set).
 */
export interface SettingChange extends Pick<HistoryEntry, 'seq' | 'at' | 'actor' | 'actorName' | 'station' | 'stationName' | 'reason'> {
  setting:
    | { kind: 'general'; key: 'company.name' | 'auth.idleLockMinutes' | 'backup.warnAfterDays' | 'review.dueDay' | 'print.stampLabels' | 'lan.listener' }
    | { kind: 'retention'; ledger: string }
    /** A ledger's settings at a site (`calendar`: a site's business calendar, used by the last-exit checklist). */
    | { kind: 'site'; ledger: string; siteId: string; siteName: string | null }
    /** A station's name (what every list and history shows for the acts written from it); before and after are names, null for none. */
    | { kind: 'station'; stationId: string }
    /** A station of the office LAN enrolled or revoked (its name as enrolled); before and after are 'enrolled', 'revoked' or null (not yet enrolled). */
    | { kind: 'lanStation'; stationId: string; name: string };
  /** The value before: the product's default when none had been saved. */
  before: unknown;
  after: unknown;
  /** A shorter retention period: the safety manager who approved it (it makes more records erasable). */
  approvedByName?: string | null;
}

/** A backup's destination: a folder path on this computer (the core checks it: absolute, outside the data folder). */
export const backupDestination = line().trim().min(1, msg('errors.field.required')).max(1000, msg('errors.field.too_long'));
/** The backup form of the admin screen. */
export const backupForm = z.object({ to: backupDestination }).strict();

/**
 * Start a job: { kind: 'verify' } or { kind: 'backup', to }. One object (not a union on `kind`), so
 * that every problem of the input is said at its own field.
 */
export const jobStartInput = z
  .object({ kind: z.enum(ADMIN_JOB_KINDS), to: backupDestination.optional() })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'backup' && v.to === undefined) ctx.addIssue({ code: 'custom', path: ['to'], ...msg('errors.field.required') });
    if (v.kind !== 'backup' && v.to !== undefined) ctx.addIssue({ code: 'custom', path: ['to'], ...msg('errors.field.unknown_key') });
  });

/** How far ahead a suspended account's planned deletion may be set, in days (Art. 16(5): promptly, or by a date set beforehand; not 2999). */
export const DELETION_WITHIN_DAYS = 366;

export const coreContract = {
  'setup.status': method<SetupStatus>()({ input: z.object({}).strict(), access: 'public' }),
  'setup.run': method<{ recoveryCode: string }>()({
    input: z
      .object({
        companyName: filledText(100),
        sites: z
          .array(z.object({ code: line().trim().regex(/^[A-Z0-9-]{1,10}$/, msg('setup.errors.site_code')), name: filledText(60) }).strict())
          .min(1, msg('setup.errors.no_site'))
          .max(50),
        sysadmin: newAccount,
        safetyManager: newAccount,
      })
      .strict(),
    access: 'public',
  }),

  'auth.session': method<SessionInfo | null>()({ input: z.object({}).strict(), access: 'public' }),
  'auth.signIn': method<SessionInfo>()({ input: z.object({ loginId: line().trim().min(1, msg('errors.field.required')).max(64, msg('errors.field.too_long')), password }).strict(), access: 'public' }),
  'auth.signOut': method<null>()({ input: z.object({}).strict(), access: 'signedIn', allowWhenLocked: true }),
  'auth.lock': method<null>()({ input: z.object({}).strict(), access: 'signedIn', allowWhenLocked: true }),
  'auth.unlock': method<SessionInfo>()({ input: z.object({ password }).strict(), access: 'signedIn', allowWhenLocked: true }),
  'auth.changePassword': method<SessionInfo>()({
    input: z.object({ currentPassword: password, newPassword: password }).strict(),
    access: 'signedIn',
    allowWhenLocked: true,
  }),
  'auth.elevate': method<SessionInfo>()({ input: z.object({ password }).strict(), access: 'signedIn' }),
  /** The holder has read the notices about their account (shown after sign-in, also before a forced password change). */
  'auth.acknowledgeNotices': method<SessionInfo>()({
    input: z.object({ ids: z.array(id).min(1).max(200) }).strict(),
    access: 'signedIn',
    allowWhenLocked: true,
  }),

  /** The company's sites; with `readableFor` (a ledger), only those whose records of it the caller may read (a site head's own: a list's site filter). */
  'sites.list': method<SiteInfo[]>()({ input: z.object({ readableFor: text(40).optional() }).strict(), access: 'signedIn' }),

  'stations.list': method<StationInfo[]>()({ input: z.object({}).strict(), access: ['sysadmin'], elevated: true }),
  /** Name a station (null: back to what its id says in words). */
  'stations.rename': method<StationInfo>()({
    // With why (a PC replaced, moved): the settings' history lists each rename with it.
    input: z.object({ id: line().min(1, msg('errors.field.required')).max(200, msg('errors.field.too_long')), name: optionalText(40), reason: optionalMultilineText(500) }).strict(),
    access: ['sysadmin'],
    elevated: true,
  }),

  'settings.get': method<SettingsInfo>()({ input: z.object({}).strict(), access: 'signedIn' }),
  'settings.update': method<SettingsInfo>()({
    input: z
      .object({
        companyName: filledText(100).optional(),
        // Art. 11(4): the screen locks within 10 minutes at most.
        idleLockMinutes: z.number().int().min(1, msg('settings.errors.idle_range')).max(10, msg('settings.errors.idle_range')).optional(),
        backupWarnAfterDays: z
          .number()
          .int(msg('settings.errors.backup_warn_range'))
          .min(BACKUP_WARN_DAYS.min, msg('settings.errors.backup_warn_range'))
          .max(BACKUP_WARN_DAYS.max, msg('settings.errors.backup_warn_range'))
          .optional(),
        reviewDueDay: z.number().int(msg('settings.errors.review_due_range')).min(1, msg('settings.errors.review_due_range')).max(28, msg('settings.errors.review_due_range')).optional(),
        // 2 to 5 boxes of 1 to 6 characters each (the last is the approver's, the one before the checker's).
        stampLabels: line()
          .trim()
          .regex(/^[^、,]{1,6}(?:[、,][^、,]{1,6}){1,4}$/, msg('settings.errors.stamp_labels'))
          // Each box a name of its own: none blank once its spaces are trimmed, none twice.
          .refine((v) => {
            const labels = v.split(/[、,]/).map((l) => l.trim());
            return labels.every((l) => l !== '') && new Set(labels).size === labels.length;
          }, msg('settings.errors.stamp_labels_distinct'))
          // And each one a word: 「-」 or 「・」 labels no box (an insider probe).
          .refine((v) => !v.split(/[、,]/).some((l) => isPlaceholder(l)), msg('settings.errors.stamp_labels_placeholder'))
          .optional(),
        /** Why (optional, as a ledger's settings): kept with the change, shown in the settings' history. */
        reason: optionalMultilineText(500),
      })
      .strict(),
    access: ['sysadmin'],
    elevated: true,
  }),

  /** Every change of a setting someone made, newest first (the journal's rows of the settings table). */
  'settings.history': method<SettingChange[]>()({ input: z.object({}).strict(), access: ['sysadmin', 'safety_manager'] }),

  // Every safety manager can see the accounts and their history (issue 6: what was done to them, by whom).
  'accounts.list': method<AccountInfo[]>()({ input: z.object({}).strict(), access: ['sysadmin', 'safety_manager'], elevated: true }),
  'accounts.create': method<AccountInfo>()({
    input: z
      .object({ loginId: loginIdSchema, displayName: text(60), personId: id.nullish(), roles, password, approval: approval.optional() })
      .strict(),
    access: ['sysadmin'],
    elevated: true,
  }),
  'accounts.setRoles': method<AccountInfo>()({
    input: z.object({ id, roles, reason, approval: approval.optional() }).strict(),
    access: ['sysadmin'],
    elevated: true,
  }),
  /**
   * Link an account to its person in the register (or unlink, with null): own stays, PIN, checkouts.
   * Never one's own account (issue 6: whoever is linked acts as that person at the door), so the
   * safety manager may link too, e.g. the administrator's account.
   */
  'accounts.setPerson': method<AccountInfo>()({
    input: z.object({ id, personId: id.nullable(), reason, approval: approval.optional() }).strict(),
    access: ['sysadmin', 'safety_manager'],
    elevated: true,
  }),
  'accounts.suspend': method<AccountInfo>()({
    input: z
      .object({ id, reason, plannedDeletionOn: plainDate })
      .strict(),
    access: ['sysadmin'],
    elevated: true,
  }),
  /**
   * Take a suspended account back into use (利用再開: a mistaken suspension, someone back from leave —
   * one person keeps one id, Art. 16(2)), with a reason; its privileged roles come back only with a
   * safety manager's approval, as if granted anew. Its planned deletion goes.
   */
  'accounts.reactivate': method<AccountInfo>()({
    input: z.object({ id, reason, approval: approval.optional() }).strict(),
    access: ['sysadmin'],
    elevated: true,
  }),
  'accounts.resetPassword': method<AccountInfo>()({
    input: z.object({ id, temporaryPassword: password, reason, approval: resetApproval.optional() }).strict(),
    access: ['sysadmin'],
    elevated: true,
  }),

  'history.get': method<HistoryEntry[]>()({
    input: z.object({ entity: z.enum(['people', 'sites', 'settings', 'server_room_stays']), id: line().min(1).max(64) }).strict(),
    access: ['clerk', 'site_head', 'safety_manager', 'sysadmin'],
  }),
  'accounts.history': method<HistoryEntry[]>()({ input: z.object({ id }).strict(), access: ['sysadmin', 'safety_manager'], elevated: true }),

  // Long jobs (issue 7; SPEC §8, Art. 13(7)): an administrator starts and cancels them; the
  // administrator and the safety manager see how they went. One job of a kind at a time (conflict).
  'jobs.start': method<JobInfo>()({
    input: jobStartInput,
    access: ['sysadmin'],
    elevated: true,
  }),
  'jobs.cancel': method<JobInfo>()({ input: z.object({ id }).strict(), access: ['sysadmin'], elevated: true }),
  /** Running and recent jobs with their progress: polled while one runs. */
  'jobs.list': method<JobInfo[]>()({ input: z.object({}).strict(), access: ['sysadmin', 'safety_manager'], passive: true }),
  /** The last good backup and verify, and whether a backup is due (the dashboard's warning). */
  'backup.status': method<BackupStatus>()({ input: z.object({}).strict(), access: ['sysadmin', 'safety_manager'], passive: true }),
  /** SPEC §8: the times the system clock was found behind the journal, latest first (the dashboard's warning). */
  'clock.anomalies': method<ClockAnomaly[]>()({ input: z.object({}).strict(), access: ['sysadmin', 'safety_manager'], passive: true }),
} as const;

/**
 * A write made while the system clock was more than 5 minutes behind the journal's last time (SPEC
 * §8): the records written then carry the wrong clock's times.
 */
export interface ClockAnomaly {
  seq: number;
  /** The clock's time at that write (behind). */
  clockAt: string;
  /** The journal's last time before it. */
  journalLastAt: string;
  /** How far behind, in minutes. */
  minutesBehind: number;
  station: string;
  stationName: string | null;
  /** Who was writing (null: no name, e.g. the system). */
  actorName: string | null;
}

export { optionalText };
