import { SealedMonthNotice } from '../review/SealedMonthNotice';
import { jstMonth } from '../../../shared/calendar';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Controller, useFieldArray, useForm, useWatch, type FieldError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Plus, Save } from 'lucide-react';
import { z } from 'zod';
import type { SiteInfo } from '../../../shared/api/core-contract';
import type { Input } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { reason as reasonSchema, text, msg } from '../../../shared/api/schemas';
import type { ServerRoomPurpose, ServerRoomStay, StayChanges } from '../../../shared/ledgers/serverRoom';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { applyApiError, decodeMessage, encodeMessage, formResolver } from '../forms/errors';
import { flash } from '../state/flash';
import { PersonPicker, type PersonRef } from '../components/PersonPicker';
import { useServerRoomText } from './text';
import { echoLocalInput, fromLocalInput, nowLocalInput, toLocalInput } from '../lib/japan-time';
import { useDates } from '../hooks/useDates';
import { usePurposes } from './usePurposes';
import { StayPreviewDetails, StayPreviewSummary, useStayPreview } from './StayPreview';
import './server-room.css';
import { SiteOptions } from '../components/SiteOptions';
import { DialogActions } from '../components/DialogActions';
import { ReasonField } from '../components/ReasonField';
import { usePunct } from '../hooks/usePunct';
import { EmployeeRow, VisitorRow } from './CompanionRows';

// SPEC §4.1: a stay (entered_at … exited_at, person, purpose + free text, companions — employees,
// and visitors/vendors each with a staff escort — items in/out, notes). Recording a new stay, or
// correcting one: then only the changed fields are sent, with a reason (SPEC §3).

const personRefSchema = z.object({ id: z.string(), name: z.string(), employeeNo: z.string() });
const optional = (max: number) => z.string().trim().max(max, msg('errors.field.too_long'));

function makeSchema(purposes: ServerRoomPurpose[], amending: boolean) {
  return z
    .object({
      siteId: z.string().min(1, msg('serverRoom.errors.site')),
      person: personRefSchema.nullable().refine((v) => v !== null, msg('serverRoom.errors.person')),
      enteredAt: z.string(),
      exitedAt: z.string(),
      purpose: z.string().min(1, msg('errors.field.required')),
      purposeNote: optional(200),
      employees: z.array(z.object({ person: personRefSchema.nullable().refine((v) => v !== null, msg('serverRoom.errors.companion_unknown')) })),
      visitors: z.array(z.object({ name: text(60), company: text(100), escortPersonId: z.string() })),
      itemsIn: optional(500),
      itemsOut: optional(500),
      notes: optional(1000),
      reason: amending ? reasonSchema : z.string(),
    })
    .superRefine((v, ctx) => {
      const entered = fromLocalInput(v.enteredAt);
      if (!v.enteredAt.trim()) ctx.addIssue({ code: 'custom', path: ['enteredAt'], ...msg('errors.field.required') });
      else if (!entered) ctx.addIssue({ code: 'custom', path: ['enteredAt'], ...msg('errors.field.invalid_datetime') });
      const exited = v.exitedAt.trim() ? fromLocalInput(v.exitedAt) : null;
      if (v.exitedAt.trim() && !exited) ctx.addIssue({ code: 'custom', path: ['exitedAt'], ...msg('errors.field.invalid_datetime') });
      // A stay cannot end before it starts (the core says the same; this says it before sending).
      if (entered && exited && Date.parse(exited) < Date.parse(entered))
        ctx.addIssue({ code: 'custom', path: ['exitedAt'], ...msg('serverRoom.errors.exit_before_entry') });
      const p = purposes.find((x) => x.code === v.purpose);
      if (p?.requiresNote && !v.purposeNote.trim()) ctx.addIssue({ code: 'custom', path: ['purposeNote'], ...msg('serverRoom.errors.purpose_note_required') });
    });
}

export interface StayFormValues {
  siteId: string;
  person: PersonRef | null;
  enteredAt: string;
  exitedAt: string;
  purpose: string;
  purposeNote: string;
  employees: { person: PersonRef | null }[];
  visitors: { name: string; company: string; escortPersonId: string }[];
  itemsIn: string;
  itemsOut: string;
  notes: string;
  reason: string;
}

const FIELDS = ['siteId', 'person', 'enteredAt', 'exitedAt', 'purpose', 'purposeNote', 'employees', 'visitors', 'itemsIn', 'itemsOut', 'notes', 'reason'] as const;

