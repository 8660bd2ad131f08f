import { useMemo } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api';
import { HistoryPageFrame, useRecordHistory } from '../history/HistoryPage';
import { HistoryTimeline, type HistoryField } from '../history/HistoryTimeline';
import type { HistoryEntry } from '../../../shared/domain/session';
import { useSites } from '../hooks/useSites';
import { DateText } from '../components/DateText';

/** The history of one person in the register, from the journal. */
export function PersonHistoryPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const sites = useSites();
  const { record: person, entries, error } = useRecordHistory(id, () => Promise.all([api('people.get', { id }), api('history.get', { entity: 'people', id })]));

  const fields = useMemo<HistoryField[]>(() => {
    const siteName = (v: unknown) => sites.find((s) => s.id === v)?.name ?? String(v);
    const yesNo = (yes: string, no: string) => (v: unknown) => (v === 1 || v === true ? yes : no);
    return [
      { column: 'name', labelKey: 'people.fields.name' },
      { column: 'kana', labelKey: 'people.fields.kana' },
      { column: 'employee_no', labelKey: 'people.fields.employeeNo' },
      { column: 'department', labelKey: 'people.fields.department' },
      { column: 'site_id', labelKey: 'people.fields.site', show: siteName },
      { column: 'card_no', labelKey: 'people.fields.cardNo' },
      { column: 'server_room_authorized', labelKey: 'people.fields.serverRoomAuthorized', show: yesNo(t('people.authorizedValues.yes'), t('people.authorizedValues.no')) },
      { column: 'active', labelKey: 'people.fields.active', show: yesNo(t('people.status.active'), t('people.status.inactive')) },
      // The door-terminal PIN as set or not (the history never holds it), and its lockout.
      { column: 'pin_hash', labelKey: 'people.pinHistory.pin', show: (v: unknown) => (v ? t('people.pinHistory.set') : t('people.pinHistory.unset')) },
      { column: 'pin_failed_count', labelKey: 'people.pinHistory.failedCount' },
      { column: 'pin_locked_until', labelKey: 'people.pinHistory.lockedUntil', show: (v: unknown) => (typeof v === 'string' ? <DateText value={v} time /> : '—') },
    ];
  }, [sites, t]);

  // A refusal a door terminal kept while offline, with why (history.refusalReasons).
  const refusalLabel = (action: string, entry: HistoryEntry) => {
    const why = entry.after?.reason;
    return action === 'terminal.refused_offline' && typeof why === 'string' && i18n.exists(`history.refusalReasons.${why}`)
      ? t('history.offlineRefusal', { why: t(`history.refusalReasons.${why}` as 'history.refusalReasons.unknown') })
      : null;
  };

  return (
    <HistoryPageFrame
      backTo="/people"
      backLabel={t('people.title')}
      title={person ? t('history.subtitle', { name: person.name, employeeNo: person.employeeNo }) : t('history.title')}
      lead={t('history.lead')}
      error={error}
      loaded={!!entries}
    >
      {entries && <HistoryTimeline entries={entries} fields={fields} actionLabel={refusalLabel} />}
    </HistoryPageFrame>
  );
}
