import { describe, expect, it } from 'vitest';
import { lookup } from '../../shared/i18n';
import { PASSWORD_CHECKS, PASSWORD_CHECK_OUTCOMES, passwordCheckAction, underscored } from '../../shared/domain/password-checks';

// Every failure, lock and reset of every password check is journaled under `<check>.<outcome>`; the
// account history must show each in words in both languages (they were shown as raw action names).

describe('password-check actions in the account history', () => {
  it('every check and outcome splits back from its action and has words in Japanese and English', () => {
    for (const check of PASSWORD_CHECKS)
      for (const outcome of PASSWORD_CHECK_OUTCOMES) {
        const action = `${check}.${outcome}`;
        expect(passwordCheckAction(action), action).toEqual({ check, outcome });
        for (const lang of ['ja', 'en'] as const) {
          expect(lookup(lang, `accounts.passwordChecks.${underscored(check)}`), `${lang} ${check}`).toEqual(expect.any(String));
          expect(lookup(lang, `accounts.passwordCheckOutcomes.${underscored(outcome)}`), `${lang} ${outcome}`).toMatch(/\{\{check\}\}/);
        }
      }
  });

  it('other actions are not taken for password checks', () => {
    for (const a of ['auth.lock', 'accounts.create', 'terminal.pin_fail', 'auth.signin', 'auth.signin.failed', 'nothing.fail']) expect(passwordCheckAction(a), a).toBeNull();
  });
});
