import { Fragment, useEffect, useRef, useState, type ComponentType } from 'react';
import { Controller, useForm, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Save } from 'lucide-react';
import type { SiteInfo } from '../../../../shared/api/core-contract';
import type { ApiError } from '../../../../shared/api/errors';
import { amendSchema, createSchema, fieldSchema, previewsAnomalies, type FieldDef, type LedgerDefinition } from '../../../../shared/ledgers/kit';
import { Alert, ErrorAlert } from '../../components/Alert';
import { DialogActions } from '../../components/DialogActions';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { PersonPicker, type PersonRef } from '../../components/PersonPicker';
import { SiteOptions } from '../../components/SiteOptions';
import { applyApiError, decodeMessage, encodeMessage, formResolver, secondPersonRefusal } from '../../forms/errors';
import { defaultMonth } from './default-month';
import { echoLocalInput, nowLocalInput } from '../../lib/japan-time';
import { addDays, formatDate, formatMonth } from '../../../../shared/dates';
import { definitionOfTable } from '../registry';
import { SealedMonthNotice } from '../../review/SealedMonthNotice';
import { kitUnitOf } from '../../review/unit-of';
import { useApp } from '../../state/app';
import { RefSelect, type RefUnavailable } from './RefSelect';
import { recordWords, useDescribe, useSiteDay } from './record-words';
import { useDates } from '../../hooks/useDates';
import { flash } from '../../state/flash';
import { ledgerApi, useKitText } from './kit-api';
import { KitPreviewSummary } from './KitPreview';
import { changedFields, fromForm, toForm, type FormValue, type FormValues } from './form-values';
import type { KitRecord } from './KitValue';
import { ReasonField } from '../../components/ReasonField';

/** What a ledger adds to its record dialog (a checkout's approval): controls on the same form, and their part of the input. */
export interface RecordFormExtra {
  Controls: ComponentType<{ form: UseFormReturn<FormValues>; amending: boolean }>;
  input(values: FormValues): Record<string, unknown>;
  /** Its part of a preview's input, where not all of `input` (no second person's password is sent to a preview). */
  previewInput?(values: FormValues): Record<string, unknown>;
  /** The form fields its controls hold (for the core's refusals to land on them). */
  fields: readonly string[];
  /** Controls shown under a field of the definition, by its key (a checkout's 返却予定 quick choices, a cabinet opener's warning): a date and time or a person. */
  fieldAddons?: Record<string, ComponentType<{ form: UseFormReturn<FormValues>; amending: boolean }>>;
  /** The field its controls come before (the checklist's items before its 備考: a walk-through found 備考 first in tab order); default after them all. */
  before?: string;
}

/** Today in Japan, or the day before until the field's dayTurnsAt hour. */
function todayFor(f: FieldDef): string {
  const now = nowLocalInput();
  return f.dayTurnsAt !== undefined && Number(now.slice(11, 13)) < f.dayTurnsAt ? addDays(now.slice(0, 10), -1) : now.slice(0, 10);
}

/**
 * A kit ledger's record dialog (issue 8): one control per field of its definition, checked in the
 * form by the same schema the core uses (one source of limits), and for a correction only the
 * changed fields are sent, with the reason.
 */
