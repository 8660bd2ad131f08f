import { useEffect, useMemo, useState } from 'react';
import { SettingsHistoryLink } from '../admin/SettingsHistoryPage';
import { useFieldArray, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Archive, ArchiveRestore, Plus, Save, Undo2 } from 'lucide-react';
import { z } from 'zod';
import type { ApiError } from '../../../shared/api/errors';
import { reason, text, msg } from '../../../shared/api/schemas';
import { isTimeOfDay, parseTimeOfDay } from '../../../shared/calendar';
import { purposeCode, SETTINGS_LIMITS, type ServerRoomSettingsView } from '../../../shared/ledgers/serverRoom';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { FieldMessage } from '../components/FieldMessage';
import { applyApiError, encodeMessage, formResolver } from '../forms/errors';
import { useSites } from '../hooks/useSites';
import { flash } from '../state/flash';
import { forgetPurposes } from './usePurposes';
import './server-room.css';
import { SiteOptions } from '../components/SiteOptions';

// SPEC §4: the thresholds of the server-room book are settings per site (business hours, longest
// stay, late-record limit) and so is the purpose list. The core checks every rule again and names
// the field; the form checks the same rules first so most mistakes show before saving.

const { maxStayMinutes: STAY, lateRecordHours: LATE } = SETTINGS_LIMITS;
const timeOfDay = z.string().trim().refine(isTimeOfDay, msg('serverRoom.errors.time_of_day'));

const schema = z
  .object({
    businessHours: z
      .object({ start: timeOfDay, end: timeOfDay })
      .refine((h) => !isTimeOfDay(h.start) || !isTimeOfDay(h.end) || parseTimeOfDay(h.end) > parseTimeOfDay(h.start), {
        path: ['end'],
        ...msg('serverRoom.errors.hours_order'),
      }),
    maxStayMinutes: z
      .number()
      .int()
      .min(STAY.min, { message: encodeMessage('serverRoom.errors.max_stay_range', STAY) })
      .max(STAY.max, { message: encodeMessage('serverRoom.errors.max_stay_range', STAY) }),
    lateRecordHours: z
      .number()
      .int()
      .min(LATE.min, { message: encodeMessage('serverRoom.errors.late_record_range', LATE) })
      .max(LATE.max, { message: encodeMessage('serverRoom.errors.late_record_range', LATE) }),
    purposes: z
      .array(z.object({ code: purposeCode, label: text(40), requiresNote: z.boolean(), active: z.boolean() }))
      .max(SETTINGS_LIMITS.purposes.max, { message: encodeMessage('serverRoom.errors.too_many_purposes', SETTINGS_LIMITS.purposes) })
      .refine((list) => list.some((p) => p.active), msg('serverRoom.errors.no_active_purpose')),
    // Several lines, as its box and the core take it (one line here refused a reason of two, as 制御文字); required, as the core's.
    reason,
  })
  .strict();

type FormValues = z.input<typeof schema>;

const FIELDS = ['businessHours', 'maxStayMinutes', 'lateRecordHours', 'purposes', 'reason'] as const;

function toForm(v: ServerRoomSettingsView): FormValues {
  return {
    businessHours: { ...v.businessHours },
    maxStayMinutes: v.maxStayMinutes,
    lateRecordHours: v.lateRecordHours,
    purposes: v.purposes.map((p) => ({ code: p.code, label: p.label, requiresNote: p.requiresNote, active: p.active })),
    reason: '',
  };
}

/** The core names fields "changes.…"; a duplicate code sits on the row's label, the list's own rules on the list. */
function mapField(field: string): string {
  const f = field.replace(/^changes\./, '');
  if (f === 'purposes') return 'purposes.root';
  return f.replace(/^purposes\.(\d+)\.code$/, 'purposes.$1.label');
}

/** A code for a purpose the company adds: custom_1, custom_2, … (the label is what people see). */
function nextCode(taken: string[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`custom_${n}`)) return `custom_${n}`;
}

