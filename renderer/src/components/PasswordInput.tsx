import { useState, type InputHTMLAttributes, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Eye, EyeOff } from 'lucide-react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { ref?: Ref<HTMLInputElement> };

/** A password box with a show/hide toggle (typing a long password blind invites mistakes). */
export function PasswordInput({ className, ref, ...props }: Props) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <div className="password-input">
      <input ref={ref} {...props} type={shown ? 'text' : 'password'} className={`input${className ? ` ${className}` : ''}`} spellCheck={false} autoCapitalize="off" />
      <button
        type="button"
        className="password-toggle"
        onClick={() => setShown((s) => !s)}
        aria-label={shown ? t('auth.password.hide') : t('auth.password.show')}
        aria-pressed={shown}
        title={shown ? t('auth.password.hide') : t('auth.password.show')}
      >
        {shown ? <EyeOff size={16} aria-hidden="true" /> : <Eye size={16} aria-hidden="true" />}
      </button>
    </div>
  );
}