/** Core field paths → this form's fields. */
function formField(field: string): string {
  return field
    .replace(/^changes\./, '')
    .replace(/^personId$/, 'person')
    .replace(/^companions\.employees\.(\d+)\.personId$/, 'employees.$1.person')
    .replace(/^companions\.employees\.(\d+)$/, 'employees.$1.person')
    // A visitor row refused as a whole: at its first control (else it would sit on the row, shown nowhere).
    .replace(/^companions\.visitors\.(\d+)$/, 'visitors.$1.name')
    .replace(/^companions\.visitors\./, 'visitors.');
}

function fromStay(stay: ServerRoomStay): StayFormValues {
  return {
    siteId: stay.siteId,
    person: { id: stay.personId, name: stay.personName, employeeNo: stay.employeeNo },
    enteredAt: toLocalInput(stay.enteredAt),
    exitedAt: stay.exitedAt ? toLocalInput(stay.exitedAt) : '',
    purpose: stay.purpose,
    purposeNote: stay.purposeNote ?? '',
    employees: stay.companions.employees.map((e) => ({ person: { id: e.personId, name: e.name, employeeNo: '' } })),
    visitors: stay.companions.visitors.map((v) => ({ name: v.name, company: v.company, escortPersonId: v.escortPersonId ?? '' })),
    itemsIn: stay.itemsIn ?? '',
    itemsOut: stay.itemsOut ?? '',
    notes: stay.notes ?? '',
    reason: '',
  };
}

function companionsOf(v: StayFormValues) {
  return {
    employees: v.employees.filter((e) => e.person).map((e) => ({ personId: e.person!.id })),
    visitors: v.visitors.map((x) => ({ name: x.name.trim(), company: x.company.trim(), escortPersonId: x.escortPersonId || null })),
  };
}

/** Only what differs from the stored stay: an amendment sends just its changes (SPEC §3). */
function changesFrom(stay: ServerRoomStay, v: StayFormValues): StayChanges {
  const before = fromStay(stay);
  const out: StayChanges = {};
  const nullable = (s: string) => (s.trim() ? s.trim() : null);
  if (v.siteId !== before.siteId) out.siteId = v.siteId;
  if (v.person && v.person.id !== stay.personId) out.personId = v.person.id;
  if (v.enteredAt !== before.enteredAt) out.enteredAt = fromLocalInput(v.enteredAt)!;
  if (v.exitedAt !== before.exitedAt) out.exitedAt = v.exitedAt.trim() ? fromLocalInput(v.exitedAt)! : null;
  if (v.purpose !== before.purpose) out.purpose = v.purpose;
  if (v.purposeNote.trim() !== before.purposeNote) out.purposeNote = nullable(v.purposeNote);
  if (JSON.stringify(companionsOf(v)) !== JSON.stringify(companionsOf(before))) out.companions = companionsOf(v);
  if (v.itemsIn.trim() !== before.itemsIn) out.itemsIn = nullable(v.itemsIn);
  if (v.itemsOut.trim() !== before.itemsOut) out.itemsOut = nullable(v.itemsOut);
  if (v.notes.trim() !== before.notes) out.notes = nullable(v.notes);
  return out;
}

interface StayFormProps {
  sites: SiteInfo[];
  /** Correct this stay; absent: record a new one. */
  stay?: ServerRoomStay;
  /** Record for this person only (someone recording their own stay): no person search. */
  fixedPerson?: PersonRef & { siteId: string };
  onClose: () => void;
  onSaved: (stay: ServerRoomStay) => void;
}

