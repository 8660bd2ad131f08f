// Every place a password is checked again (SPEC §2 lockout), by the journal action it is written
// under. Each check's failures, locks and resets are journaled as `<check>.fail`, `<check>.fail.guard`
// (the first failure from a device makes its guard row), `<check>.reset_failures` and
// `<check>.refused_locked`; the account history labels each from the check and the outcome, so a new
// check added here without its label is a compile error (shared/i18n accounts.passwordChecks).
export const PASSWORD_CHECKS = [
  'auth.signin',
  'auth.unlock',
  'auth.change_password',
  'auth.elevate',
  'accounts.approval',
  'me.set_pin',
  'retention.erase',
  'outside.accept',
  'terminal.start',
  'terminal.stop',
  'checkouts.approval',
  'checkouts.receipt',
  'review.sign',
  'review.reopen',
] as const;
export type PasswordCheck = (typeof PASSWORD_CHECKS)[number];

export const PASSWORD_CHECK_OUTCOMES = ['fail', 'fail.guard', 'reset_failures', 'refused_locked'] as const;
export type PasswordCheckOutcome = (typeof PASSWORD_CHECK_OUTCOMES)[number];

/** A journal action of a password check, split into the check and its outcome; null for any other action. */
export function passwordCheckAction(action: string): { check: PasswordCheck; outcome: PasswordCheckOutcome } | null {
  for (const outcome of PASSWORD_CHECK_OUTCOMES) {
    const suffix = `.${outcome}`;
    if (!action.endsWith(suffix)) continue;
    const check = action.slice(0, -suffix.length);
    if ((PASSWORD_CHECKS as readonly string[]).includes(check)) return { check: check as PasswordCheck, outcome };
  }
  return null;
}

/** A dotted name as a catalog key part (dots become underscores), keeping its literal type. */
export function underscored<S extends string>(s: S): Underscored<S> {
  return s.replace(/\./g, '_') as Underscored<S>;
}
type Underscored<S extends string> = S extends `${infer A}.${infer B}` ? `${A}_${Underscored<B>}` : S;
