import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseFormReturn } from 'react-hook-form';
import { NATIONAL_CALENDAR, jstDate, makeBusinessCalendar, type BusinessCalendar, type DayInfo } from '../../../shared/calendar';
import { api } from '../api/api';
import { formatDate } from '../../../shared/dates';
import { useDates } from '../hooks/useDates';
import type { FormValues } from '../ledgers/kit/form-values';

/** The end of the day a checkout's quick choices set (a clerk's usual 返却予定). */
const DAY_END = '18:00';

const plusDays = (day: string, n: number) => jstDate(new Date(Date.parse(`${day}T12:00:00+09:00`) + n * 86_400_000));

/** The first business day after `day` by the site's calendar. */
function nextBusinessDay(day: string, days: BusinessCalendar): string {
  let d = plusDays(day, 1);
  for (let i = 0; i < 14 && !days.isBusinessDay(d); i++) d = plusDays(d, 1);
  return d;
}

/**
 * The calendar of the chosen asset's site: its company holidays (年末年始…) and worked holidays on top
 * of the national one (a note of 2026-12-03: a due day in the year-end closure went unremarked). The
 * national calendar until an asset is chosen, or when the site's cannot be read.
 */
function useAssetSiteCalendar(assetId: unknown): BusinessCalendar {
  const [days, setDays] = useState<{ assetId: string; days: BusinessCalendar } | null>(null);
  useEffect(() => {
    if (typeof assetId !== 'string' || !assetId) return;
    let live = true;
    void (async () => {
      const asset = await api('assets.get', { id: assetId });
      if (!live || !asset.ok) return;
      const cal = await api('calendar.get', { siteId: asset.value.siteId });
      if (live && cal.ok) setDays({ assetId, days: makeBusinessCalendar(cal.value) });
    })();
    return () => {
      live = false;
    };
  }, [assetId]);
  return days && days.assetId === assetId ? days.days : NATIONAL_CALENDAR;
}

/**
 * A checkout's 返却予定 in one click (a walk-through: typed out in full for every slip): that day, the
 * next business day or a week on, at the end of the day; and a word when the day chosen is a weekend, a
 * national holiday or a company holiday of the asset's site (is anyone there to take it back?).
 */
export function DueChoices({ form }: { form: UseFormReturn<FormValues>; amending: boolean }) {
  const { t } = useTranslation();
  const { lang } = useDates();
  const out = form.watch('checkedOutAt');
  const due = form.watch('dueAt');
  const days = useAssetSiteCalendar(form.watch('assetId'));
  const base = typeof out === 'string' && /^\d{4}-\d{2}-\d{2}/.test(out) ? out.slice(0, 10) : jstDate(new Date());
  // That day's 18:00 only while it is after the time out (a walk-through: at 22:46 it set a 返却予定 before 持出日時).
  const outTime = typeof out === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(out) ? out.slice(0, 16) : null;
  const choices = [
    { key: 'sameDay', day: base },
    { key: 'nextBusinessDay', day: nextBusinessDay(base, days) },
    { key: 'week', day: plusDays(base, 7) },
  ].filter((c) => outTime === null || `${c.day}T${DAY_END}` > outTime);
  const dueDay = typeof due === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(due) ? due.slice(0, 10) : null;
  const off = dueDay ? days.day(dueDay) : null;
  const dayOffWord = (d: DayInfo) => {
    if (d.kind === 'company_holiday') return t('assets.checkouts.dueChoices.companyHoliday');
    if (d.kind === 'national_holiday') return lang === 'ja' && d.holidayName ? d.holidayName : t('assets.checkouts.dueChoices.holiday');
    return t(d.weekday === 6 ? 'assets.checkouts.dueChoices.saturday' : 'assets.checkouts.dueChoices.sunday');
  };
  return (
    <div className="due-choices" data-testid="due-choices">
      <div className="due-choices-buttons" role="group" aria-label={t('assets.checkouts.dueChoices.label')}>
        {choices.map((c) => (
          <button key={c.key} type="button" className="btn btn-ghost btn-sm" onClick={() => form.setValue('dueAt', `${c.day}T${DAY_END}`, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })}>
            {t(`assets.checkouts.dueChoices.${c.key as 'sameDay' | 'nextBusinessDay' | 'week'}`)}
          </button>
        ))}
      </div>
      {off && !off.business && (
        <p className="field-hint due-day-off" role="status" data-testid="due-day-off">
          {t('assets.checkouts.dueChoices.dayOff', { day: formatDate(`${off.date}T12:00:00+09:00`, lang, { weekday: true, timeZone: 'Asia/Tokyo' }), what: dayOffWord(off) })}
        </p>
      )}
    </div>
  );
}
