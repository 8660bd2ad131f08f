import { useTranslation } from 'react-i18next';
import type { UseFormReturn } from 'react-hook-form';
import { NATIONAL_CALENDAR, jstDate } from '../../../shared/calendar';
import { formatDate } from '../../../shared/dates';
import { useDates } from '../hooks/useDates';
import type { FormValues } from '../ledgers/kit/KitRecordDialog';

/** The end of the day a checkout's quick choices set (a clerk's usual 返却予定). */
const DAY_END = '18:00';

const plusDays = (day: string, n: number) => jstDate(new Date(Date.parse(`${day}T12:00:00+09:00`) + n * 86_400_000));

/** The first business day after `day` (national calendar: the form does not know the asset's site yet). */
function nextBusinessDay(day: string): string {
  let d = plusDays(day, 1);
  for (let i = 0; i < 14 && !NATIONAL_CALENDAR.isBusinessDay(d); i++) d = plusDays(d, 1);
  return d;
}

/**
 * A checkout's 返却予定 in one click (a walk-through: typed out in full for every slip): that day, the
 * next business day or a week on, at the end of the day; and a word when the day chosen is a weekend or
 * a national holiday (is anyone there to take it back?).
 */
export function DueChoices({ form }: { form: UseFormReturn<FormValues>; amending: boolean }) {
  const { t } = useTranslation();
  const { lang } = useDates();
  const out = form.watch('checkedOutAt');
  const due = form.watch('dueAt');
  const base = typeof out === 'string' && /^\d{4}-\d{2}-\d{2}/.test(out) ? out.slice(0, 10) : jstDate(new Date());
  const choices = [
    { key: 'sameDay', day: base },
    { key: 'nextBusinessDay', day: nextBusinessDay(base) },
    { key: 'week', day: plusDays(base, 7) },
  ] as const;
  const dueDay = typeof due === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(due) ? due.slice(0, 10) : null;
  const off = dueDay ? NATIONAL_CALENDAR.day(dueDay) : null;
  return (
    <div className="due-choices" data-testid="due-choices">
      <div className="due-choices-buttons" role="group" aria-label={t('assets.checkouts.dueChoices.label')}>
        {choices.map((c) => (
          <button key={c.key} type="button" className="btn btn-ghost btn-sm" onClick={() => form.setValue('dueAt', `${c.day}T${DAY_END}`, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })}>
            {t(`assets.checkouts.dueChoices.${c.key}`)}
          </button>
        ))}
      </div>
      {off && !off.business && (
        <p className="field-hint due-day-off" role="status" data-testid="due-day-off">
          {t('assets.checkouts.dueChoices.dayOff', { day: formatDate(`${off.date}T12:00:00+09:00`, lang, { weekday: true, timeZone: 'Asia/Tokyo' }), what: off.kind === 'national_holiday' ? (lang === 'ja' && off.holidayName ? off.holidayName : t('assets.checkouts.dueChoices.holiday')) : t(off.weekday === 6 ? 'assets.checkouts.dueChoices.saturday' : 'assets.checkouts.dueChoices.sunday') })}
        </p>
      )}
    </div>
  );
}
