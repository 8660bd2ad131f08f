import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft } from 'lucide-react';
import type { ApiError, ApiResult } from '../../../shared/api/errors';
import type { HistoryEntry } from '../../../shared/domain/session';
import { ErrorAlert } from '../components/Alert';

/** A record and its history, loaded together whenever `key` changes; a late answer for an old key is dropped. */
export function useRecordHistory<T>(key: string, load: () => Promise<[ApiResult<T>, ApiResult<HistoryEntry[]>]>) {
  const [record, setRecord] = useState<T | null>(null);
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    void load().then(([r, h]) => {
      if (!live) return;
      if (r.ok) setRecord(r.value);
      if (h.ok) setEntries(h.value);
      setError(!r.ok ? r.error : !h.ok ? h.error : null);
    });
    return () => {
      live = false;
    };
    // `load` is a new function each render; the key says when to load again.
  }, [key]);
  return { record, entries, error };
}

/**
 * The frame of a history page: the way back, the title and lead, what the record is now (`summary`),
 * errors, and the history once loaded. The way back returns to the list as it was (its filters live
 * in the address) when the history was opened from it.
 */
export function HistoryPageFrame(props: {
  backTo: string;
  backLabel: string;
  title: string;
  lead: string;
  error: ApiError | null;
  loaded: boolean;
  wide?: boolean;
  summary?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <div className={props.wide ? 'page page-full' : 'page'}>
      <p className="back-link">
        <Link
          to={props.backTo}
          onClick={(e) => {
            if (location.key !== 'default') {
              e.preventDefault();
              navigate(-1);
            }
          }}
        >
          <ArrowLeft size={16} aria-hidden="true" />
          {props.backLabel}
        </Link>
      </p>
      <header className="page-header">
        <h1>{props.title}</h1>
        <p className="page-lead">{props.lead}</p>
      </header>
      {props.summary}
      <ErrorAlert error={props.error} />
      {props.loaded ? props.children : !props.error && <p className="muted">{t('common.loading')}</p>}
    </div>
  );
}