export function KitRecordDialog({
  def, sites, record, onClose, onSaved, extra, refFilters, refUnavailable, refUnavailableUnless, onAmendExisting, carry, prefill,
}: {
  def: LedgerDefinition;
  sites: SiteInfo[];
  record?: KitRecord;
  onClose: () => void;
  onSaved: () => void;
  extra?: RecordFormExtra;
  /** A register's records a ref field offers, filtered (only assets in storage go out). */
  refFilters?: Record<string, Record<string, unknown>>;
  /** A new record's ref field: the records not free now, with why (offered, not to be chosen). */
  refUnavailable?: RefUnavailable;
  /** …but choosable (still last, with why) once this field (by the ref field's key) is filled: a past session with its lock time takes a cabinet open now. */
  refUnavailableUnless?: Record<string, string>;
  /**
   * A new record refused because one already stands for it (a day's checklist): correct that one
   * instead, with what was typed here (the fields typed in, by key).
   */
  onAmendExisting?: (recordId: string, typed: FormValues) => void;
  /** A correction opened from a refused new record: what was typed there, over the record's values (nothing typed is lost). */
  carry?: FormValues;
  /** A new record's values given where it was asked for (a system not checked yet: its system and month), by field key. */
  prefill?: Record<string, unknown>;
}) {
  const { t, i18n } = useTranslation();
  const k = useKitText(def);
  const describe = useDescribe(def);
  const { lang } = useDates();
  const siteDay = useSiteDay();
  /** A text field's hint, where the ledger's catalog has one (`hints.<field>`): what leaving it empty means. */
  const hintOf = (f: FieldDef) => (i18n.exists(`${def.i18n}.hints.${f.key}`) ? k.text(`${def.i18n}.hints.${f.key}`) : undefined);
  const me = useApp((s) => s.session?.person ?? null);
  // Whoever keeps the whole ledger (a clerk at the desk) records for others: no field starts as them
  // (a walk-through: a checkout's borrower started as the clerk, recorded so when not changed).
  const roles = useApp((s) => s.session?.roles);
  const keepsAll = def.access.read.some((r) => roles?.includes(r));
  const amending = !!record;
  // A register (no time of its own: assets, cabinets, guest cards, systems) is registered in, not recorded in (a walk-through).
  const isRegister = !def.timeField;
  const fields = amending ? def.fields.filter((f) => f.amendable !== false) : def.fields.filter((f) => f.create !== false);
  // Given when recorded and never corrected (a visitor's guest card, which the register lent): said, with what to do instead
  // (a walk-through: a card recorded wrongly had no field in the correction, and nothing said why).
  const fixedFields = amending ? def.fields.filter((f) => f.amendable === false && f.create !== false) : [];
  const [error, setError] = useState<ApiError | null>(null);
  // The record that already stands for this one (the core said so), offered for correction.
  const [existing, setExisting] = useState<string | null>(null);
  // A new record starts from now and from the signed-in person where the definition says so.
  const initial = (f: FieldDef): FormValue => {
    if (record) return toForm(f, record[f.key], record.names[f.key]);
    if (prefill && Object.hasOwn(prefill, f.key)) return toForm(f, prefill[f.key], null);
    if (f.defaultNow) return f.type.kind === 'date' ? todayFor(f) : nowLocalInput();
    if (f.key === def.monthField && f.type.kind === 'month') return defaultMonth(def);
    if (f.defaultSelf && me && !keepsAll) return f.type.kind === 'ref' && f.type.table === 'people' ? { id: me.id, name: me.name, employeeNo: me.employeeNo } : '';
    return toForm(f, null, null);
  };
  const defaults: FormValues = Object.fromEntries(def.fields.map((f) => [f.key, initial(f)]));
  const form = useForm<FormValues>({ defaultValues: { ...defaults, reason: '' } });
  const { register, handleSubmit, formState, setError: setFieldError } = form;
  const e = formState.errors;
  // What was typed into the refused new record: in the correction, as changes (dirty, so Escape asks first).
  const carried = useRef(false);
  // …and said, field by field where it differs from what is recorded (a walk-through: a checklist's
  // recorded NG became the OK typed for the refused new one, with nothing to say so).
  const [carryShown, setCarryShown] = useState(true);
  const carriedChanges = record && carry && carryShown ? changedFields(fields, record, carry) : [];
  useEffect(() => {
    if (!record || !carry || carried.current) return;
    carried.current = true; // once, when the correction opens
    for (const f of fields) if (Object.hasOwn(carry, f.key)) form.setValue(f.key, carry[f.key], { shouldDirty: true });
  }, [record, carry, fields, form]);

  // A new record's site: the first site, once the sites are known.
  const siteKey = def.siteField;
  // A record whose site is chosen in the form is offered only that site's records of a register with
  // sites (a visitor at 本社 gets 本社's guest cards; another site's is refused on save anyway).
  const siteDef = def.fields.find((f) => f.key === siteKey);
  const siteChosen = !!siteDef && (amending ? siteDef.amendable !== false : siteDef.create !== false);
  const formSite: unknown = siteKey ? form.watch(siteKey) : undefined;
  const refFilterOf = (key: string, other: LedgerDefinition): Record<string, unknown> | undefined =>
    siteChosen && other.siteField && typeof formSite === 'string' && formSite ? { ...refFilters?.[key], siteId: formSite } : refFilters?.[key];
  // A register's records are grouped by the site chosen in the form where it has one (a visitor at 大阪営業所:
  // its guest cards are this record's, not "another site's"), else by the signed-in person's site.
  const groupSite = siteChosen && typeof formSite === 'string' && formSite ? formSite : (me?.siteId ?? null);
  useEffect(() => {
    if (!amending && siteKey && !form.getValues(siteKey) && sites[0]) form.setValue(siteKey, sites[0].id);
  }, [sites, form, amending, siteKey]);
  // Another site chosen: a record of a register with sites chosen for the first (a guest card of
  // 本社) is not the new site's — cleared, to be chosen again from the new site's.
  const shownSite = useRef(formSite);
  useEffect(() => {
    const before = shownSite.current;
    shownSite.current = formSite;
    if (!siteChosen || !before || before === formSite) return;
    for (const f of fields)
      if (f.type.kind === 'ref' && definitionOfTable(f.type.table)?.siteField && form.getValues(f.key)) form.setValue(f.key, '', { shouldDirty: true });
  }, [formSite, siteChosen, fields, form]);

  // The month and site the form's values put the record in (a sealed one is said before saving).
  const unitFields = def.fields.filter((f) => f.key === (def.monthField ?? def.timeField) || f.key === siteKey);
  const unitValues = form.watch(unitFields.map((f) => f.key));
  // The record's time: a record of an earlier day may name someone who has left since (PersonPicker `at`).
  const timeValue: unknown = def.timeField ? form.watch(def.timeField) : undefined;
  const filled = (key: string | undefined) => key !== undefined && !!form.watch(key);
  const recordAt = typeof timeValue === 'string' ? timeValue : null;
  const formUnit = kitUnitOf(def, { ...record, ...Object.fromEntries(unitFields.map((f, i) => [f.key, fromForm(f, unitValues[i])])) });

  // A new record as the add would take it, or a correction's changes as the amend would, for the preview of its
  // anomalies (KitPreviewSummary says when it can be asked).
  const watched = form.watch();
  const previewBody = !previewsAnomalies(def)
    ? null
    : record
      ? { id: record.id, changes: Object.fromEntries(changedFields(fields, record, watched).map((f) => [f.key, fromForm(f, watched[f.key])])) }
      : { ...Object.fromEntries(fields.map((f) => [f.key, fromForm(f, watched[f.key])])), ...(extra?.previewInput ?? extra?.input)?.(watched) };

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const input = Object.fromEntries(fields.map((f) => [f.key, fromForm(f, values[f.key])]));
    let body: unknown;
    if (!record) body = { ...input, ...extra?.input(values) };
    else {
      const changed = changedFields(fields, record, values);
      // A required field emptied is refused at the field, as on a new record — not left out as unchanged ("no changes").
      const emptied = changed.filter((f) => input[f.key] === undefined);
      if (emptied.length > 0) {
        emptied.forEach((f, i) => {
          const message = fieldSchema(f).safeParse(undefined).error?.issues[0]?.message ?? encodeMessage('errors.field.required');
          setFieldError(f.key, { message }, { shouldFocus: i === 0 });
        });
        return;
      }
      const changes = Object.fromEntries(changed.map((f) => [f.key, input[f.key]]));
      if (Object.keys(changes).length === 0) return setFieldError('root', { message: encodeMessage('errors.no_change') });
      body = { id: record.id, changes, reason: values.reason, version: record.version };
    }
    // The core's own schema first: a refusal at the field, before anything is sent.
    const checked = formResolver(record ? amendSchema(def) : createSchema(def));
    const result = await checked(body as never, undefined, { fields: {}, shouldUseNativeValidation: false });
    const issues = Object.entries(result.errors ?? {});
    if (issues.length > 0) {
      let focus = true;
      const flat = (prefix: string, errs: Record<string, unknown>) => {
        for (const [name, err] of Object.entries(errs)) {
          const m = (err as { message?: unknown }).message;
          // A field's path as the form names it (a correction's "changes." left out): items.1.remark.
          const path = `${prefix}${name}`.replace(/^changes\./, '');
          if (typeof m === 'string') {
            setFieldError(path === 'changes' ? 'root' : path, { message: m }, { shouldFocus: focus });
            focus = false;
          } else if (err && typeof err === 'object') flat(`${prefix}${name}.`, err as Record<string, unknown>);
        }
      };
      flat('', result.errors as Record<string, unknown>);
      return;
    }
    const r = await ledgerApi<KitRecord>(def, record ? 'amend' : 'add', body);
    // The record already there (the day's checklist, the month's check): also when said with other refusals.
    const existingId = r.ok ? undefined : [r.error, ...(r.error.issues ?? [])].map((e) => e.params?.recordId).find((id) => typeof id === 'string');
    setExisting(typeof existingId === 'string' ? existingId : null);
    if (!r.ok) {
      const error = secondPersonRefusal(r.error, (f) => form.setValue(f, ''));
      return setError(applyApiError(error, setFieldError, [...fields.map((f) => f.key), 'reason', ...(extra?.fields ?? [])], (f) => f.replace(/^changes\./, '')));
    }
    // Which record, in a few words (a walk-through: some ledgers said only 「記録しました。」).
    const names = recordWords(def, r.value, siteDay).join(' / ');
    const done = record ? t('ledgerKit.form.amended') : t(isRegister ? 'ledgerKit.form.registered' : 'ledgerKit.form.added');
    flash(names ? t('ledgerKit.form.doneNamed', { what: names, done }) : done);
    onSaved();
  });

  const control = (f: FieldDef) => {
    // A structured field has the ledger's own control (its record-form addition).
    if (f.type.kind === 'json') return null;
    const err = e[f.key]?.message;
    const label = k.label(f);
    const required = f.required;
    switch (f.type.kind) {
      case 'boolean':
        // はい or いいえ in the ledger's words, chosen each time: a checkbox left alone would say いいえ for the clerk.
        return (
          <Field key={f.key} label={label} error={err} required={required} choice className="span-2">
            {(p) => (
              <Controller
                control={form.control}
                name={f.key}
                render={({ field }) => (
                  <div role="radiogroup" aria-labelledby={`${p.id}-label`} aria-required={p['aria-required']} aria-invalid={p['aria-invalid']} aria-describedby={p['aria-describedby']} className="kit-yes-no">
                    {[true, false].map((v) => (
                      <label className="checkbox" key={String(v)}>
                        <input type="radio" name={field.name} ref={v ? field.ref : undefined} checked={field.value === v} onChange={() => field.onChange(v)} onBlur={field.onBlur} />
                        <span>{k.boolValue(f.key, v)}</span>
                      </label>
                    ))}
                  </div>
                )}
              />
            )}
          </Field>
        );
      case 'enum': {
        // Only what a correction may set, and the value it has now (a walk-through: 持出中 and 紛失 were offered, and refused).
        const now = record ? (record as Record<string, unknown>)[f.key] : undefined;
        const values = f.settable ? f.type.values.filter((v) => f.settable!.includes(v) || v === now) : f.type.values;
        return (
          <Field key={f.key} label={label} error={err} required={required} choice>
            {(p) => (
              <select {...p} {...register(f.key)} className="input">
                <option value="">{required ? t('common.choose') : '—'}</option>
                {values.map((v) => (
                  <option key={v} value={v}>
                    {k.enumValue(f.key, v)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        );
      }
      case 'ref':
        if (f.type.table === 'sites')
          return (
            <Field key={f.key} label={label} error={err} required={required} choice>
              {(p) => (
                <Controller
                  control={form.control}
                  name={f.key}
                  render={({ field }) => (
                    <select {...p} {...field} value={typeof field.value === 'string' ? field.value : ''} className="input">
                      {!required && <option value="">—</option>}
                      <SiteOptions sites={sites} />
                    </select>
                  )}
                />
              )}
            </Field>
          );
        if (f.type.table === 'people') {
          const Addon = extra?.fieldAddons?.[f.key];
          return (
            <Field key={f.key} label={label} error={err} required={required} choice after={Addon && <Addon form={form} amending={amending} />}>
              {(p) => (
                <Controller
                  control={form.control}
                  name={f.key}
                  render={({ field }) => <PersonPicker value={(field.value as PersonRef | null) ?? null} onChange={field.onChange} onBlur={field.onBlur} inputRef={field.ref} control={p} at={recordAt} />}
                />
              )}
            </Field>
          );
        }
        {
          const other = definitionOfTable(f.type.table);
          const nameColumn = f.type.nameColumn;
          if (other)
            return (
              <Field key={f.key} label={label} error={err} required={required} choice>
                {(p) => (
                  <Controller
                    control={form.control}
                    name={f.key}
                    render={({ field }) => (
                      <RefSelect
                        def={other}
                        nameColumn={nameColumn}
                        value={typeof field.value === 'string' ? field.value : ''}
                        currentName={record?.names[f.key]}
                        onChange={field.onChange}
                        onBlur={field.onBlur}
                        selectRef={field.ref}
                        control={p}
                        required={required}
                        filter={refFilterOf(f.key, other)}
                        unavailable={record ? undefined : refUnavailable?.[f.key]}
                        unavailableAllowed={filled(refUnavailableUnless?.[f.key])}
                        homeSite={groupSite}
                        homeIsRecords={groupSite !== null && groupSite !== (me?.siteId ?? null)}
                        siteOrder={sites.map((s) => s.id)}
                        testId={`field-${f.key}`}
                      />
                    )}
                  />
                )}
              </Field>
            );
        }
        return (
          <Field key={f.key} label={label} error={err} required={required}>
            {(p) => <input {...p} {...register(f.key)} className="input input-code" autoComplete="off" />}
          </Field>
        );
      case 'instant': {
        const value = form.watch(f.key);
        const echo = typeof value === 'string' ? echoLocalInput(value, lang) : null;
        const Addon = extra?.fieldAddons?.[f.key];
        return (
          <Field key={f.key} label={label} error={err} required={required} hint={echo ?? undefined} after={Addon && <Addon form={form} amending={amending} />}>
            {(p) => <input {...p} {...register(f.key)} type="datetime-local" className="input" />}
          </Field>
        );
      }
      case 'month': {
        // Read back in words (令和8年10月), as a date and time is: the browser's own control may speak English.
        const value = form.watch(f.key);
        const echo = typeof value === 'string' && /^\d{4}-\d{2}$/.test(value) ? formatMonth(value, lang) : undefined;
        return (
          <Field key={f.key} label={label} error={err} required={required} hint={echo}>
            {(p) => <input {...p} {...register(f.key)} type="month" className="input" />}
          </Field>
        );
      }
      case 'date': {
        const value = form.watch(f.key);
        const echo = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(`${value}T12:00:00+09:00`, lang, { weekday: true, timeZone: 'Asia/Tokyo' }) : undefined;
        return (
          <Field key={f.key} label={label} error={err} required={required} hint={echo}>
            {(p) => <input {...p} {...register(f.key)} type="date" className="input" />}
          </Field>
        );
      }
      case 'integer':
        return (
          <Field key={f.key} label={label} error={err} required={required}>
            {(p) => <input {...p} {...register(f.key)} type="number" inputMode="numeric" min={f.type.kind === 'integer' ? f.type.min : undefined} max={f.type.kind === 'integer' ? f.type.max : undefined} className="input" />}
          </Field>
        );
      default:
        return f.type.kind === 'text' && f.type.multiline ? (
          <Field key={f.key} label={label} error={err} required={required} className="span-2" hint={hintOf(f)}>
            {(p) => <textarea {...p} {...register(f.key)} className="input" rows={3} maxLength={f.type.kind === 'text' ? f.type.max : undefined} />}
          </Field>
        ) : (
          <Field key={f.key} label={label} error={err} required={required} hint={hintOf(f)}>
            {(p) => <input {...p} {...register(f.key)} className="input" maxLength={f.type.kind === 'text' ? f.type.max : undefined} autoComplete="off" />}
          </Field>
        );
    }
  };

  return (
    <Modal title={t(amending ? 'ledgerKit.form.amendTitle' : isRegister ? 'ledgerKit.form.registerTitle' : 'ledgerKit.form.addTitle', { ledger: k.title })} onClose={onClose} size="lg" testId={amending ? 'record-amend-dialog' : 'record-add-dialog'} dirty={formState.isDirty} startAtFirstField={amending}>
      <form onSubmit={onSubmit} noValidate>
        {/* Which record is corrected, in a few words (a walk-through: the dialog did not say). */}
        {amending && (
          <p className="dialog-lead" data-testid="amend-which">
            <strong>{t('ledgerKit.form.amendWhich', { what: describe(record) })}</strong>
          </p>
        )}
        {amending && <p className="dialog-lead">{t('ledgerKit.form.amendLead')}</p>}
        {amending && fixedFields.length > 0 && (
          <p className="field-hint" data-testid="amend-fixed">
            {t('ledgerKit.form.amendFixed', { fields: fixedFields.map((f) => k.label(f)).join(t('common.listSeparator')) })}
          </p>
        )}
        {carriedChanges.length > 0 && (
          <Alert tone="warning" testId="carried-changes">
            <p>{t('ledgerKit.form.carried', { fields: carriedChanges.map((f) => k.label(f)).join(t('common.listSeparator')) })}</p>
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              onClick={() => {
                form.reset({ ...defaults, reason: form.getValues('reason') });
                setCarryShown(false);
              }}
            >
              {t('ledgerKit.form.carriedUndo')}
            </button>
          </Alert>
        )}
        {existing && onAmendExisting && (
          <p>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => onAmendExisting(existing, Object.fromEntries(Object.keys(formState.dirtyFields).map((key) => [key, form.getValues(key)])))}
              data-testid="amend-existing"
            >
              {t('ledgerKit.form.amendExisting')}
            </button>
          </p>
        )}
        <ErrorAlert error={error ?? (e.root?.message ? { code: 'invalid_input', ...decodeMessage(e.root.message) } : null)} />
        <div className="form-grid">
          {fields.map((f) => (
            <Fragment key={f.key}>
              {extra?.before === f.key && <extra.Controls form={form} amending={amending} />}
              {control(f)}
            </Fragment>
          ))}
          {extra && !fields.some((f) => f.key === extra.before) && <extra.Controls form={form} amending={amending} />}
          <SealedMonthNotice ledger={def.key} from={record ? kitUnitOf(def, record as unknown as Record<string, unknown>) : null} to={formUnit} siteName={(id) => sites.find((s) => s.id === id)?.name} className="span-2" />
          {amending && (
            <ReasonField label={t('ledgerKit.form.reason')} error={e.reason?.message} registration={register('reason')} className="span-2" />
          )}
        </div>
        <DialogActions onClose={onClose} submitting={formState.isSubmitting} note={previewBody ? <KitPreviewSummary def={def} body={previewBody} amending={amending} /> : undefined}>
          <Save size={16} aria-hidden="true" />
          {amending ? t('ledgerKit.form.submitAmend') : t(isRegister ? 'ledgerKit.form.submitRegister' : 'ledgerKit.form.submitAdd')}
        </DialogActions>
      </form>
    </Modal>
  );
}

