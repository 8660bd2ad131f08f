import { useTranslation } from 'react-i18next';
import { Check, Circle, X } from 'lucide-react';
import { passwordRuleChecks } from '../../../shared/domain/password-policy';

// SPEC §2 / Art. 17: the same rules the core applies (shared/domain/password-policy), shown while typing.

export function PasswordRules({ password, loginId, displayName, id }: { password: string; loginId?: string; displayName?: string; id?: string }) {
  const { t } = useTranslation();
  const typed = password.length > 0;
  const checks = passwordRuleChecks(password, loginId, displayName);
  const rules: { key: string; label: string; ok: boolean | null }[] = [
    { key: 'length', label: t('auth.password.rules.length'), ok: typed ? checks.length : null },
    { key: 'common', label: t('auth.password.rules.common'), ok: typed ? checks.common : null },
    { key: 'noId', label: t('auth.password.rules.noId'), ok: typed && loginId ? checks.noId : null },
    { key: 'noName', label: t('auth.password.rules.noName'), ok: typed && displayName ? checks.noName : null },
  ];
  return (
    <div className="password-rules" id={id}>
      <p className="password-rules-title">{t('auth.password.rules.title')}</p>
      <ul>
        {rules.map((r) => (
          <li key={r.key} className={r.ok === null ? 'rule-pending' : r.ok ? 'rule-ok' : 'rule-bad'}>
            {r.ok === null ? <Circle size={12} aria-hidden="true" /> : r.ok ? <Check size={14} aria-hidden="true" /> : <X size={14} aria-hidden="true" />}
            <span>{r.label}</span>
            {/* The ✓/✗ are pictures: say the state in words too (screen readers, WCAG 1.4.1). */}
            {r.ok !== null && <span className="visually-hidden">{r.ok ? t('auth.password.rules.met') : t('auth.password.rules.unmet')}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
