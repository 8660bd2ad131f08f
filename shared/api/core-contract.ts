import { z } from 'zod';
import { method } from './kit';
import { id, line, optionalText, reason, secret, text } from './schemas';
import { ROLES, type Role } from '../domain/roles';
import type { HistoryEntry, SessionInfo } from '../domain/session';
import { isSharedLoginId, passwordProblem } from '../domain/password-policy';

export const loginIdSchema = line()
  .trim()
  .min(3, { message: 'errors.field.too_short' })
  .max(32, { message: 'errors.field.too_long' })
  .regex(/^[a-zA-Z0-9._-]+$/, { message: 'accounts.errors.login_id_chars' });
const password = secret();
const roles = z.array(z.enum(ROLES)).min(1, { message: 'accounts.errors.no_role' }).max(ROLES.length);

export interface SiteInfo {
  id: string;
  code: string;
  name: string;
  kind: 'head' | 'branch';
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
  status: 'active' | 'suspended';
  plannedDeletionOn: string | null;
  passwordChangedAt: string;
  mustChangePassword: boolean;
  lockedUntil: string | null;
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
  if (a.loginId && isSharedLoginId(a.loginId)) ctx.addIssue({ code: 'custom', path: ['loginId'], message: 'accounts.errors.shared_id' });
  if (a.password) {
    const problem = passwordProblem(a.password, a.loginId ?? '', a.displayName ?? '');
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  }
}

/** Approval by the safety manager, who confirms with their own password (Art. 15). */
const approval = z.object({ approverLoginId: loginIdSchema, approverPassword: password }).strict();

export const coreContract = {
  'setup.status': method<SetupStatus>()({ input: z.object({}).strict(), access: 'public' }),
  'setup.run': method<{ recoveryCode: string }>()({
    input: z
      .object({
        companyName: text(100),
        sites: z
          .array(z.object({ code: line().trim().regex(/^[A-Z0-9-]{1,10}$/, { message: 'setup.errors.site_code' }), name: text(60) }).strict())
          .min(1, { message: 'setup.errors.no_site' })
          .max(50),
        sysadmin: newAccount,
        safetyManager: newAccount,
      })
      .strict(),
    access: 'public',
  }),

  'auth.session': method<SessionInfo | null>()({ input: z.object({}).strict(), access: 'public' }),
  'auth.signIn': method<SessionInfo>()({ input: z.object({ loginId: line().trim().min(1, { message: 'errors.field.required' }).max(64, { message: 'errors.field.too_long' }), password }).strict(), access: 'public' }),
  'auth.signOut': method<null>()({ input: z.object({}).strict(), access: 'signedIn', allowWhenLocked: true }),
  'auth.lock': method<null>()({ input: z.object({}).strict(), access: 'signedIn', allowWhenLocked: true }),
  'auth.unlock': method<SessionInfo>()({ input: z.object({ password }).strict(), access: 'signedIn', allowWhenLocked: true }),
  'auth.changePassword': method<SessionInfo>()({
    input: z.object({ currentPassword: password, newPassword: password }).strict(),
    access: 'signedIn',
    allowWhenLocked: true,
  }),
  'auth.elevate': method<SessionInfo>()({ input: z.object({ password }).strict(), access: 'signedIn' }),

  'sites.list': method<SiteInfo[]>()({ input: z.object({}).strict(), access: 'signedIn' }),

  'settings.get': method<{ companyName: string; idleLockMinutes: number }>()({ input: z.object({}).strict(), access: 'signedIn' }),
  'settings.update': method<{ companyName: string; idleLockMinutes: number }>()({
    input: z
      .object({
        companyName: text(100).optional(),
        // Art. 11(4): the screen locks within 10 minutes at most.
        idleLockMinutes: z.number().int().min(1, { message: 'settings.errors.idle_range' }).max(10, { message: 'settings.errors.idle_range' }).optional(),
      })
      .strict(),
    access: ['sysadmin'],
    elevated: true,
  }),

  'accounts.list': method<AccountInfo[]>()({ input: z.object({}).strict(), access: ['sysadmin'], elevated: true }),
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
  'accounts.suspend': method<AccountInfo>()({
    input: z
      .object({ id, reason, plannedDeletionOn: z.iso.date({ message: 'errors.field.invalid_date' }) })
      .strict(),
    access: ['sysadmin'],
    elevated: true,
  }),
  'accounts.resetPassword': method<AccountInfo>()({
    input: z.object({ id, temporaryPassword: password, reason }).strict(),
    access: ['sysadmin'],
    elevated: true,
  }),

  'history.get': method<HistoryEntry[]>()({
    input: z.object({ entity: z.enum(['people', 'sites', 'settings', 'server_room_stays']), id: line().min(1).max(64) }).strict(),
    access: ['clerk', 'site_head', 'safety_manager', 'sysadmin'],
  }),
  'accounts.history': method<HistoryEntry[]>()({ input: z.object({ id }).strict(), access: ['sysadmin'], elevated: true }),
} as const;

export { optionalText };
