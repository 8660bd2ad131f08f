import { useState } from 'react';
import { Controller, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { CONDITIONS } from '../../../shared/ledgers/assets';
import { canCall } from '../auth/access';
import { Field } from '../components/Field';
import { PersonPicker, type PersonRef } from '../components/PersonPicker';
import { useDates } from '../hooks/useDates';
import { echoLocalInput, fromLocalInput } from '../lib/japan-time';
import { useApp } from '../state/app';
import { encodeMessage } from '../forms/errors';
import type { FormValues } from '../ledgers/kit/form-values';

/** The return's fields a new checkout takes when typed in from a returned paper slip. */
export const PAST_RETURN_FIELDS = ['returnedAt', 'receivedBy', 'condition', 'dataHandling'] as const;

/**
 * A paper slip typed in after its return (SPEC §4.3, a clerk at the desk): the return in the same
 * record — when, received by whom, in what condition, what was done with its data. Then the asset
 * may be out or lost now (its picker offers it; the core checks the slip's period meets no other).
 * A clerk's or the safety manager's, as recording a return naming its receiver is.
 */
export function PastReturnControls({ form, amending }: { form: UseFormReturn<FormValues>; amending: boolean }) {
  const { t } = useTranslation();
  const dates = useDates();
  const keeper = canCall('checkouts.amend', useApp((s) => s.session));
  const [on, setOn] = useState(false);
  if (amending || !keeper) return null;
  const e = form.formState.errors;
  const message = (k: (typeof PAST_RETURN_FIELDS)[number]) => e[k]?.message as string | undefined;
  const returnedAt = form.watch('returnedAt');
  // Said at the field before anything is sent: a slip marked returned without its return would go out now.
  const required = encodeMessage('errors.field.required');
  const toggle = (checked: boolean) => {
    setOn(checked);
    // Taken back: nothing of it is sent, and the asset picker again offers only what is in storage.
    // (Unregistered: their rules go with them.)
    if (!checked) form.unregister([...PAST_RETURN_FIELDS]);
  };
  return (
    <div className="span-2">
      <label className="checkbox">
        <input type="checkbox" checked={on} onChange={(ev) => toggle(ev.target.checked)} data-testid="past-return-toggle" aria-describedby="past-return-hint" />
        <span>{t('assets.checkouts.pastReturn.toggle')}</span>
      </label>
      <p className="field-hint" id="past-return-hint">
        {t('assets.checkouts.pastReturn.hint')}
      </p>
      {on && (
        <fieldset className="fieldset" data-testid="past-return">
          <legend>{t('assets.checkouts.pastReturn.title')}</legend>
          <div className="form-grid">
            <Field label={t('assets.checkouts.return.returnedAt')} error={message('returnedAt')} required hint={echoLocalInput(typeof returnedAt === 'string' ? returnedAt : '', dates.lang) ?? undefined}>
              {(p) => <input {...p} {...form.register('returnedAt', { required: required })} type="datetime-local" className="input" />}
            </Field>
            <Field label={t('assets.checkouts.return.receivedBy')} error={message('receivedBy')} required choice>
              {(p) => (
                <Controller
                  control={form.control}
                  name="receivedBy"
                  rules={{ required }}
                  render={({ field }) => <PersonPicker value={(field.value as PersonRef | null) ?? null} onChange={field.onChange} onBlur={field.onBlur} inputRef={field.ref} control={p} at={typeof returnedAt === 'string' ? returnedAt : null} />}
                />
              )}
            </Field>
            <Field label={t('assets.checkouts.return.condition')} error={message('condition')} required choice>
              {(p) => (
                <select {...p} {...form.register('condition', { required: encodeMessage('errors.field.required_choice') })} className="input">
                  <ConditionOptions />
                </select>
              )}
            </Field>
            <Field label={t('assets.checkouts.return.dataHandling')} error={message('dataHandling')} hint={t('assets.checkouts.return.dataHandlingHint')}>
              {(p) => <input {...p} {...form.register('dataHandling')} className="input" maxLength={100} />}
            </Field>
          </div>
        </fieldset>
      )}
    </div>
  );
}

/** What the return's fields send with the new checkout (nothing when not typed in with its return). */
export function pastReturnInput(values: FormValues): Record<string, unknown> {
  const at = typeof values.returnedAt === 'string' && values.returnedAt ? fromLocalInput(values.returnedAt) : null;
  const who = values.receivedBy as PersonRef | null | undefined;
  const condition = typeof values.condition === 'string' && values.condition ? values.condition : undefined;
  const data = typeof values.dataHandling === 'string' ? values.dataHandling.trim() : '';
  if (!at && !who && !condition && !data) return {};
  return { ...(at ? { returnedAt: at } : {}), ...(who ? { receivedBy: who.id } : {}), ...(condition ? { condition } : {}), dataHandling: data || null };
}

/** A return's condition, as a select's options (the return dialog's and a returned slip's). */
export function ConditionOptions() {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t('common.choose')}</option>
      {CONDITIONS.map((c) => (
        <option key={c} value={c}>
          {t(`assets.checkouts.values.condition.${c}`)}
        </option>
      ))}
    </>
  );
}
