import { DaichoError } from '../../../shared/api/errors';
import { grantNeedsApproval, PRIVILEGED_ROLES, type Role } from '../../../shared/domain/roles';
import { requireSession, type HandlerContext } from '../context';
import { findAccountByLogin, getAccount, passwordNotOwn, rolesOf, type AccountRow } from './accounts-repo';
import { checkPassword } from './handlers';
import { displayNameNamesNoOne, isSharedLoginId, nameForm, passwordProblem } from '../../../shared/domain/password-policy';

/**
 * One person, one id (Art. 16(2)(3)): shared ids are refused (also an office's places and its sites'
 * codes run together: kioskpc, admin.hq), and display names that name no one (受付, 共用PC, ー) or
 * another person of the register (`personId`: the person the account is for); passwords follow Art. 17.
 */
export function checkNewAccount(store: HandlerContext['store'], loginId: string, displayName: string, password: string, fieldPrefix = '', personId: string | null = null): void {
  const siteCodes = store.stmt('SELECT code FROM sites').pluck().all() as string[];
  if (isSharedLoginId(loginId, siteCodes)) throw new DaichoError('invalid_input', 'accounts.errors.shared_id', `${fieldPrefix}loginId`);
  if (displayNameNamesNoOne(displayName)) throw new DaichoError('invalid_input', 'accounts.errors.display_name_no_one', `${fieldPrefix}displayName`);
  refuseTaken(store, loginId, displayName, fieldPrefix);
  refuseRegisterNamesake(store, displayName, personId, `${fieldPrefix}displayName`);
  const problem = passwordProblem(password, loginId, displayName);
  if (problem) throw new DaichoError('invalid_input', problem, `${fieldPrefix}password`);
}

/**
 * A login id as it reads: without its separators, in lower case, and with the letters and digits
 * drawn alike in most fonts taken as one (0 and o; 1, l and i; rn and m; vv and w).
 */
export function loginIdSkeleton(id: string): string {
  return id.toLowerCase().replace(/[._-]/g, '').replace(/0/g, 'o').replace(/[1i]/g, 'l').replace(/rn/g, 'm').replace(/vv/g, 'w');
}

/**
 * A new account's login id and display name, not taken (nor alike) by another: checked before the
 * waits of a creation (a password's hash, an approval) and again inside its write — two creations at
 * once both passed before (a review of insider probe 9).
 */
export function refuseTaken(store: HandlerContext['store'], loginId: string, displayName: string, fieldPrefix = ''): void {
  if (findAccountByLogin(store, loginId)) throw new DaichoError('conflict', 'accounts.errors.login_id_taken', `${fieldPrefix}loginId`);
  // One that reads as another's but for its separators (sato-admin beside sato.admin, an insider probe)
  // or letters drawn alike (sat0.admin, sato.adm1n, sato.admln: a walk-through): one person, one id.
  const key = loginIdSkeleton(loginId);
  const alike = (store.stmt('SELECT login_id FROM accounts').all() as { login_id: string }[]).find((a) => loginIdSkeleton(a.login_id) === key);
  if (alike) throw new DaichoError('conflict', 'accounts.errors.login_id_alike', `${fieldPrefix}loginId`, { loginId: alike.login_id });
  refuseNameTaken(store, displayName, null, `${fieldPrefix}displayName`);
}

/**
 * A display name is how histories and seals name the holder: one another active account already
 * reads as (鈴木 花子, the same with a full-width space, 鈴木花子: an insider probe) would name two people
 * alike — for a new account, and for a suspended one taken back into use (`selfId`).
 */
