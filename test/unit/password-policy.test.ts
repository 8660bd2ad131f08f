import { describe, expect, it } from 'vitest';
import { isCommonPassword, passwordProblem, passwordRuleChecks, tooCloseToOld } from '../../shared/domain/password-policy';

// SPEC §2: a password holding the account's login ID or its holder's name is refused, whatever the
// width or case its characters are typed in (a probe: the login ID in full-width letters was accepted).
describe('password rules', () => {
  it('finds the login ID and the name in full-width, half-width and other cases', () => {
    expect(passwordProblem('ｉｔｏ.ｄａｉｓｕｋｅ1x', 'ito.daisuke', '伊藤 大輔')).toBe('auth.errors.password_contains_id');
    expect(passwordProblem('Ｉｔｏ．Ｄａｉｓｕｋｅ-99', 'ito.daisuke', '伊藤 大輔')).toBe('auth.errors.password_contains_id');
    expect(passwordProblem('xITO.DAISUKEx', 'ito.daisuke', '伊藤 大輔')).toBe('auth.errors.password_contains_id');
    expect(passwordProblem('ﾔﾏﾀﾞ-Kagi-7314', 'k.yamada', 'ヤマダ タロウ')).toBe('auth.errors.password_contains_name');
    expect(passwordProblem('Yamada-kagi-7314', 'k.tanaka', 'ＹＡＭＡＤＡ Taro')).toBe('auth.errors.password_contains_name');
    // Its separators changed or left out, or its words in another order (a probe).
    for (const p of ['sato-kenichi-2026', 'satokenichi2026', 'sato_kenichi_2026', 'Kenichi-Sato-2026', 'Kenichi-7-SATO-48'])
      expect(passwordProblem(p, 'sato.kenichi', '佐藤 健一'), p).toBe('auth.errors.password_contains_id');
    // A short id's letters are not looked for without its separators: k.s in thanks, it.admin's "it" in Submit.
    expect(passwordRuleChecks('Many-thanks-2291', 'k.s', '佐藤 健')).toMatchObject({ noId: true });
    expect(passwordRuleChecks('Submit-the-admin-22', 'it.admin', '佐藤 健')).toMatchObject({ noId: true });
    // One word of it alone is not the id (an administrator's 'admin' in Shoki-kagi-admin-5051 for sato.admin).
    expect(passwordRuleChecks('Shoki-kagi-admin-5051', 'sato.admin', '佐藤 健')).toMatchObject({ noId: true });
    // Neither: kept.
    expect(passwordRuleChecks('Aozora-Kagi-7314', 'ito.daisuke', '伊藤 大輔')).toEqual({ length: true, common: true, noId: true, noName: true });
    // No ID or name to compare with (a key file's passphrase).
    expect(passwordRuleChecks('Aozora-Kagi-7314')).toMatchObject({ noId: true, noName: true });
  });

  it('reads symbols and digits as the letters they stand for, and finds seasons with the year, digit runs with a few letters and keyboard columns (an insider probe)', () => {
    for (const p of ['Pa$$w0rd123', 'Aa123456789', 'zaq12wsxcde', 'Summer2026!!', 'Winter-2026', 'natsu2026!!', 'December2026', '$ecret2026!'])
      expect(isCommonPassword(p), p).toBe(true);
    // The test accounts' passwords, words and digits of no list, are not common.
    for (const p of ['Aozora-Kagi-7314', 'Tsubame-Kaze-3752', 'Hoshi-zora-2283', 'Aki-no-sora-6143', 'Natsu-matsuri-5528'])
      expect(isCommonPassword(p), p).toBe(false);
  });

  it('a new password the old one with a little changed (one added, one changed, held inside) is too close; another is not', () => {
    for (const p of ['Tsubame-Kaze-3752x', 'Tsubame-Kaze-3753', 'TSUBAME-KAZE-3752', 'xTsubame-Kaze-3752!!', 'Tsubame-Kaze-37'])
      expect(tooCloseToOld(p, 'Tsubame-Kaze-3752'), p).toBe(true);
    for (const p of ['Aozora-Kagi-7314', 'Tsubame-Hane-8861'])
      expect(tooCloseToOld(p, 'Tsubame-Kaze-3752'), p).toBe(false);
  });
});
