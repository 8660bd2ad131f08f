import { useApp } from '../state/app';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseFormReturn } from 'react-hook-form';
import { TriangleAlert } from 'lucide-react';
import { checkItemKey, NEXT_MORNING_HOURS, type CheckItem, type LastExitWarnings } from '../../../shared/ledgers/lastExit';
import { api } from '../api/api';
import { Alert } from '../components/Alert';
import { FieldMessage } from '../components/FieldMessage';
import { sameJapanDay, timeOf } from '../lib/japan-time';
import { jstDate, makeBusinessCalendar, type BusinessCalendar, type DayInfo } from '../../../shared/calendar';
import { useDates } from '../hooks/useDates';
import { addDays } from '../../../shared/dates';
import type { RecordFormExtra } from '../ledgers/kit/KitRecordDialog';
import type { FormValues } from '../ledgers/kit/form-values';
import { useCheckItemText } from './CheckItemsValue';

/**
 * The checklist's items (SPEC §4.4) in the record dialog: each OK or NG, an NG with what was wrong
 * and what was done; above them, what is still open or inside at the site — with who and since when.
 */
function ChecklistControls({ form, amending }: { form: UseFormReturn<FormValues>; amending: boolean }) {
  const { t } = useTranslation();
  const itemText = useCheckItemText();
  const dates = useDates();
  const siteId = form.watch('siteId');
  const day = form.watch('businessDay');
  // An item not yet answered has ok null (a new checklist starts so).
  const items = (form.watch('items') as (Omit<CheckItem, 'ok'> & { ok: boolean | null })[] | null) ?? [];
  const [warnings, setWarnings] = useState<LastExitWarnings | null>(null);

  // A new checklist asks the site's items as they were on its day (a paper one typed in later answers
  // that day's list); a correction keeps the record's.
  useEffect(() => {
    if (typeof siteId !== 'string' || !siteId) return;
    let live = true;
    const onDay = typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? { day } : {};
    if (!amending)
      void api('lastExit.items', { siteId, ...onDay }).then((r) => {
        if (!live || !r.ok) return;
        // Each item unanswered: on paper every line is ticked on purpose, and one click must not store an
        // "all OK" that the warnings above contradict (the core refuses an unanswered item at it). An
        // item already answered keeps its answer when the list is asked again (another day, the same list).
        const before = new Map(((form.getValues('items') as (Omit<CheckItem, 'ok'> & { ok: boolean | null })[] | null) ?? []).map((it) => [it.item, it]));
        form.setValue('items', r.value.map((item) => before.get(item) ?? { item, ok: null, remark: null }));
      });
    return () => {
      live = false;
    };
  }, [siteId, day, amending, form]);

  // The exit time follows the business day while the clerk has not set it (a user probe: yesterday's
  // paper sheet chosen as 営業日 kept 退出時刻 at now, and its save was refused until it was retyped):
  // moved by as many days, its time of day kept, so it stays on that day or the next morning.
  const dayBefore = useRef(day);
  // The exit time as this moved it last: another value there is the clerk's own.
  const movedExit = useRef<string | null>(null);
  useEffect(() => {
    const was = dayBefore.current;
    dayBefore.current = day;
    const isDay = (d: unknown): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d);
    if (amending || !isDay(was) || !isDay(day) || was === day) return;
    const exit = form.getValues('exitedAt');
    const own = movedExit.current === null ? form.getFieldState('exitedAt').isDirty : exit !== movedExit.current;
    if (own || typeof exit !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(exit)) return;
    const moved = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${was}T00:00:00Z`)) / 86_400_000);
    movedExit.current = `${addDays(exit.slice(0, 10), moved)}${exit.slice(10)}`;
    form.setValue('exitedAt', movedExit.current);
  }, [day, amending, form]);

  // The site's business days (its calendar: company holidays, worked holidays, on the national one): a
  // day off, proposed or chosen, is said to be one — 03:00 on a Monday proposes Sunday, the day whose
  // last exit may still be made (a user probe: Sunday was proposed and saved without a word). People who
  // worked that day still record it; the day proposed is not changed behind the clerk's back.
  const [calendar, setCalendar] = useState<{ siteId: string; days: BusinessCalendar } | null>(null);
  useEffect(() => {
    if (amending || typeof siteId !== 'string' || !siteId) return;
    let live = true;
    void api('calendar.get', { siteId }).then((r) => live && r.ok && setCalendar({ siteId, days: makeBusinessCalendar(r.value) }));
    return () => {
      live = false;
    };
  }, [siteId, amending]);
  const dayOff = !amending && calendar && calendar.siteId === siteId && typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? calendar.days.day(day) : null;
  const dayOffWhat = (d: DayInfo) =>
    d.kind === 'company_holiday' ? t('lastExit.form.companyHoliday') : d.kind === 'national_holiday' ? (dates.lang === 'ja' && d.holidayName ? d.holidayName : t('lastExit.form.holiday')) : t(d.weekday === 6 ? 'lastExit.form.saturday' : 'lastExit.form.sunday');

  // A day already recorded is said as it is chosen, not only when the save is refused (a walk-through).
  const [recorded, setRecorded] = useState<{ day: string; own: boolean } | null>(null);
  const keepsBook = (useApp((a) => a.session)?.roles ?? []).some((r) => r === 'clerk' || r === 'safety_manager');
  useEffect(() => {
    setRecorded(null);
    if (amending || typeof siteId !== 'string' || !siteId || typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    let live = true;
    void api('lastExit.dayRecorded', { siteId, day }).then((r) => live && r.ok && setRecorded(r.value ? { day, own: r.value.own } : null));
    return () => {
      live = false;
    };
  }, [siteId, day, amending]);

  useEffect(() => {
    if (typeof siteId !== 'string' || !siteId) return;
    let live = true;
    void api('lastExit.warnings', { siteId }).then((r) => live && r.ok && setWarnings(r.value));
    return () => {
      live = false;
    };
  }, [siteId]);

  const set = (i: number, change: Partial<Omit<CheckItem, 'ok'> & { ok: boolean | null }>) => {
    const next = items.map((it, j) => (j === i ? { ...it, ...change } : it));
    form.setValue('items', next, { shouldDirty: true });
    form.clearErrors(`items.${i}.remark` as never);
    form.clearErrors(`items.${i}.ok` as never);
  };
  // A refused save with an item at fault (unanswered, an NG without its remark) puts focus on it, as
  // on any other field, unless focus is already on a field at fault.
  const fieldset = useRef<HTMLFieldSetElement>(null);
  const itemErrors = (form.formState.errors as Record<string, unknown>).items;
  const submits = form.formState.submitCount;
  useEffect(() => {
    if (!itemErrors || document.activeElement?.getAttribute('aria-invalid') === 'true') return;
    const first = fieldset.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (first?.getAttribute('role') === 'radiogroup' ? first.querySelector<HTMLElement>('input') : first)?.focus();
  }, [itemErrors, submits]);
  // The time alone for today; with its date for an earlier day (a walk-through: 「23:33から」 read as tonight's).
  const since = (at: string) => (sameJapanDay(at, new Date().toISOString()) ? timeOf(at) : dates.dateTime(at));
  const count = warnings ? warnings.openCabinets.length + warnings.inServerRoom.length + warnings.visitorsInside.length : 0;
  // With nothing open or inside, the items left unanswered may be ticked OK at once; never over a
  // warning (each line is then ticked on purpose), and never over an answer already given.
  // What is open now says nothing of an earlier day's exit (a walk-through: a checklist typed in from paper
  // for yesterday warned of this morning's open cabinet): the warnings are today's checklist's only; an
  // earlier day's is judged from the books, at review.
  // The business day now is the one whose last exit may still be made: until 06:00 the day before (NEXT_MORNING_HOURS).
  const earlierDay = typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) && day < jstDate(new Date(Date.now() - NEXT_MORNING_HOURS * 3_600_000));
  const allOkOffered = !amending && (earlierDay || (warnings !== null && count === 0)) && items.some((it) => it.ok === null);
  const markRestOk = () => {
    form.setValue('items', items.map((it) => (it.ok === null ? { ...it, ok: true, remark: null } : it)), { shouldDirty: true });
    items.forEach((_, i) => form.clearErrors(`items.${i}.ok` as never));
  };
  // An item answered OK that the books say is not (a walk-through: キャビネットの施錠 OK beside 「C-HQ-01 が
  // 開いています」, saved without a word): said under it, to be checked, and the book brought up to date.
  const contradicted = (it: { item: string; ok: boolean | null }): string | null => {
    if (!warnings || earlierDay || amending || it.ok !== true) return null;
    const key = checkItemKey(it.item);
    if (key === 'lastExit.defaultItems.cabinets' && warnings.openCabinets.length > 0) return t('lastExit.form.okButOpenCabinet', { cabinets: warnings.openCabinets.map((c) => c.cabinet).join(t('common.listSeparator')) });
    if (key === 'lastExit.defaultItems.serverRoom' && warnings.inServerRoom.length > 0) return t('lastExit.form.okButInServerRoom', { people: warnings.inServerRoom.map((s) => s.person).join(t('common.listSeparator')) });
    return null;
  };
  const errors = form.formState.errors as Record<string, Record<string, { remark?: { message?: string }; ok?: { message?: string } }> | undefined>;

  return (
    <>
      {dayOff && !dayOff.business && (
        <div className="span-2">
          <Alert tone="warning" testId="last-exit-day-off">
            {t('lastExit.form.dayOff', { day: dates.date(dayOff.date, true), what: dayOffWhat(dayOff) })}
          </Alert>
        </div>
      )}
      {earlierDay && !amending && (
        <div className="span-2 alert alert-info" role="status" data-testid="last-exit-earlier-day">
          {t(dayOff && !dayOff.business ? 'lastExit.form.earlierDayOff' : 'lastExit.form.earlierDay')}
        </div>
      )}
      {warnings && !amending && !earlierDay && (
        <div className={`span-2 alert ${count > 0 ? 'alert-warning' : 'alert-info'}`} role="status" data-testid="last-exit-warnings">
          {count > 0 ? (
            <div>
              <strong>
                <TriangleAlert size={16} aria-hidden="true" /> {t('lastExit.form.warningsTitle')}
              </strong>
              <ul>
                {warnings.openCabinets.map((c) => (
                  <li key={`c-${c.cabinet}`}>{t('lastExit.form.openCabinet', { cabinet: c.cabinet, openedBy: c.openedBy, since: since(c.since) })}</li>
                ))}
                {warnings.inServerRoom.map((s) => (
                  <li key={`s-${s.person}-${s.since}`}>{t('lastExit.form.inServerRoom', { person: s.person, since: since(s.since) })}</li>
                ))}
                {warnings.visitorsInside.map((v) => (
                  <li key={`v-${v.name}-${v.since}`}>{t('lastExit.form.visitorInside', { name: v.name, company: v.company, since: since(v.since) })}</li>
                ))}
              </ul>
            </div>
          ) : (
            t('lastExit.form.noWarnings')
          )}
        </div>
      )}
      {recorded && (
        <div className="span-2">
          <Alert tone="warning" testId="last-exit-day-recorded">
            {/* Whoever may not correct another's checklist is told whom to ask (a walk-through: staff were told to correct it from a list that has no 訂正). */}
            {t(recorded.own ? 'lastExit.form.dayRecordedOwn' : keepsBook ? 'lastExit.form.dayRecorded' : 'lastExit.form.dayRecordedAsk', { day: dates.date(recorded.day, true) })}
          </Alert>
        </div>
      )}
      <fieldset className="span-2 fieldset checklist" data-testid="checklist" ref={fieldset}>
        <legend>{t('lastExit.form.items')}</legend>
        {allOkOffered && (
          <div className="checklist-all-ok">
            <button type="button" className="btn btn-secondary" onClick={markRestOk} aria-describedby="checklist-all-ok-hint">
              {t('lastExit.form.allOk')}
            </button>
            <span id="checklist-all-ok-hint" className="field-hint">
              {t('lastExit.form.allOkHint')}
            </span>
          </div>
        )}
        {items.map((it, i) => {
          const remarkError = errors.items?.[i]?.remark?.message;
          const choiceError = errors.items?.[i]?.ok?.message;
          return (
            <div key={it.item} className="checklist-row" data-testid="checklist-item">
              <span className="checklist-item" id={`item-${i}`}>
                {itemText(it.item)}
              </span>
              <div
                role="radiogroup"
                aria-labelledby={`item-${i}`}
                aria-required="true"
                aria-invalid={!!choiceError}
                aria-describedby={[choiceError && `item-${i}-choice-error`, contradicted(it) && `item-${i}-contradiction`].filter(Boolean).join(' ') || undefined}
                className="checklist-choice"
              >
                <label className="checkbox">
                  <input type="radio" name={`item-${i}`} checked={it.ok === true} onChange={() => set(i, { ok: true, remark: null })} />
                  <span>{t('lastExit.form.ok')}</span>
                </label>
                <label className="checkbox">
                  <input type="radio" name={`item-${i}`} checked={it.ok === false} onChange={() => set(i, { ok: false })} />
                  <span>{t('lastExit.form.ng')}</span>
                </label>
              </div>
              {choiceError && <FieldMessage id={`item-${i}-choice-error`} message={choiceError} choice />}
              {contradicted(it) && (
                <p className="field-hint note-warning" id={`item-${i}-contradiction`} data-testid="checklist-contradiction">
                  {contradicted(it)}
                </p>
              )}
              {it.ok === false && (
                <div className="checklist-remark">
                  {/* Its label stays in view once typed in (a walk-through: only a placeholder said what to write). */}
                  <span className="checklist-remark-label" aria-hidden="true">
                    {t('lastExit.form.remark')}
                  </span>
                  <input
                    className="input"
                    aria-label={`${itemText(it.item)}: ${t('lastExit.form.remark')}`}
                    value={it.remark ?? ''}
                    maxLength={200}
                    aria-invalid={!!remarkError}
                    aria-describedby={remarkError ? `item-${i}-error` : undefined}
                    onChange={(e) => set(i, { remark: e.target.value || null })}
                  />
                  {remarkError && <FieldMessage id={`item-${i}-error`} message={remarkError} />}
                </div>
              )}
            </div>
          );
        })}
      </fieldset>
    </>
  );
}

export const checklistForm: RecordFormExtra = {
  Controls: ChecklistControls,
  // The items are a field of the record (json): the kit sends them with the rest.
  input: () => ({}),
  fields: ['items'],
  // The nine items, then 備考 about them.
  before: 'notes',
};