export function refuseNameTaken(store: HandlerContext['store'], displayName: string, selfId: string | null, field: string): void {
  // Nor with a character that draws nothing (kept before such characters were refused: 鈴木\u2065 陽子, an
  // insider probe), nor with other punctuation between (鈴木・陽子, 鈴木·陽子: a later probe) — nameForm.
  const sameName = nameForm;
  const named = (store.stmt("SELECT id, login_id, display_name FROM accounts WHERE status = 'active'").all() as { id: string; login_id: string; display_name: string }[]).find(
    (a) => a.id !== selfId && sameName(a.display_name) === sameName(displayName),
  );
  if (named) throw new DaichoError('conflict', 'accounts.errors.display_name_taken', field, { name: named.display_name, loginId: named.login_id });
}

/**
 * A display name that reads as a person of the register the account is not for — by their name or
 * their kana (ｽｽﾞｷ ﾖｳｺ) — would put that person's name on what the account does (an insider probe: an
 * administrator made yoko.s, shown as 鈴木·陽子, and histories read as the safety manager's).
 */
export function refuseRegisterNamesake(store: HandlerContext['store'], displayName: string, personId: string | null, field: string): void {
  const form = nameForm(displayName);
  const people = store.stmt('SELECT id, name, kana, employee_no FROM people').all() as { id: string; name: string; kana: string | null; employee_no: string }[];
  const other = people.find((p) => p.id !== personId && (nameForm(p.name) === form || (p.kana !== null && nameForm(p.kana) === form)));
  if (other) throw new DaichoError('conflict', 'accounts.errors.display_name_other_person', field, { name: other.name, employeeNo: other.employee_no });
}

type Approval = { approverLoginId: string; approverPassword: string };

/**
 * Art. 15 approval by a safety manager, who confirms with their own password in the same dialog.
 * The approver must be an active safety manager who is neither the administrator asking nor the
 * account the act is about, and whose password is their own: a password set by someone else (a
 * reset, a new account) approves nothing until its holder has changed it. The approver is told,
 * at their next sign-in, that their approval was used. Returns the approver's account id.
 */
export async function approveAsSafetyManager(ctx: HandlerContext, approval: Approval, about: { targetId: string | null }): Promise<AccountRow> {
  const field = 'approval.approverLoginId';
  const approver = findAccountByLogin(ctx.store, approval.approverLoginId);
  if (!approver || approver.status !== 'active' || !rolesOf(approver).includes('safety_manager'))
    throw new DaichoError('invalid_input', 'accounts.errors.approver_not_safety_manager', field);
  if (approver.id === requireSession(ctx).accountId) throw new DaichoError('invalid_input', 'accounts.errors.approver_self', field);
  if (about.targetId !== null && approver.id === about.targetId) throw new DaichoError('invalid_input', 'accounts.errors.approver_is_target', field);
  // A wrong password is said at the approver's password, not over the whole form (a walk-through).
  await checkPassword(ctx, approver, approval.approverPassword, 'accounts.approval', 'approval.approverPassword');
  approverStands(ctx.store, approver.id);
  const notOwn = passwordNotOwn(approver, ctx.now);
  if (notOwn === 'temporary') {
    ctx.store.write(ctx.actor(), (tx) => tx.event('accounts.approval.refused_temporary_password', 'accounts', approver.id));
    throw new DaichoError('invalid_input', 'accounts.errors.approver_temporary_password', field);
  }
  if (notOwn === 'expired') throw new DaichoError('invalid_input', 'accounts.errors.approver_password_expired', field);
  return approver;
}

/**
 * The approver is still an active safety manager: checked again after the wait of the password check,
 * and inside the write of an act that waits longer (an insider probe: a safety manager suspended, or
 * her role taken, while her password was being checked still approved a new administrator).
 * `approverId` null (no approval) or the recovery code: nothing to check.
 */
export function approverStands(store: HandlerContext['store'], approverId: string | null, field = 'approval.approverLoginId'): void {
  if (approverId === null || approverId === 'recovery_code') return;
  const now = getAccount(store, approverId);
  if (!now || now.status !== 'active' || !rolesOf(now).includes('safety_manager')) throw new DaichoError('conflict', 'accounts.errors.approver_changed', field);
}

