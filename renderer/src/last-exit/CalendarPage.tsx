import { useEffect, useRef, useState } from 'react';
import { SettingsHistoryLink } from '../admin/SettingsHistoryPage';
import { useTranslation } from 'react-i18next';
import { Save } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { encodeMessage, reasonRefusal } from '../forms/errors';
import { plainDate } from '../../../shared/api/schemas';
import { usePunct } from '../hooks/usePunct';
import { SiteOptions } from '../components/SiteOptions';
import { useSites } from '../hooks/useSites';
import { flash } from '../state/flash';
import { CalendarMonth } from './CalendarMonth';

const lines = (text: string) => text.split(/\s+/).map((l) => l.trim()).filter(Boolean);
/** The lines of a box that are not a day (2026-02-30, 2026/12/29, 明日), as the core's schema reads a day. */
const notDays = (text: string) => lines(text).filter((l) => !plainDate.safeParse(l).success);
type DayBox = 'holidays' | 'worked';

/** Each site's business-day calendar (SPEC §4.4): company holidays and worked holidays, one date a line. */
export function CalendarPage() {
  const { t } = useTranslation();
  const p = usePunct();
  const sites = useSites();
  const [siteId, setSiteId] = useState('');
  const [holidays, setHolidays] = useState('');
  const [worked, setWorked] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  // A refused reason is said at its box (and the box focused), as every other reason field says it.
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  // Focused once drawn with 保存する enabled again (before, focus would be given back to the button: useFocusKeeper).
  const [focusReason, setFocusReason] = useState(0);
  useEffect(() => {
    if (focusReason) reasonBox.current?.focus();
  }, [focusReason]);
  const [saving, setSaving] = useState(false);
  // Saves so far: the month view asks again how its days are judged.
  const [saves, setSaves] = useState(0);
  // The site whose calendar is on screen: nothing is typed before it has arrived (it would be overwritten).
  const [loaded, setLoaded] = useState<string | null>(null);
  // A line that is not a day, said at its box with the lines named (a user probe: one message at the page's top, out of sight, named none).
  const [dayErrors, setDayErrors] = useState<Partial<Record<DayBox, string>>>({});
  const boxes = { holidays: useRef<HTMLTextAreaElement>(null), worked: useRef<HTMLTextAreaElement>(null) };

  useEffect(() => {
    if (!siteId && sites[0]) setSiteId(sites[0].id);
  }, [sites, siteId]);
  useEffect(() => {
    if (!siteId) return;
    let live = true;
    setLoaded(null);
    setDayErrors({}); // another site's calendar: what was said of the one before is not of it
    void api('calendar.get', { siteId }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error);
      setHolidays(r.value.companyHolidays.join('\n'));
      setWorked(r.value.workedHolidays.join('\n'));
      setLoaded(siteId);
    });
    return () => {
      live = false;
    };
  }, [siteId]);

  const save = async () => {
    setError(null);
    setReasonError(undefined);
    const bad = { holidays: notDays(holidays), worked: notDays(worked) };
    const refused = Object.fromEntries(Object.entries(bad).filter(([, l]) => l.length > 0).map(([box, l]) => [box, encodeMessage('lastExit.calendar.notDays', { lines: p.list(l) })]));
    setDayErrors(refused);
    const first = (['holidays', 'worked'] as const).find((box) => refused[box]);
    if (first) return boxes[first].current?.focus();
    setSaving(true);
    const r = await api('calendar.update', { siteId, companyHolidays: lines(holidays), workedHolidays: lines(worked), reason: reason.trim() });
    setSaving(false);
    if (!r.ok) {
      const { reason: atReason, rest } = reasonRefusal(r.error);
      if (atReason) {
        setReasonError(atReason);
        setFocusReason((n) => n + 1);
      }
      if (rest) setError(rest);
      return;
    }
    setReason('');
    setSaves((n) => n + 1);
    flash(t('lastExit.calendar.saved'));
  };

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('lastExit.calendar.title')}</h1>
        <p className="page-lead">{t('lastExit.calendar.lead')}</p>
        <SettingsHistoryLink />
      </header>
      <ErrorAlert error={error} />
      <div className="card form-stack">
        <label className="field">
          <span className="field-label">{t('lastExit.calendar.site')}</span>
          <select className="input" value={siteId} onChange={(e) => setSiteId(e.target.value)}>
            <SiteOptions sites={sites} />
          </select>
        </label>
        <div className="form-grid">
          {(
            [
              ['holidays', holidays, setHolidays, 'lastExit.calendar.companyHolidays'],
              ['worked', worked, setWorked, 'lastExit.calendar.workedHolidays'],
            ] as const
          ).map(([box, value, set, label]) => (
            <Field key={box} label={t(label)} error={dayErrors[box]}>
              {(p) => (
                <textarea
                  {...p}
                  ref={boxes[box]}
                  className="input mono"
                  rows={8}
                  value={value}
                  onChange={(e) => set(e.target.value)}
                  aria-describedby={[p['aria-describedby'], 'calendar-hint'].filter(Boolean).join(' ')}
                  disabled={loaded !== siteId}
                  data-testid={`calendar-${box}`}
                />
              )}
            </Field>
          ))}
        </div>
        <p className="field-hint" id="calendar-hint">
          {t('lastExit.calendar.hint')}
        </p>
        <CalendarMonth siteId={loaded ?? ''} companyHolidays={lines(holidays)} workedHolidays={lines(worked)} saved={saves} />
        {/* Several lines, as every reason of the app (a review: one line here, where a reason may be long). */}
        <Field label={t('lastExit.calendar.reason')} error={reasonError} hint={t('lastExit.calendar.reasonHint')} required>
          {(p) => <textarea {...p} ref={reasonBox} className="input" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <div>
          <button type="button" className="btn btn-primary" disabled={saving || !siteId || loaded !== siteId} onClick={() => void save()}>
            <Save size={16} aria-hidden="true" />
            {t('lastExit.calendar.save')}
          </button>
        </div>
      </div>
    </div>
  );
}
