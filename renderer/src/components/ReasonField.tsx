import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { Field } from './Field';

/** The reason a change needs (SPEC §3): a required text of at most 500 characters, with the hint of what to write. */
export function ReasonField({ label, error, registration, rows = 2, className, autoFocus }: { label: ReactNode; error?: string; registration: UseFormRegisterReturn; rows?: number; className?: string; autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <Field label={label} error={error} required className={className} hint={t('common.reasonHint')}>
      {(p) => <textarea {...p} {...registration} className="input" rows={rows} maxLength={500} autoFocus={autoFocus} />}
    </Field>
  );
}