/**
 * Art. 15: granting sysadmin or safety_manager needs the safety manager's approval, confirmed
 * with the approver's own password; so does any role an administrator adds to himself (`self`).
 * Returns the approver's account id, or null when no approval is needed.
 */
export async function approvePrivilegedGrant(ctx: HandlerContext, granted: Role[], approval: Approval | undefined, targetId: string | null, self = false): Promise<string | null> {
  if (!grantNeedsApproval(granted, [], self)) return null;
  if (!approval) throw new DaichoError('invalid_input', granted.some((r) => PRIVILEGED_ROLES.includes(r)) ? 'accounts.errors.approval_required' : 'accounts.errors.self_grant_approval_required', 'approval');
  return (await approveAsSafetyManager(ctx, approval, { targetId })).id;
}

/** Active safety managers who could approve this administrator's acts (not him, not on a temporary password). */
export function approversFor(store: HandlerContext['store'], actorId: string): AccountRow[] {
  // (A password past its six months still counts here: its holder changes it at their next sign-in and
  // can approve then; the approval itself refuses it meanwhile.)
  return (store.stmt("SELECT * FROM accounts WHERE status = 'active'").all() as AccountRow[]).filter(
    (r) => rolesOf(r).includes('safety_manager') && r.id !== actorId && r.must_change_password !== 1,
  );
}

/**
 * What a password reset of this account needs (issue 6): nothing for an ordinary account; for a
 * system administrator or safety manager — or anyone who signs the monthly review (`signs`: a site
 * head, a designated reviewer), whom whoever knows the temporary password
 * could otherwise sign as (SPEC §5) — the approval of a safety manager other than its holder, or,
 * where none can give it, the recovery code shown at setup. `approvers`: approversFor(the actor).
 */
export function resetApprovalNeeded(target: AccountRow, approvers: readonly AccountRow[], signs = false): 'none' | 'safety_manager' | 'recovery_code' {
  // An account linked to a person too: whoever knows its temporary password sets that person's door
  // PIN and goes in as them (an insider probe and a review, after the link itself was made to need approval).
  if (!signs && target.person_id === null && !rolesOf(target).some((r) => PRIVILEGED_ROLES.includes(r))) return 'none';
  return approvers.some((a) => a.id !== target.id) ? 'safety_manager' : 'recovery_code';
}

/**
 * Does the account sign the monthly review: a site head, or a reviewer the safety manager designated
 * (a designation not voided, whatever its dates). Every account has a signing key once it has its own
 * password, but only these may seal a month.
 */
export function signs(store: HandlerContext['store'], account: AccountRow): boolean {
  if (rolesOf(account).includes('site_head')) return true;
  return !!store.stmt("SELECT 1 FROM reviewer_designations WHERE account_id = ? AND status = 'valid' LIMIT 1").get(account.id);
}

/**
 * Art. 16(3) (an id is issued on request, one per user) and SPEC §7 (the door PIN is set by the
 * person): an account linked to a person acts as that person — records their stays, sets their PIN.
 * An administrator links one only with a safety manager's approval (an insider probe: the
 * administrator alone made an account for an employee who had none, set its PIN, and went into the
 * server room as him). A safety manager links directly. Returns the approver's id, or null.
 */
export async function approvePersonLink(ctx: HandlerContext, approval: Approval | undefined, targetId: string | null, already: string | null = null): Promise<string | null> {
  const actor = getAccount(ctx.store, requireSession(ctx).accountId);
  // A safety manager links directly — unless she is an administrator too: then another one approves (a probe).
  if (actor && rolesOf(actor).includes('safety_manager') && !rolesOf(actor).includes('sysadmin')) return already;
  if (already) return already;
  if (!approval) throw new DaichoError('invalid_input', 'accounts.errors.link_approval_required', 'approval');
  return (await approveAsSafetyManager(ctx, approval, { targetId })).id;
}
