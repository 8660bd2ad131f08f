import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseFormReturn } from 'react-hook-form';
import { api } from '../api/api';
import { Field } from '../components/Field';
import { PasswordInput } from '../components/PasswordInput';
import { DueChoices } from './DueChoices';
import { fromLocalInput } from '../lib/japan-time';
import type { RecordFormExtra } from '../ledgers/kit/KitRecordDialog';
import type { FormValues } from '../ledgers/kit/form-values';

/**
 * A checkout's second-person approval (SPEC §4.3), in the same dialog: shown when the chosen asset's
 * kind needs it at its site; the approver types their own login ID and password.
 */
function ApprovalControls({ form, amending }: { form: UseFormReturn<FormValues>; amending: boolean }) {
  const { t } = useTranslation();
  const assetId = form.watch('assetId');
  // Asked for when it goes out: a paper slip typed in later needs what the asset and the policy asked then.
  const outAt = form.watch('checkedOutAt');
  const at = typeof outAt === 'string' ? (fromLocalInput(outAt) ?? undefined) : undefined;
  const [required, setRequired] = useState(false);
  // An approval typed for an asset that needs none is not sent (a mistyped password would count against the approver).
  // (Only when there is one: unregistering nothing marked an untouched form as changed, and Escape asked
  // whether to lose what was typed — a walk-through.)
  useEffect(() => {
    if (!required && form.getValues('approval') !== undefined) form.unregister('approval');
  }, [required, form]);
  useEffect(() => {
    if (amending || typeof assetId !== 'string' || !assetId) return setRequired(false);
    let live = true;
    void api('checkouts.policy', { assetId, at }).then((r) => live && setRequired(r.ok && r.value.approvalRequired));
    return () => {
      live = false;
    };
  }, [assetId, at, amending]);
  if (!required) return null;
  const e = form.formState.errors as Record<string, { approverLoginId?: { message?: string }; approverPassword?: { message?: string } } | undefined>;
  return (
    <fieldset className="span-2 fieldset" data-testid="approval">
      <legend>{t('assets.checkouts.approval.title')}</legend>
      <p className="field-hint">{t('assets.checkouts.approval.lead')}</p>
      <div className="form-grid">
        <Field label={t('assets.checkouts.approval.loginId')} error={e.approval?.approverLoginId?.message} required>
          {(p) => <input {...p} {...form.register('approval.approverLoginId')} className="input" autoComplete="off" spellCheck={false} autoCapitalize="off" />}
        </Field>
        <Field label={t('assets.checkouts.approval.password')} error={e.approval?.approverPassword?.message} required>
          {(p) => <PasswordInput {...p} {...form.register('approval.approverPassword')} autoComplete="off" />}
        </Field>
      </div>
    </fieldset>
  );
}

export const approvalForm: RecordFormExtra = {
  Controls: ApprovalControls,
  // Sent when the approver's fields are there (the core decides whether the kind needs them).
  input: (values) => {
    const a = values.approval as { approverLoginId?: string; approverPassword?: string } | undefined;
    return a && (a.approverLoginId || a.approverPassword) ? { approval: { approverLoginId: a.approverLoginId ?? '', approverPassword: a.approverPassword ?? '' } } : {};
  },
  fields: ['approval.approverLoginId', 'approval.approverPassword'],
  fieldAddons: { dueAt: DueChoices },
};
