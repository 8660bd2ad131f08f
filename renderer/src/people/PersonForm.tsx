import { useEffect, useId, useState } from 'react';
import { Controller, useForm, type FieldPath } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Save } from 'lucide-react';
import { z } from 'zod';
import type { SiteInfo } from '../../../shared/api/core-contract';
import type { ApiError } from '../../../shared/api/errors';
import { reason } from '../../../shared/api/schemas';
import { personFields, type Person, type PersonFields } from '../../../shared/ledgers/people';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { applyApiError, decodeMessage, encodeMessage, formResolver } from '../forms/errors';
import { flash } from '../state/flash';
import { SiteOptions } from '../components/SiteOptions';
import { DialogActions } from '../components/DialogActions';
import { ReasonField } from '../components/ReasonField';
import { noPersonBehind } from '../ledgers/kit/own-record';
import { useApp } from '../state/app';

const addSchema = personFields;
/**
 * A correction's form: the card number as the register shows it (its last four, people/handlers.ts shownCard) stands
 * for the card kept; a new number replaces it, an empty box takes it away.
 */
const amendSchemaFor = (person: Person) =>
  personFields.extend({ reason, cardNo: z.preprocess((v) => (person.cardNo !== null && v === person.cardNo ? undefined : v), personFields.shape.cardNo.optional()) });
type FormValues = z.input<ReturnType<typeof amendSchemaFor>>;
const FIELDS = ['name', 'kana', 'employeeNo', 'department', 'siteId', 'cardNo', 'serverRoomAuthorized', 'reason'] as const;

function initial(person: Person | undefined, sites: SiteInfo[]): FormValues {
  return {
    name: person?.name ?? '',
    kana: person?.kana ?? '',
    employeeNo: person?.employeeNo ?? '',
    department: person?.department ?? '',
    siteId: person?.siteId ?? sites[0]?.id ?? '',
    cardNo: person?.cardNo ?? '',
    serverRoomAuthorized: person?.serverRoomAuthorized ?? false,
    reason: '',
  };
}

/** Only what differs from the stored record: an amendment sends just its changes (SPEC §3). */
function changesFrom(person: Person, v: PersonFields): Partial<PersonFields> {
  const out: Partial<PersonFields> = {};
  for (const k of Object.keys(v) as (keyof PersonFields)[]) if (v[k] !== undefined && v[k] !== person[k]) (out as Record<string, unknown>)[k] = v[k];
  return out;
}

