import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ShieldCheck } from 'lucide-react';
import { PRIVILEGED_ROLES, ROLES, type Role } from '../../../shared/domain/roles';
import { Field } from '../components/Field';
import { FieldMessage } from '../components/FieldMessage';
import { PasswordInput } from '../components/PasswordInput';

export interface RoleFormValues {
  roles: Role[];
  approval: { approverLoginId: string; approverPassword: string };
}

/** The role checkboxes, each with what it is for. */
export function RoleCheckboxes({ register, errors }: { register: UseFormRegister<RoleFormValues>; errors: FieldErrors<RoleFormValues> }) {
  const { t } = useTranslation();
  return (
    <fieldset className="field role-fieldset" aria-describedby="roles-hint">
      <legend className="field-label">
        {t('accounts.roles')}
        <span className="field-required" aria-hidden="true">
          *
        </span>
      </legend>
      <div className="role-options">
        {ROLES.map((role) => (
          <label key={role} className="checkbox role-option">
            <input type="checkbox" value={role} {...register('roles')} />
            <span>
              <span className="role-name">
                {t(`common.roles.${role}`)}
                {PRIVILEGED_ROLES.includes(role) && <ShieldCheck size={14} aria-hidden="true" className="role-privileged" />}
              </span>
              <span className="role-hint">{t(`common.roleHints.${role}`)}</span>
            </span>
          </label>
        ))}
      </div>
      <FieldMessage message={errors.roles?.message ?? errors.roles?.root?.message} />
      <p className="field-hint" id="roles-hint">
        {t('accounts.rolesHint')}
      </p>
    </fieldset>
  );
}

/** The approving safety manager's login id and password. */
export function ApprovalFields({
  register,
  errors,
  title,
  lead,
}: {
  register: UseFormRegister<RoleFormValues>;
  errors: FieldErrors<RoleFormValues>;
  title?: string;
  lead?: string;
}) {
  const { t } = useTranslation();
  const e = errors.approval;
  return (
    <fieldset className="approval" data-testid="approval">
      <legend>
        <ShieldCheck size={16} aria-hidden="true" />
        {title ?? t('accounts.approval.title')}
      </legend>
      <p className="field-hint">{lead ?? t('accounts.approval.lead')}</p>
      <FieldMessage message={e?.message ?? e?.root?.message} />
      <div className="form-grid">
        <Field label={t('accounts.approval.loginId')} error={e?.approverLoginId?.message} required>
          {(p) => <input {...p} {...register('approval.approverLoginId')} className="input" autoComplete="off" spellCheck={false} autoCapitalize="off" />}
        </Field>
        <Field label={t('accounts.approval.password')} error={e?.approverPassword?.message} required>
          {(p) => <PasswordInput {...p} {...register('approval.approverPassword')} autoComplete="off" />}
        </Field>
      </div>
    </fieldset>
  );
}
