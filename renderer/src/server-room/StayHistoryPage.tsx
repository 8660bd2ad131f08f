import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../shared/domain/session';
import type { StoredCompanions } from '../../../shared/ledgers/serverRoom';
import { api } from '../api/api';
import { DateText } from '../components/DateText';
import { HistoryPageFrame, useRecordHistory } from '../history/HistoryPage';
import { HistoryTimeline, type HistoryField } from '../history/HistoryTimeline';
import { useDates } from '../hooks/useDates';
import { useSites } from '../hooks/useSites';
import { AnomalyMarks } from './AnomalyMarks';
import { useServerRoomText } from './text';
import './server-room.css';
import { usePunct } from '../hooks/usePunct';

function parseCompanions(v: unknown): StoredCompanions {
  try {
    const c = (typeof v === 'string' ? JSON.parse(v) : v) as Partial<StoredCompanions> | null;
    return { employees: c?.employees ?? [], visitors: c?.visitors ?? [] };
  } catch {
    return { employees: [], visitors: [] };
  }
}

/** Every person id a history mentions (the person, companions, escorts), to show them by name. */
function personIds(entries: HistoryEntry[]): string[] {
  const ids = new Set<string>();
  for (const e of entries) {
    for (const row of [e.before, e.after]) {
      if (!row) continue;
      if (typeof row.person_id === 'string') ids.add(row.person_id);
      const c = parseCompanions(row.companions);
      c.employees.forEach((x) => ids.add(x.personId));
      c.visitors.forEach((x) => x.escortPersonId && ids.add(x.escortPersonId));
    }
  }
  return [...ids];
}

/** The history of one stay, from the journal (SPEC §3): recorded, exit, corrections (with reasons), voided. */
export function StayHistoryPage() {
  const { t } = useTranslation();
  const p = usePunct();
  const text = useServerRoomText();
  const dates = useDates();
  const { id = '' } = useParams();
  const sites = useSites();
  const { record: stay, entries, error } = useRecordHistory(id, () => Promise.all([api('serverRoom.get', { id }), api('history.get', { entity: 'server_room_stays', id })]));
  const [names, setNames] = useState<Map<string, string>>(new Map());

  // Names of everyone the versions mention (people are never deleted, so each is found).
  useEffect(() => {
    if (!entries) return;
    let live = true;
    const found = new Map<string, string>();
    if (stay) {
      found.set(stay.personId, stay.personName);
      stay.companions.employees.forEach((e) => found.set(e.personId, e.name));
    }
    const missing = personIds(entries).filter((pid) => !found.has(pid));
    void Promise.all(missing.map((pid) => api('people.get', { id: pid }))).then((people) => {
      people.forEach((r) => r.ok && found.set(r.value.id, r.value.name));
      if (live) setNames(found);
    });
    return () => {
      live = false;
    };
  }, [entries, stay]);

  const fields = useMemo<HistoryField[]>(() => {
    const nameOf = (v: unknown) => (typeof v === 'string' ? (names.get(v) ?? v) : String(v));
    const siteName = (v: unknown) => sites.find((s) => s.id === v)?.name ?? String(v);
    const when = (v: unknown) => (typeof v === 'string' && v ? <DateText value={v} time /> : <span className="muted">—</span>);
    const companions = (v: unknown) => {
      const c = parseCompanions(v);
      const lines = [
        ...c.employees.map((e) => nameOf(e.personId)),
        ...c.visitors.map((x) => `${p.note(x.name, x.company)}${x.escortPersonId ? ` ${t('serverRoom.ui.escortBy', { name: nameOf(x.escortPersonId) })}` : ` ${t('serverRoom.ui.noEscort')}`}`),
      ];
      return lines.length ? lines.join(t('common.listSeparator')) : <span className="muted">{t('serverRoom.ui.companionsNone')}</span>;
    };
    return [
      { column: 'site_id', labelKey: 'serverRoom.fields.site', show: siteName },
      { column: 'person_id', labelKey: 'serverRoom.fields.person', show: nameOf },
      { column: 'entered_at', labelKey: 'serverRoom.fields.enteredAt', show: when },
      { column: 'exited_at', labelKey: 'serverRoom.fields.exitedAt', show: when },
      // The stay's own purpose by the label it is shown by (a relabelled default one by the company's word); another version's by its code.
      { column: 'purpose', labelKey: 'serverRoom.fields.purpose', show: (v) => text.purpose(String(v), String(v) === stay?.purpose ? stay.purposeLabel : null) },
      { column: 'purpose_note', labelKey: 'serverRoom.fields.purposeNote' },
      { column: 'companions', labelKey: 'serverRoom.fields.companions', show: companions },
      { column: 'items_in', labelKey: 'serverRoom.fields.itemsIn' },
      { column: 'items_out', labelKey: 'serverRoom.fields.itemsOut' },
      { column: 'notes', labelKey: 'serverRoom.fields.notes' },
      { column: 'status', labelKey: 'serverRoom.fields.status', show: (v) => t(`serverRoom.status.${v === 'void' ? 'void' : 'valid'}`) },
      { column: 'void_reason', labelKey: 'serverRoom.fields.voidReason' },
    ];
  }, [sites, names, t, text, stay]);

  const summary = stay && (
    <div className={`card sr-history-summary${stay.status === 'void' ? ' sr-voided-block' : ''}`} data-testid="stay-summary">
      <span>
        <strong>{stay.personName}</strong>
        {p.sep}
        {stay.siteName}
      </span>
      <span>
        <DateText value={stay.enteredAt} time />
        {p.range}
        {stay.exitedAt ? <DateText value={stay.exitedAt} time /> : <span className="badge badge-primary">{t('serverRoom.ui.inside')}</span>}
      </span>
      <span>{text.purpose(stay.purpose, stay.purposeLabel)}</span>
      {stay.status === 'void' && (
        <span className="badge badge-muted">
          {t('serverRoom.ui.voided')}{p.colon}{stay.voidReason}
        </span>
      )}
      {stay.amendCount > 0 && <span className="badge badge-warning">{t('serverRoom.ui.amended', { count: stay.amendCount })}</span>}
      <AnomalyMarks anomalies={stay.anomalies} />
    </div>
  );

  return (
    <HistoryPageFrame
      backTo="/server-room"
      backLabel={t('serverRoom.title')}
      title={stay ? t('serverRoom.ui.history.subtitle', { name: stay.personName, entered: dates.dateTime(stay.enteredAt) }) : t('serverRoom.ui.history.title')}
      lead={t('serverRoom.ui.history.lead')}
      error={error}
      loaded={!!entries}
      summary={summary}
    >
      {entries && <HistoryTimeline entries={entries} fields={fields} />}
    </HistoryPageFrame>
  );
}
