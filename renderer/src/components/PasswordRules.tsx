import { useTranslation } from 'react-i18next';
import { Check, Circle, X } from 'lucide-react';

// SPEC §2 / Art. 17: the rules are checked by the core; this list shows them while typing.
// "Not common" needs the bundled list, which only the core has: it is shown as a rule, unchecked.

const MIN_LENGTH = 10;

function containsName(password: string, displayName: string): boolean {
  const lower = password.toLowerCase();
  const parts = displayName.toLowerCase().split(/[\s\u3000]+/).filter((p) => p.length >= 2);
  const joined = displayName.toLowerCase().replace(/[\s\u3000]+/g, '');
  return parts.some((p) => lower.includes(p)) || (joined.length >= 2 && lower.includes(joined));
}

export function PasswordRules({ password, loginId, displayName, id }: { password: string; loginId?: string; displayName?: string; id?: string }) {
  const { t } = useTranslation();
  const typed = password.length > 0;
  const rules: { key: string; label: string; ok: boolean | null }[] = [
    { key: 'length', label: t('auth.password.rules.length'), ok: typed ? [...password].length >= MIN_LENGTH : null },
    { key: 'common', label: t('auth.password.rules.common'), ok: null },
    { key: 'noId', label: t('auth.password.rules.noId'), ok: typed && loginId ? !password.toLowerCase().includes(loginId.toLowerCase()) : null },
    { key: 'noName', label: t('auth.password.rules.noName'), ok: typed && displayName ? !containsName(password, displayName) : null },
  ];
  return (
    <div className="password-rules" id={id}>
      <p className="password-rules-title">{t('auth.password.rules.title')}</p>
      <ul>
        {rules.map((r) => (
          <li key={r.key} className={r.ok === null ? 'rule-pending' : r.ok ? 'rule-ok' : 'rule-bad'}>
            {r.ok === null ? <Circle size={12} aria-hidden="true" /> : r.ok ? <Check size={14} aria-hidden="true" /> : <X size={14} aria-hidden="true" />}
            <span>{r.label}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
