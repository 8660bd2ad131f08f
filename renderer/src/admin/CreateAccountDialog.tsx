import { useState } from 'react';
import { useForm, useWatch, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { UserPlus } from 'lucide-react';
import { z } from 'zod';
import { contract } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { PasswordInput } from '../components/PasswordInput';
import { PasswordRules } from '../components/PasswordRules';
import { applyApiError, formResolver, secondPersonRefusal } from '../forms/errors';
import { flash } from '../state/flash';
import { approvalInput, approvalToSend, requireApprovalWhenPrivileged } from './approval';
import { ApprovalFields, RoleCheckboxes, type RoleFormValues } from './RoleFields';
import { grantNeedsApproval } from '../../../shared/domain/roles';
import { DialogActions } from '../components/DialogActions';

const input = contract['accounts.create'].input.shape;
const schema = z
  .object({ loginId: input.loginId, displayName: input.displayName, roles: input.roles, password: input.password, approval: approvalInput })
  .superRefine(requireApprovalWhenPrivileged());
type FormValues = z.input<typeof schema>;
const FIELDS = ['loginId', 'displayName', 'roles', 'password', 'approval'];

export function CreateAccountDialog({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm<FormValues, unknown, z.output<typeof schema>>({
    resolver: formResolver(schema),
    defaultValues: { loginId: '', displayName: '', roles: ['staff'], password: '', approval: { approverLoginId: '', approverPassword: '' } },
  });
  const { register, handleSubmit, formState, control } = form;
  const e = formState.errors;
  const [roles, password, loginId, displayName] = useWatch({ control, name: ['roles', 'password', 'loginId', 'displayName'] });

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('accounts.create', { loginId: v.loginId, displayName: v.displayName, roles: v.roles, password: v.password, ...approvalToSend(v.roles, v.approval) });
    if (!r.ok) {
      form.resetField('approval.approverPassword');
      return setError(applyApiError(secondPersonRefusal(r.error, () => form.setValue('approval.approverPassword', '')), form.setError, FIELDS));
    }
    flash(t('accounts.create.done', { name: r.value.displayName }));
    onSaved();
  });

  const roleRegister = register as unknown as UseFormRegister<RoleFormValues>;
  return (
    <Modal title={t('accounts.create.title')} onClose={onClose} size="lg" testId="create-account-dialog" dirty={formState.isDirty}>
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <ErrorAlert error={error} />
        <div className="form-grid">
          <Field label={t('accounts.displayName')} error={e.displayName?.message} required>
            {(p) => <input {...p} {...register('displayName')} className="input" autoComplete="off" autoFocus />}
          </Field>
          <Field label={t('accounts.loginId')} error={e.loginId?.message} hint={t('accounts.loginIdHint')} required>
            {(p) => <input {...p} {...register('loginId')} className="input" autoComplete="off" spellCheck={false} autoCapitalize="off" />}
          </Field>
        </div>
        <RoleCheckboxes register={roleRegister} errors={e} />
        <div className="form-grid">
          <Field label={t('accounts.create.password')} error={e.password?.message} hint={t('accounts.create.passwordHint')} required>
            {(p) => <PasswordInput {...p} {...register('password')} autoComplete="new-password" />}
          </Field>
          <PasswordRules password={password ?? ''} loginId={loginId} displayName={displayName} />
        </div>
        {grantNeedsApproval(roles) && <ApprovalFields register={roleRegister} errors={e} />}
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <UserPlus size={16} aria-hidden="true" />
          {t('accounts.create.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}
