import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import type { HistoryEntry } from '../../../shared/domain/session';
import type { Person } from '../../../shared/ledgers/people';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { HistoryTimeline, type HistoryField } from '../history/HistoryTimeline';
import { useSites } from '../hooks/useSites';

/** The history of one person in the register, from the journal. */
export function PersonHistoryPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const sites = useSites();
  const [person, setPerson] = useState<Person | null>(null);
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    void Promise.all([api('people.get', { id }), api('history.get', { entity: 'people', id })]).then(([p, h]) => {
      if (!live) return;
      if (p.ok) setPerson(p.value);
      if (h.ok) setEntries(h.value);
      setError(!p.ok ? p.error : !h.ok ? h.error : null);
    });
    return () => {
      live = false;
    };
  }, [id]);

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
    ];
  }, [sites, t]);

  return (
    <div className="page">
      <p className="back-link">
        <Link to="/people">
          <ArrowLeft size={16} aria-hidden="true" />
          {t('people.title')}
        </Link>
      </p>
      <header className="page-header">
        <h1>{person ? t('history.subtitle', { name: person.name, employeeNo: person.employeeNo }) : t('history.title')}</h1>
        <p className="page-lead">{t('history.lead')}</p>
      </header>
      <ErrorAlert error={error} />
      {entries ? <HistoryTimeline entries={entries} fields={fields} /> : !error && <p className="muted">{t('common.loading')}</p>}
    </div>
  );
}