/** サーバルーム入退記録簿の設定: per site, the anomaly thresholds and the purpose list (admin, elevated). */
export function ServerRoomSettingsPage() {
  const { t } = useTranslation();
  const sites = useSites();
  const [picked, setPicked] = useState('');
  const siteId = picked || sites[0]?.id || '';
  const site = sites.find((s) => s.id === siteId);
  const [view, setView] = useState<ServerRoomSettingsView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm<FormValues, unknown, z.output<typeof schema>>({
    resolver: formResolver(schema),
    defaultValues: { businessHours: { start: '', end: '' }, maxStayMinutes: 0, lateRecordHours: 0, purposes: [], reason: '' },
  });
  const { register, handleSubmit, formState, reset, control, watch, setValue } = form;
  const purposes = useFieldArray({ control, name: 'purposes' });
  const e = formState.errors;

  useEffect(() => {
    if (!siteId) return;
    let live = true;
    setView(null);
    setError(null);
    void api('serverRoom.getSettings', { siteId }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setView(r.value);
        reset(toForm(r.value));
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [siteId, reset]);

  // Codes already saved for the site: those rows can only be retired, never removed.
  const saved = useMemo(() => new Set(view?.purposes.map((p) => p.code) ?? []), [view]);
  const rows = watch('purposes');

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('serverRoom.updateSettings', {
      siteId,
      changes: { businessHours: v.businessHours, maxStayMinutes: v.maxStayMinutes, lateRecordHours: v.lateRecordHours, purposes: v.purposes },
      reason: v.reason,
    });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, FIELDS, mapField));
    forgetPurposes(siteId);
    setView(r.value);
    reset(toForm(r.value));
    flash(t('serverRoom.settings.done', { site: site?.name ?? '' }));
  });

  const addPurpose = () => purposes.append({ code: nextCode(rows.map((p) => p.code)), label: '', requiresNote: false, active: true }, { shouldFocus: true });
  const listError = e.purposes?.root?.message ?? e.purposes?.message;
  const loaded = view !== null;

  return (
    <div className="page page-narrow sr-settings">
      <header className="page-header">
        <h1>{t('serverRoom.settings.title')}</h1>
        <p className="page-lead">{t('serverRoom.settings.lead')}</p>
        <SettingsHistoryLink />
      </header>

      <section className="card">
        <form onSubmit={onSubmit} noValidate className="form-stack" aria-busy={!loaded} data-testid="sr-settings-form">
          <div className="sr-settings-site">
            <label className="toolbar-field">
              <span>{t('serverRoom.settings.site')}</span>
              <select className="input" value={siteId} onChange={(ev) => setPicked(ev.target.value)} data-testid="sr-settings-site">
                <SiteOptions sites={sites} />
              </select>
            </label>
            {view && (
              <span className={`badge ${view.isDefault ? 'badge-muted' : 'badge-primary'}`} data-testid="sr-settings-state">
                {view.isDefault ? t('serverRoom.settings.usesDefaults') : t('serverRoom.settings.hasOwn')}
              </span>
            )}
          </div>

          <ErrorAlert error={error} />

          <fieldset className="form-grid" disabled={!loaded}>
            <legend className="card-title span-2">{t('serverRoom.settings.thresholds')}</legend>
            <Field label={t('serverRoom.settings.businessStart')} error={e.businessHours?.start?.message} required>
              {(p) => <input {...p} {...register('businessHours.start')} className="input input-time mono" inputMode="numeric" placeholder="08:00" maxLength={5} autoComplete="off" />}
            </Field>
            <Field label={t('serverRoom.settings.businessEnd')} error={e.businessHours?.end?.message} required>
              {(p) => <input {...p} {...register('businessHours.end')} className="input input-time mono" inputMode="numeric" placeholder="20:00" maxLength={5} autoComplete="off" />}
            </Field>
            <p className="field-hint span-2 sr-settings-hint">{t('serverRoom.settings.businessHoursHint')}</p>
            <Field label={t('serverRoom.settings.maxStayMinutes')} error={e.maxStayMinutes?.message} hint={t('serverRoom.settings.maxStayHint', STAY)} required>
              {(p) => <input {...p} {...register('maxStayMinutes', { valueAsNumber: true })} type="number" min={STAY.min} max={STAY.max} step={1} className="input input-number" />}
            </Field>
            <Field label={t('serverRoom.settings.lateRecordHours')} error={e.lateRecordHours?.message} hint={t('serverRoom.settings.lateRecordHint', LATE)} required>
              {(p) => <input {...p} {...register('lateRecordHours', { valueAsNumber: true })} type="number" min={LATE.min} max={LATE.max} step={1} className="input input-number" />}
            </Field>
          </fieldset>

          <fieldset className="sr-purposes" disabled={!loaded} aria-describedby="sr-purposes-lead">
            <legend className="card-title">{t('serverRoom.settings.purposes')}</legend>
            <p className="field-hint" id="sr-purposes-lead">
              {t('serverRoom.settings.purposesLead')}
            </p>
            <table className="table table-compact sr-purpose-table" data-testid="sr-purposes">
              <thead>
                <tr>
                  <th scope="col">{t('serverRoom.settings.label')}</th>
                  <th scope="col">{t('serverRoom.settings.code')}</th>
                  <th scope="col" className="center">
                    {t('serverRoom.settings.requiresNote')}
                  </th>
                  <th scope="col" className="center">
                    {t('serverRoom.settings.state')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('serverRoom.ui.columns.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {purposes.fields.map((f, i) => {
                  const row = rows[i] ?? f;
                  const isSaved = saved.has(f.code);
                  const name = row.label.trim() || t('serverRoom.settings.newPurpose');
                  const labelError = e.purposes?.[i]?.label?.message ?? e.purposes?.[i]?.code?.message;
                  return (
                    <tr key={f.id} className={row.active ? undefined : 'row-inactive'} data-testid="sr-purpose-row" data-code={f.code}>
                      <td>
                        <input
                          {...register(`purposes.${i}.label`)}
                          className="input input-sm sr-purpose-label"
                          maxLength={40}
                          autoComplete="off"
                          aria-label={`${t('serverRoom.settings.label')} ${i + 1}`}
                          aria-invalid={!!labelError}
                          aria-describedby={labelError ? `sr-purpose-${i}-error` : undefined}
                        />
                        {labelError && <FieldMessage id={`sr-purpose-${i}-error`} message={labelError} />}
                      </td>
                      <td className="sr-purpose-code mono">{f.code}</td>
                      <td className="center">
                        <input type="checkbox" className="sr-check" {...register(`purposes.${i}.requiresNote`)} aria-label={`${t('serverRoom.settings.requiresNote')}: ${name}`} />
                      </td>
                      <td className="center">
                        {row.active ? <span className="badge badge-success">{t('serverRoom.settings.inUse')}</span> : <span className="badge badge-muted">{t('serverRoom.settings.retired')}</span>}
                      </td>
                      <td className="sr-purpose-actions">
                        {!isSaved ? (
                          <button type="button" className="btn btn-sm btn-ghost" onClick={() => purposes.remove(i)} aria-label={`${t('serverRoom.settings.remove')}: ${name}`}>
                            <Undo2 size={14} aria-hidden="true" />
                            {t('serverRoom.settings.remove')}
                          </button>
                        ) : row.active ? (
                          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setValue(`purposes.${i}.active`, false, { shouldDirty: true })} aria-label={`${t('serverRoom.settings.retire')}: ${name}`}>
                            <Archive size={14} aria-hidden="true" />
                            {t('serverRoom.settings.retire')}
                          </button>
                        ) : (
                          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setValue(`purposes.${i}.active`, true, { shouldDirty: true })} aria-label={`${t('serverRoom.settings.restore')}: ${name}`}>
                            <ArchiveRestore size={14} aria-hidden="true" />
                            {t('serverRoom.settings.restore')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {listError && <FieldMessage message={listError} />}
            <div>
              <button type="button" className="btn btn-secondary btn-sm" onClick={addPurpose} disabled={rows.length >= SETTINGS_LIMITS.purposes.max}>
                <Plus size={14} aria-hidden="true" />
                {t('serverRoom.settings.addPurpose')}
              </button>
            </div>
          </fieldset>

          <Field label={t('serverRoom.settings.reason')} error={e.reason?.message} hint={t('serverRoom.settings.reasonHint')} required>
            {(p) => <textarea {...p} {...register('reason')} className="input" rows={2} maxLength={500} />}
          </Field>

          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting || !loaded}>
              <Save size={16} aria-hidden="true" />
              {t('serverRoom.settings.submit')}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