/** Register a person, or correct one (with a reason). */
export function PersonForm({ person, sites, onClose, onSaved }: { person?: Person; sites: SiteInfo[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const amending = !!person;
  // An account no person stands behind grants and withdraws no entry (errors.no_person_behind, SessionInfo.noPersonBehind): the box is kept as it is, and it is said why.
  const personless = noPersonBehind(useApp((s) => s.session));
  const noPersonHint = useId();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm<FormValues>({
    // The add form has no reason; the amend form needs one.
    resolver: formResolver(person ? amendSchemaFor(person) : addSchema.extend({ reason: z.string().optional() })) as never,
    defaultValues: initial(person, sites),
  });
  const { register, handleSubmit, formState } = form;
  const e = formState.errors;
  const dirty = formState.dirtyFields;

  // The sites may arrive after the dialog opened: preselect the head office then.
  useEffect(() => {
    if (!form.getValues('siteId') && sites[0]) form.setValue('siteId', sites[0].id);
  }, [sites, form]);

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const parsed = values as unknown as PersonFields & { reason?: string };
    const { reason: why, ...fields } = parsed;
    if (!person) {
      const r = await api('people.add', fields);
      if (!r.ok) return setError(applyApiError(r.error, form.setError, FIELDS));
      flash(t('people.add.done', { name: r.value.name }));
      onSaved();
      return;
    }
    const changes = changesFrom(person, fields);
    if (Object.keys(changes).length === 0) {
      form.setError('root', { message: encodeMessage('errors.no_change') });
      return;
    }
    const r = await api('people.amend', { id: person.id, changes, reason: why ?? '', version: person.version });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, FIELDS, (f) => f.replace(/^changes\./, '')));
    flash(t('people.amend.done', { name: r.value.name }));
    onSaved();
  });

  const changed = (name: FieldPath<FormValues>) =>
    amending && dirty[name as keyof typeof dirty] ? <span className="badge badge-warning changed-tag">{t('history.changed')}</span> : null;
  const label = (name: FieldPath<FormValues>, key: MessageKey) => (
    <>
      {t(key)}
      {changed(name)}
    </>
  );

  return (
    <Modal title={amending ? t('people.amend.title') : t('people.add.title')} onClose={onClose} size="lg" testId={amending ? 'amend-dialog' : 'add-dialog'} dirty={formState.isDirty} startAtFirstField={amending}>
      <form onSubmit={onSubmit} noValidate>
        {amending && <p className="dialog-lead">{t('people.amend.lead')}</p>}
        <ErrorAlert error={error ?? (e.root?.message ? { code: 'invalid_input', ...decodeMessage(e.root.message) } : null)} />
        <div className="form-grid">
          <Field label={label('name', 'people.fields.name')} error={e.name?.message} required>
            {(p) => <input {...p} {...register('name')} className="input" placeholder={t('people.placeholders.name')} autoFocus autoComplete="off" />}
          </Field>
          <Field label={label('kana', 'people.fields.kana')} error={e.kana?.message} required>
            {(p) => <input {...p} {...register('kana')} className="input" placeholder={t('people.placeholders.kana')} autoComplete="off" />}
          </Field>
          <Field label={label('employeeNo', 'people.fields.employeeNo')} error={e.employeeNo?.message} required>
            {(p) => <input {...p} {...register('employeeNo')} className="input input-code" placeholder={t('people.placeholders.employeeNo')} autoComplete="off" />}
          </Field>
          <Field label={label('department', 'people.fields.department')} error={e.department?.message} required>
            {(p) => <input {...p} {...register('department')} className="input" placeholder={t('people.placeholders.department')} autoComplete="off" />}
          </Field>
          <Field label={label('siteId', 'people.fields.siteId')} error={e.siteId?.message} required choice>
            {(p) => (
              // Controlled, so it shows the person's site even when the sites arrive after the dialog opened.
              <Controller
                control={form.control}
                name="siteId"
                render={({ field }) => (
                  <select {...p} {...field} className="input">
                    <SiteOptions sites={sites} />
                  </select>
                )}
              />
            )}
          </Field>
          <Field label={label('cardNo', 'people.fields.cardNo')} error={e.cardNo?.message} hint={person?.cardNo ? t('people.hints.cardKept') : undefined}>
            {(p) => (
              <input
                {...p}
                {...register('cardNo')}
                className="input input-code"
                placeholder={t('people.placeholders.cardNo')}
                autoComplete="off"
                // The card kept (shown by its last four): selected, so that a new number typed or read replaces it.
                onFocus={(ev) => ev.currentTarget.value === person?.cardNo && ev.currentTarget.select()}
              />
            )}
          </Field>
          <div className="field span-2">
            <label className="checkbox">
              <input type="checkbox" {...register('serverRoomAuthorized')} disabled={personless} aria-describedby={personless ? noPersonHint : undefined} />
              <span>{label('serverRoomAuthorized', 'people.fields.serverRoomAuthorized')}</span>
            </label>
            {personless && (
              <p className="field-hint note-warning" id={noPersonHint} data-testid="no-person-note">
                {t('people.hints.noPersonAuthorized')}
              </p>
            )}
          </div>
          {amending && (
            <ReasonField label={t('people.amend.reason')} error={e.reason?.message} registration={register('reason')} className="span-2" />
          )}
        </div>
        <DialogActions onClose={onClose} submitting={formState.isSubmitting}>
          <Save size={16} aria-hidden="true" />
          {amending ? t('people.amend.submit') : t('people.add.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}
