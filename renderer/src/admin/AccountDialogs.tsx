import { useEffect, useId, useState } from 'react';
import { Controller, useForm, useWatch, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { KeyRound, Link2, MapPin, ShieldCheck, UserCheck, UserMinus } from 'lucide-react';
import { z } from 'zod';
import { contract } from '../../../shared/api/contract';
import { DELETION_WITHIN_DAYS, type AccountInfo, type SiteInfo } from '../../../shared/api/core-contract';
import type { ApiError } from '../../../shared/api/errors';
import { addDays, isPlainDate, toPlainDate } from '../../../shared/dates';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { DialogActions } from '../components/DialogActions';
import { Field } from '../components/Field';
import { FieldMessage } from '../components/FieldMessage';
import { Modal } from '../components/Modal';
import { PasswordInput } from '../components/PasswordInput';
import { PasswordRules } from '../components/PasswordRules';
import { applyApiError, formResolver, secondPersonRefusal } from '../forms/errors';
import { useDates } from '../hooks/useDates';
import { flash } from '../state/flash';
import { approvalInput, approvalToSend, requireApprovalWhenPrivileged } from './approval';
import { ApprovalFields, RoleCheckboxes, type RoleFormValues } from './RoleFields';
import { grantNeedsApproval, PRIVILEGED_ROLES } from '../../../shared/domain/roles';
import { signedOut, useApp } from '../state/app';
import { PersonPicker } from '../components/PersonPicker';
import { msg } from '../../../shared/api/schemas';
import { ReasonField } from '../components/ReasonField';

interface DialogProps {
  account: AccountInfo;
  onClose: () => void;
  onSaved: () => void;
}

/** Art. 16(5): suspended with a planned deletion date, never deleted while records refer to it. */
export function SuspendDialog({ account, onClose, onSaved }: DialogProps) {
  const { t } = useTranslation();
  const dates = useDates();
  const schema = contract['accounts.suspend'].input.pick({ reason: true, plannedDeletionOn: true });
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(schema), defaultValues: { reason: '', plannedDeletionOn: addDays(toPlainDate(new Date()), 30) } });
  const { register, handleSubmit, formState, control } = form;
  const date = useWatch({ control, name: 'plannedDeletionOn' });

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('accounts.suspend', { id: account.id, ...v });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['reason', 'plannedDeletionOn']));
    flash(t('accounts.suspend.done', { name: account.displayName }));
    onSaved();
  });

  return (
    <Modal title={t('accounts.suspend.title')} onClose={onClose} size="md" testId="suspend-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('accounts.suspend.lead', { name: account.displayName, loginId: account.loginId })}</p>
        <ErrorAlert error={error} />
        <ReasonField label={t('accounts.reason')} error={formState.errors.reason?.message} registration={register('reason')} autoFocus />
        <Field
          label={t('accounts.suspend.plannedDeletionOn')}
          error={formState.errors.plannedDeletionOn?.message}
          required
          hint={date && isPlainDate(date) ? dates.date(date, true) : undefined}
        >
          {(p) => <input {...p} {...register('plannedDeletionOn')} type="date" className="input input-date" min={toPlainDate(new Date())} max={addDays(toPlainDate(new Date()), DELETION_WITHIN_DAYS)} />}
        </Field>
        <DialogActions onClose={onClose} submitting={formState.isSubmitting} danger>
          <UserMinus size={16} aria-hidden="true" />
          {t('accounts.suspend.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}

/**
 * A suspended account taken back into use (利用再開: a mistaken suspension, someone back from leave —
 * one person keeps one id, Art. 16(2)), with a reason and a safety manager's approval, as its access
 * is granted anew (a walk-through: a suspension could not be undone).
 */
export function ReactivateDialog({ account, onClose, onSaved }: DialogProps) {
  const { t } = useTranslation();
  const input = contract['accounts.reactivate'].input.shape;
  // As the core asks: every ID taken back into use is access granted anew, approved by a safety manager.
  const needsApproval = true;
  const schema = z.object({ reason: input.reason, approval: approvalInput }).superRefine((v, ctx) => {
    if (needsApproval) requireApprovalWhenPrivileged()({ roles: ['safety_manager'], approval: v.approval }, ctx);
  });
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: formResolver(schema),
    defaultValues: { reason: '', approval: { approverLoginId: '', approverPassword: '' } },
  });
  const { register, handleSubmit, formState } = form;

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('accounts.reactivate', { id: account.id, reason: v.reason, ...approvalToSend(needsApproval ? ['safety_manager'] : [], v.approval) });
    if (!r.ok) {
      form.resetField('approval.approverPassword');
      return setError(applyApiError(secondPersonRefusal(r.error, () => form.setValue('approval.approverPassword', '')), form.setError, ['reason', 'approval']));
    }
    flash(t('accounts.reactivate.done', { name: account.displayName }));
    onSaved();
  });

  return (
    <Modal title={t('accounts.reactivate.title')} onClose={onClose} size="md" testId="reactivate-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('accounts.reactivate.lead', { name: account.displayName, loginId: account.loginId })}</p>
        <ErrorAlert error={error} />
        <ReasonField label={t('accounts.reason')} error={formState.errors.reason?.message} registration={register('reason')} autoFocus />
        {needsApproval && <ApprovalFields register={register as unknown as UseFormRegister<RoleFormValues>} errors={formState.errors} />}
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <UserCheck size={16} aria-hidden="true" />
          {t('accounts.reactivate.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}

/**
 * A temporary password the person must change at the next sign-in (Art. 17). For a system
 * administrator or safety manager, a safety manager other than the holder approves in the same
 * dialog — or, where there is none, the recovery code (issue 6).
 */
export function ResetPasswordDialog({ account, onClose, onSaved }: DialogProps) {
  const { t } = useTranslation();
  const input = contract['accounts.resetPassword'].input.shape;
  const needs = account.resetNeeds;
  const schema = z
    .object({ temporaryPassword: input.temporaryPassword, reason: input.reason, approval: approvalInput.extend({ recoveryCode: z.string() }) })
    .superRefine((v, ctx) => {
      const { recoveryCode, ...byLogin } = v.approval;
      if (needs === 'safety_manager') requireApprovalWhenPrivileged()({ roles: ['safety_manager'], approval: byLogin }, ctx);
      if (needs === 'recovery_code' && !recoveryCode.trim()) ctx.addIssue({ code: 'custom', path: ['approval', 'recoveryCode'], ...msg('errors.field.required') });
    });
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: formResolver(schema),
    defaultValues: { temporaryPassword: '', reason: '', approval: { approverLoginId: '', approverPassword: '', recoveryCode: '' } },
  });
  const { register, handleSubmit, formState, control } = form;
  const password = useWatch({ control, name: 'temporaryPassword' });

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const approval =
      needs === 'safety_manager'
        ? { approval: { approverLoginId: v.approval.approverLoginId.trim(), approverPassword: v.approval.approverPassword } }
        : needs === 'recovery_code'
          ? { approval: { recoveryCode: v.approval.recoveryCode.trim() } }
          : {};
    const r = await api('accounts.resetPassword', { id: account.id, temporaryPassword: v.temporaryPassword, reason: v.reason, ...approval });
    if (!r.ok) {
      form.resetField('approval.approverPassword');
      return setError(applyApiError(secondPersonRefusal(r.error, () => form.setValue('approval.approverPassword', '')), form.setError, ['temporaryPassword', 'reason', 'approval']));
    }
    flash(t('accounts.reset.done', { name: account.displayName }));
    onSaved();
  });
  const roleRegister = register as unknown as UseFormRegister<RoleFormValues>;

  return (
    <Modal title={t('accounts.reset.title')} onClose={onClose} size="md" testId="reset-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('accounts.reset.lead', { name: account.displayName, loginId: account.loginId })}</p>
        {/* Said before, not found at the next sign-off (a walk-through: only a notice to the safety manager told of it). */}
        <p className="field-hint" data-testid="reset-key-note">
          {t('accounts.reset.keyNote')}
        </p>
        <ErrorAlert error={error} />
        <Field label={t('accounts.reset.temporaryPassword')} error={formState.errors.temporaryPassword?.message} required>
          {(p) => <PasswordInput {...p} {...register('temporaryPassword')} autoComplete="new-password" autoFocus />}
        </Field>
        <PasswordRules password={password ?? ''} loginId={account.loginId} displayName={account.displayName} />
        <ReasonField label={t('accounts.reason')} error={formState.errors.reason?.message} registration={register('reason')} />
        {needs === 'safety_manager' && (
          <ApprovalFields register={roleRegister} errors={formState.errors} title={t('accounts.resetApproval.title')} lead={t('accounts.resetApproval.lead')} />
        )}
        {needs === 'recovery_code' && (
          <fieldset className="approval" data-testid="recovery-approval">
            <legend>
              <ShieldCheck size={16} aria-hidden="true" />
              {t('accounts.resetApproval.recoveryTitle')}
            </legend>
            <p className="field-hint">{t('accounts.resetApproval.recoveryLead')}</p>
            <Field label={t('accounts.resetApproval.recoveryCode')} error={formState.errors.approval?.recoveryCode?.message} required>
              {(p) => <input {...p} {...register('approval.recoveryCode')} className="input mono" autoComplete="off" spellCheck={false} autoCapitalize="characters" />}
            </Field>
          </fieldset>
        )}
        <p className="field-hint">{t('accounts.reset.notified')}</p>
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <KeyRound size={16} aria-hidden="true" />
          {t('accounts.reset.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}

/** Change roles; adding a privileged role, or any role to oneself, needs the safety manager's approval (Art. 15). */
export function SetRolesDialog({ account, onClose, onSaved }: DialogProps) {
  const { t } = useTranslation();
  const self = useApp((s) => s.session?.accountId) === account.id;
  const input = contract['accounts.setRoles'].input.shape;
  const schema = z.object({ roles: input.roles, reason: input.reason, approval: approvalInput }).superRefine(requireApprovalWhenPrivileged(account.roles, self));
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: formResolver(schema),
    defaultValues: { roles: account.roles, reason: '', approval: { approverLoginId: '', approverPassword: '' } },
  });
  const { register, handleSubmit, formState, control } = form;
  const roles = useWatch({ control, name: 'roles' });

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('accounts.setRoles', { id: account.id, roles: v.roles, reason: v.reason, ...approvalToSend(v.roles, v.approval, account.roles, self) });
    if (!r.ok) {
      form.resetField('approval.approverPassword');
      return setError(applyApiError(secondPersonRefusal(r.error, () => form.setValue('approval.approverPassword', '')), form.setError, ['roles', 'reason', 'approval']));
    }
    // One's own roles take effect at the next sign-in, and the change ends this session: said so, not as a
    // lost connection (a probe: 「接続が切れたため…」 after a change that had worked).
    if (self) return signedOut({ messageKey: 'accounts.setRoles.selfSignedOut', tone: 'info' });
    flash(t('accounts.setRoles.done', { name: account.displayName }));
    onSaved();
  });

  const roleRegister = register as unknown as UseFormRegister<RoleFormValues>;
  return (
    <Modal title={t('accounts.setRoles.title')} onClose={onClose} size="lg" testId="roles-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('accounts.setRoles.lead', { name: account.displayName, loginId: account.loginId })}</p>
        <ErrorAlert error={error} />
        <RoleCheckboxes register={roleRegister} errors={formState.errors} />
        <ReasonField label={t('accounts.reason')} error={formState.errors.reason?.message} registration={register('reason')} />
        {grantNeedsApproval(roles, account.roles, self) && (
          <ApprovalFields
            register={roleRegister}
            errors={formState.errors}
            lead={roles.some((r) => PRIVILEGED_ROLES.includes(r) && !account.roles.includes(r)) ? undefined : t('accounts.approval.selfLead')}
          />
        )}
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <ShieldCheck size={16} aria-hidden="true" />
          {t('accounts.setRoles.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}

/** Link the account to its person in the register (own stays, door-terminal PIN), or unlink it. Said with who made the account, when, for its approver. */
export function LinkPersonDialog({ account, onClose, onSaved }: DialogProps) {
  const { t } = useTranslation();
  const dates = useDates();
  const createdLine = (c: NonNullable<AccountInfo['created']>) =>
    c.byName ? t('accounts.linkPerson.created', { at: dates.dateTime(c.at), name: c.byName, loginId: c.byLoginId ?? '' }) : t('accounts.linkPerson.createdAtSetup', { at: dates.dateTime(c.at) });
  const input = contract['accounts.setPerson'].input.shape;
  // An administrator links a person only with a safety manager's approval; a safety manager links directly.
  const needsApproval = !useApp((s) => s.session?.roles.includes('safety_manager'));
  const schema = z
    .object({ person: z.object({ id: z.string(), name: z.string(), employeeNo: z.string() }).nullable(), reason: input.reason, approval: approvalInput })
    .superRefine((v, ctx) => {
      if (needsApproval && (v.person?.id ?? null) !== account.personId) requireApprovalWhenPrivileged()({ roles: ['safety_manager'], approval: v.approval }, ctx);
    });
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: formResolver(schema),
    defaultValues: { person: null, reason: '', approval: { approverLoginId: '', approverPassword: '' } },
  });
  const { register, handleSubmit, formState, control } = form;
  const chosen = useWatch({ control, name: 'person' });
  // Start from the person it is linked to now, so saving without a change does not unlink it;
  // nothing can be saved until that is known.
  const [loaded, setLoaded] = useState(!account.personId);
  // Unlinking too: the link says which records are a reviewer's own.
  const asksApproval = needsApproval && loaded && (chosen?.id ?? null) !== account.personId;
  useEffect(() => {
    if (!account.personId) return;
    void api('people.get', { id: account.personId }).then((r) => {
      if (r.ok) {
        form.setValue('person', { id: r.value.id, name: r.value.name, employeeNo: r.value.employeeNo });
        setLoaded(true);
      } else setError(r.error);
    });
  }, [account.personId, form]);

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const approval = asksApproval ? { approval: { approverLoginId: v.approval.approverLoginId.trim(), approverPassword: v.approval.approverPassword } } : {};
    const r = await api('accounts.setPerson', { id: account.id, personId: v.person?.id ?? null, reason: v.reason, ...approval });
    if (!r.ok) {
      form.resetField('approval.approverPassword');
      const error = r.error.field === 'personId' ? { ...r.error, field: 'person' } : secondPersonRefusal(r.error, () => form.setValue('approval.approverPassword', ''));
      return setError(applyApiError(error, form.setError, ['person', 'reason', 'approval']));
    }
    flash(t('accounts.linkPerson.done', { name: account.displayName }));
    onSaved();
  });

  return (
    <Modal title={t('accounts.linkPerson.title')} onClose={onClose} size="md" testId="link-person-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('accounts.linkPerson.lead', { name: account.displayName, loginId: account.loginId })}</p>
        {account.created && <p data-testid="account-created">{createdLine(account.created)}</p>}
        <ErrorAlert error={error} />
        <Field label={t('accounts.linkPerson.person')} error={formState.errors.person?.message} hint={t('accounts.linkPerson.hint')}>
          {(p) => (
            <Controller
              control={control}
              name="person"
              render={({ field }) => <PersonPicker value={field.value} onChange={field.onChange} onBlur={field.onBlur} inputRef={field.ref} control={p} active="active" autoFocus testId="link-person" />}
            />
          )}
        </Field>
        <ReasonField label={t('accounts.reason')} error={formState.errors.reason?.message} registration={register('reason')} />
        {asksApproval && (
          <ApprovalFields register={register as unknown as UseFormRegister<RoleFormValues>} errors={formState.errors} title={t('accounts.linkApproval.title')} lead={t('accounts.linkApproval.lead')} />
        )}
        <DialogActions onClose={onClose} submitting={formState.isSubmitting || !loaded}>
          <Link2 size={16} aria-hidden="true" />
          {t('accounts.linkPerson.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}

/** The sites a site head reviews (issue 11): only these sites' ledgers are theirs to review. */
export function SetSitesDialog({ account, sites, onClose, onSaved }: DialogProps & { sites: readonly SiteInfo[] }) {
  const { t } = useTranslation();
  const input = contract['accounts.setSites'].input.shape;
  const schema = z.object({ siteIds: input.siteIds, reason: input.reason });
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({ resolver: formResolver(schema), defaultValues: { siteIds: account.siteIds, reason: '' } });
  const { register, handleSubmit, formState } = form;
  const errorId = `${useId()}-error`;
  const siteError = formState.errors.siteIds?.message ?? formState.errors.siteIds?.root?.message;

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('accounts.setSites', { id: account.id, siteIds: v.siteIds, reason: v.reason });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['siteIds', 'reason']));
    flash(t('review.sites.done', { name: account.displayName }));
    onSaved();
  });

  return (
    <Modal title={t('review.sites.title')} onClose={onClose} size="md" testId="sites-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('review.sites.lead', { name: account.displayName, loginId: account.loginId })}</p>
        <ErrorAlert error={error} />
        <fieldset className={`field check-group${siteError ? ' field-invalid' : ''}`} aria-describedby={siteError ? errorId : undefined}>
          <legend className="field-label">{t('review.sites.label')}</legend>
          <div className="check-options">
            {sites.map((s) => (
              <label key={s.id} className="checkbox">
                <input type="checkbox" value={s.id} {...register('siteIds')} />
                <span>{s.name}</span>
              </label>
            ))}
          </div>
          <FieldMessage id={errorId} message={siteError} />
        </fieldset>
        <ReasonField label={t('accounts.reason')} error={formState.errors.reason?.message} registration={register('reason')} />
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <MapPin size={16} aria-hidden="true" />
          {t('review.sites.save')}
        </DialogActions>
      </form>
    </Modal>
  );
}