export function StayForm({ sites, stay, fixedPerson, onClose, onSaved }: StayFormProps) {
  const { t } = useTranslation();
  const p = usePunct();
  const text = useServerRoomText();
  const amending = !!stay;
  const [error, setError] = useState<ApiError | null>(null);
  const [siteForPurposes, setSiteForPurposes] = useState(stay?.siteId ?? fixedPerson?.siteId ?? sites[0]?.id ?? '');
  const purposes = usePurposes(siteForPurposes || undefined);
  const schema = useMemo(() => makeSchema(purposes, amending), [purposes, amending]);

  const form = useForm<StayFormValues>({
    resolver: formResolver(schema) as never,
    defaultValues: stay
      ? fromStay(stay)
      : {
          siteId: fixedPerson?.siteId ?? sites[0]?.id ?? '',
          person: fixedPerson ? { id: fixedPerson.id, name: fixedPerson.name, employeeNo: fixedPerson.employeeNo } : null,
          enteredAt: nowLocalInput(),
          exitedAt: '',
          purpose: '',
          purposeNote: '',
          employees: [],
          visitors: [],
          itemsIn: '',
          itemsOut: '',
          notes: '',
          reason: '',
        },
  });
  const { register, handleSubmit, formState, control, setValue, getValues } = form;
  const e = formState.errors;
  const employees = useFieldArray({ control, name: 'employees' });
  const visitors = useFieldArray({ control, name: 'visitors' });
  const siteId = useWatch({ control, name: 'siteId' });
  const person = useWatch({ control, name: 'person' });
  const purpose = useWatch({ control, name: 'purpose' });
  const companionEmployees = useWatch({ control, name: 'employees' });
  const enteredValue = useWatch({ control, name: 'enteredAt' });
  const exitedValue = useWatch({ control, name: 'exitedAt' });
  const enteredInstant = fromLocalInput(enteredValue ?? '');
  const visitorValues = useWatch({ control, name: 'visitors' });
  // What the stay as typed would be marked with: asked once who entered, when, and a valid exit (or none) are known.
  const exitedInstant = exitedValue?.trim() ? fromLocalInput(exitedValue) : null;
  const previewable = !!siteId && !!person && !!enteredInstant && (!exitedValue?.trim() || (!!exitedInstant && exitedInstant >= enteredInstant));
  const preview = previewable
    ? {
        ...(stay ? { id: stay.id } : {}),
        siteId,
        personId: person!.id,
        // A time left as it was is sent as stored (to the second, as the door keeps it), as a correction keeps it.
        enteredAt: stay && enteredValue === toLocalInput(stay.enteredAt) ? stay.enteredAt : enteredInstant!,
        exitedAt: stay?.exitedAt && exitedValue === toLocalInput(stay.exitedAt) ? stay.exitedAt : exitedInstant,
        employees: companionEmployees.flatMap((c) => (c.person ? [c.person.id] : [])),
        escorts: visitorValues.map((v) => v.escortPersonId || null),
      }
    : null;
  const anomalies = useStayPreview(preview);
  const { lang } = useDates();

  // The sites may arrive after the dialog opened: preselect the head office then.
  useEffect(() => {
    if (!getValues('siteId') && sites[0]) setValue('siteId', sites[0].id);
  }, [sites, getValues, setValue]);

  useEffect(() => {
    if (siteId) setSiteForPurposes(siteId);
  }, [siteId]);

  // Offered: the site's selectable purposes, and the stay's own one when correcting (even if retired).
  const offered = useMemo(() => purposes.filter((p) => p.active || p.code === stay?.purpose), [purposes, stay?.purpose]);
  useEffect(() => {
    const current = getValues('purpose');
    if (current && purposes.length && !offered.some((p) => p.code === current)) setValue('purpose', '');
  }, [purposes, offered, getValues, setValue]);
  const requiresNote = purposes.find((p) => p.code === purpose)?.requiresNote ?? false;

  // Art. 8(2): the escort is someone who is there — the person entering or an accompanying employee.
  const escorts: PersonRef[] = [person, ...companionEmployees.map((c) => c.person)].filter((p): p is PersonRef => !!p);
  // A visitor whose escort left the party (an employee row removed or changed) is not kept escorted by them
  // behind a select that shows another (a probe: it showed the person entering, the form kept the one
  // removed, and the core refused the escort): no escort, as the select then says, and the preview flags.
  // Only when the party changes: a stay opened for correction keeps what it holds until then.
  const escortIds = escorts.map((p) => p.id).join(' ');
  const partyBefore = useRef(escortIds);
  useEffect(() => {
    if (partyBefore.current === escortIds) return;
    partyBefore.current = escortIds;
    const present = new Set(escortIds.split(' '));
    getValues('visitors').forEach((vis, i) => {
      if (vis.escortPersonId && !present.has(vis.escortPersonId)) setValue(`visitors.${i}.escortPersonId`, '', { shouldDirty: true });
    });
  }, [escortIds, getValues, setValue]);

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const v = values as StayFormValues;
    if (!stay) {
      const input: Input<'serverRoom.record'> = {
        siteId: v.siteId,
        personId: v.person!.id,
        enteredAt: fromLocalInput(v.enteredAt)!,
        exitedAt: v.exitedAt.trim() ? fromLocalInput(v.exitedAt) : null,
        purpose: v.purpose,
        purposeNote: v.purposeNote.trim() || null,
        companions: companionsOf(v),
        itemsIn: v.itemsIn.trim() || null,
        itemsOut: v.itemsOut.trim() || null,
        notes: v.notes.trim() || null,
      };
      const r = await api('serverRoom.record', input);
      if (!r.ok) return setError(applyApiError(r.error, form.setError, FIELDS, formField));
      flash(t('serverRoom.ui.record.done', { name: r.value.personName }));
      onSaved(r.value);
      return;
    }
    const changes = changesFrom(stay, v);
    if (Object.keys(changes).length === 0) {
      form.setError('root', { message: encodeMessage('errors.no_change') });
      return;
    }
    const r = await api('serverRoom.amend', { id: stay.id, changes, reason: v.reason, version: stay.version });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, FIELDS, formField));
    flash(t('serverRoom.ui.amend.done', { name: r.value.personName }));
    onSaved(r.value);
  });

  const dirty = formState.dirtyFields as Partial<Record<keyof StayFormValues, unknown>>;
  const label = (name: keyof StayFormValues, key: MessageKey) => (
    <>
      {t(key)}
      {amending && dirty[name] ? <span className="badge badge-warning changed-tag">{t('history.changed')}</span> : null}
    </>
  );

  const rootError = e.root?.message ? { code: 'invalid_input' as const, ...decodeMessage(e.root.message) } : null;

  return (
    <Modal title={amending ? t('serverRoom.ui.amend.title') : t('serverRoom.ui.record.title')} onClose={onClose} size="lg" testId={amending ? 'stay-amend-dialog' : 'stay-record-dialog'} dirty={formState.isDirty} startAtFirstField={amending}>
      <form onSubmit={onSubmit} noValidate>
        <p className="dialog-lead">{amending ? t('serverRoom.ui.amend.lead') : t('serverRoom.ui.record.lead')}</p>
        <ErrorAlert error={error ?? rootError} />
        <div className="form-grid">
          {fixedPerson ? (
            <div className="field">
              <span className="field-label">{t('serverRoom.fields.person')}</span>
              <p className="sr-fixed-person">
                {fixedPerson.name}
                {fixedPerson.employeeNo && `${p.open}${fixedPerson.employeeNo}${p.close}`}
              </p>
            </div>
          ) : (
            <Field label={label('person', 'serverRoom.fields.person')} error={e.person?.message} required>
              {(p) => (
                <Controller
                  control={control}
                  name="person"
                  render={({ field }) => (
                    <PersonPicker serverRoom
                      at={enteredValue}
                      control={p}
                      value={field.value}
                      onBlur={field.onBlur}
                      inputRef={field.ref}
                      autoFocus={!amending}
                      testId="stay-person"
                      onChange={(next) => {
                        const prev = getValues('person');
                        field.onChange(next);
                        // A visitor escorted by the person entering stays escorted by whoever is chosen now.
                        getValues('visitors').forEach((vis, i) => {
                          if (prev && vis.escortPersonId === prev.id) setValue(`visitors.${i}.escortPersonId`, next?.id ?? '');
                        });
                      }}
                    />
                  )}
                />
              )}
            </Field>
          )}
          <Field label={label('siteId', 'serverRoom.fields.site')} error={e.siteId?.message} required choice>
            {(p) => (
              <Controller
                control={control}
                name="siteId"
                render={({ field }) => (
                  <select {...p} {...field} className="input">
                    <SiteOptions sites={sites} />
                  </select>
                )}
              />
            )}
          </Field>
          <Field label={label('enteredAt', 'serverRoom.fields.enteredAt')} error={e.enteredAt?.message} required hint={echoLocalInput(enteredValue, lang)}>
            {(p) => <input {...p} {...register('enteredAt')} type="datetime-local" className="input" />}
          </Field>
          <Field label={label('exitedAt', 'serverRoom.fields.exitedAt')} error={e.exitedAt?.message} hint={echoLocalInput(exitedValue, lang) ?? t('serverRoom.ui.record.exitHint')}>
            {(p) => <input {...p} {...register('exitedAt')} type="datetime-local" className="input" />}
          </Field>
          <Field label={label('purpose', 'serverRoom.fields.purpose')} error={e.purpose?.message} required choice>
            {(p) => (
              // Controlled: the site's purposes arrive after the dialog opens, and the select must
              // then show the stay's purpose (an uncontrolled one would stay on "選んでください").
              <Controller
                control={control}
                name="purpose"
                render={({ field }) => (
                  <select {...p} {...field} className="input">
                    <option value="">{t('serverRoom.ui.record.choose')}</option>
                    {offered.map((x) => (
                      <option key={x.code} value={x.code}>
                        {text.purpose(x.code, x.label)}
                      </option>
                    ))}
                  </select>
                )}
              />
            )}
          </Field>
          <Field label={label('purposeNote', 'serverRoom.fields.purposeNote')} error={e.purposeNote?.message} required={requiresNote}>
            {(p) => <input {...p} {...register('purposeNote')} className="input" maxLength={200} autoComplete="off" />}
          </Field>

          {!fixedPerson && (
            <fieldset className="span-2 sr-fieldset" data-testid="stay-employees">
              <legend className="field-label">{label('employees', 'serverRoom.fields.companionEmployees')}</legend>
              {employees.fields.length === 0 && <p className="muted small">{t('serverRoom.ui.record.noEmployees')}</p>}
              {employees.fields.map((f, i) => (
                <EmployeeRow key={f.id} index={i} control={control} error={e.employees?.[i]?.person as FieldError | undefined} at={enteredValue} onRemove={() => employees.remove(i)} />
              ))}
              <button type="button" className="btn btn-sm btn-secondary" onClick={() => employees.append({ person: null })} disabled={employees.fields.length >= 20}>
                <Plus size={14} aria-hidden="true" />
                {t('serverRoom.ui.actions.addEmployee')}
              </button>
            </fieldset>
          )}

          <fieldset className="span-2 sr-fieldset" data-testid="stay-visitors">
            <legend className="field-label">{label('visitors', 'serverRoom.fields.visitors')}</legend>
            {visitors.fields.length === 0 && <p className="muted small">{t('serverRoom.ui.record.noVisitors')}</p>}
            {visitors.fields.map((f, i) => (
              <VisitorRow key={f.id} index={i} register={register} errors={e.visitors?.[i]} escorts={escorts} onRemove={() => visitors.remove(i)} />
            ))}
            <button
              type="button"
              className="btn btn-sm btn-secondary"
              onClick={() => visitors.append({ name: '', company: '', escortPersonId: person?.id ?? '' })}
              disabled={visitors.fields.length >= 20}
            >
              <Plus size={14} aria-hidden="true" />
              {t('serverRoom.ui.actions.addVisitor')}
            </button>
          </fieldset>

          <Field label={label('itemsIn', 'serverRoom.fields.itemsIn')} error={e.itemsIn?.message}>
            {(p) => <textarea {...p} {...register('itemsIn')} className="input" rows={2} maxLength={500} />}
          </Field>
          <Field label={label('itemsOut', 'serverRoom.fields.itemsOut')} error={e.itemsOut?.message}>
            {(p) => <textarea {...p} {...register('itemsOut')} className="input" rows={2} maxLength={500} />}
          </Field>
          <Field label={label('notes', 'serverRoom.fields.notes')} error={e.notes?.message} className="span-2">
            {(p) => <textarea {...p} {...register('notes')} className="input" rows={2} maxLength={1000} />}
          </Field>
          <StayPreviewDetails anomalies={anomalies} className="span-2" />
          <SealedMonthNotice
            ledger="serverRoom"
            from={stay ? { siteId: stay.siteId, month: jstMonth(stay.enteredAt) } : null}
            to={{ siteId, month: enteredInstant ? jstMonth(enteredInstant) : null }}
            siteName={(id) => sites.find((s) => s.id === id)?.name}
            className="span-2"
          />
          {amending && (
            <ReasonField label={t('serverRoom.ui.amend.reason')} error={e.reason?.message} registration={register('reason')} className="span-2" />
          )}
        </div>
        <DialogActions onClose={onClose} submitting={formState.isSubmitting} note={<StayPreviewSummary anomalies={anomalies} />}>
          <Save size={16} aria-hidden="true" />
          {amending ? t('serverRoom.ui.amend.submit') : t('serverRoom.ui.record.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}

