import { PrintMonthLink } from '../components/PrintMonthLink';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MonitorSmartphone, Plus } from 'lucide-react';
import { STAY_SORTS, type ServerRoomStay } from '../../../shared/ledgers/serverRoom';
import { canCall } from '../auth/access';
import { ErrorAlert } from '../components/Alert';
import { AnomaliesOnlyToggle } from '../components/AnomaliesOnlyToggle';
import { Pager } from '../components/Pager';
import { SearchBox } from '../components/SearchBox';
import { oneOf, useListPage, usePagedList, urlPager, useUrlParams } from '../hooks/useListQuery';
import { useSites } from '../hooks/useSites';
import { useApp } from '../state/app';
import { InsidePanel } from './InsidePanel';
import { MonthPicker } from '../components/MonthPicker';
import { PersonPicker } from '../components/PersonPicker';
import { RecordExitDialog } from './RecordExitDialog';
import { StayDetailDialog, type StayActions } from './StayDetailDialog';
import { stayWithheld } from './stay-party';
import { StayForm } from './StayForm';
import { StayTable, type StaySort } from './StayTable';
import { currentMonth } from '../lib/japan-time';
import { VoidStayDialog } from './VoidStayDialog';
import './server-room.css';
import { SiteOptions } from '../components/SiteOptions';
import { SearchScope } from '../components/SearchScope';
import { useStationStatus } from '../components/StationBanner';

type StateFilter = 'all' | 'open' | 'closed';
type Dialog =
  | { kind: 'record' }
  | { kind: 'amend'; stay: ServerRoomStay }
  | { kind: 'exit'; stay: ServerRoomStay }
  | { kind: 'void'; stay: ServerRoomStay }
  | { kind: 'detail'; stay: ServerRoomStay }
  | null;

/** The list's state lives in the address (#/server-room?month=…&site=…), so coming back from a history keeps it. */
function useQuery() {
  const { params, update, paging } = useUrlParams();
  const month = params.get('month');
  const query = {
    ...paging,
    // Default: this month. "all" lists every month.
    month: month === 'all' ? undefined : month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : currentMonth(),
    siteId: params.get('site') || undefined,
    personId: params.get('person') || undefined,
    personName: params.get('pname') || '',
    personNo: params.get('pno') || '',
    state: oneOf<StateFilter>(params.get('state'), ['open', 'closed'], 'all'),
    includeVoid: params.get('void') === '1',
    // The monthly review's filter (Art. 13(1)); the store judges it within a month.
    anomaliesOnly: params.get('anomalies') === '1' && month !== 'all',
    search: params.get('q') ?? '',
    sort: oneOf<StaySort>(params.get('sort'), STAY_SORTS, 'enteredAt'),
    desc: params.get('asc') !== '1',
  };
  return { query, update };
}

/** サーバルーム入退記録簿 (SPEC §4.1, Art. 13(1)): the list, who is inside now, and every action on a stay. */
export function ServerRoomBook() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useApp((s) => s.session);
  const sites = useSites();
  const filterSites = useSites('serverRoom');
  const { query: asked, update } = useQuery();
  // One site to read (a site head of one site, a company of one): it is the one shown, and printed,
  // without choosing it first, as on the kit's ledgers (KitLedgerPage).
  const onlySite = filterSites.length === 1 ? filterSites[0].id : undefined;
  const query = asked.siteId === undefined && onlySite ? { ...asked, siteId: onlySite } : asked;
  const { dialog, setDialog, close, reload, done, searchText, setSearchText } = useListPage<NonNullable<Dialog>>(query.search, update);
  // The box follows the click at once; the address (and so the list) follows a moment later.
  const [includeVoid, setIncludeVoid] = useState(query.includeVoid);
  useEffect(() => setIncludeVoid(query.includeVoid), [query.includeVoid]);
  const canKeep = canCall('serverRoom.amend', session);
  const canSeeHistory = canCall('history.get', session);
  // Not offered on a desk PC enrolled on the office network: a door is a station enrolled as one (terminal.errors.lan_not_door).
  const station = useStationStatus();
  const canStartTerminal = canCall('terminal.start', session) && station?.mode !== 'station';

  const { personName: _n, personNo: _no, ...listQuery } = query;
  const { data, loading, error } = usePagedList('serverRoom.list', { ...listQuery, search: listQuery.search || undefined }, reload);

  const actions = useMemo<StayActions>(
    () => ({
      canKeep,
      canSeeHistory,
      withheld: (stay) => stayWithheld(stay, session),
      onExit: (stay) => setDialog({ kind: 'exit', stay }),
      onAmend: (stay) => setDialog({ kind: 'amend', stay }),
      onVoid: (stay) => setDialog({ kind: 'void', stay }),
      onHistory: (stay) => navigate(`/server-room/${stay.id}/history`),
    }),
    [canKeep, canSeeHistory, navigate, session],
  );
  const onDetail = useCallback((stay: ServerRoomStay) => setDialog({ kind: 'detail', stay }), []);

  const personValue = query.personId ? { id: query.personId, name: query.personName, employeeNo: query.personNo } : null;


  return (
    <div className="page page-full sr-book">
      <header className="sr-book-header">
        <h1>{t('serverRoom.title')}</h1>
        <SearchBox value={searchText} onChange={setSearchText} placeholder={t('serverRoom.ui.filters.search')} testId="stay-search" className="toolbar-search sr-search" />
        <div className="sr-header-actions">
          <PrintMonthLink ledger="serverRoom" siteId={query.siteId} month={query.month} />
          {canStartTerminal && (
            <a className="btn btn-ghost" href="#/terminal">
              <MonitorSmartphone size={16} aria-hidden="true" />
              {t('serverRoom.ui.actions.startTerminal')}
            </a>
          )}
          {canKeep && (
            <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'record' })}>
              <Plus size={16} aria-hidden="true" />
              {/* The same words as every ledger's main button (a user probe: 入退室を記録 here, 記録する on the others): the page's title says which book. */}
              {t('ledgerKit.actions.add')}
            </button>
          )}
        </div>
        <p className="page-lead sr-book-lead">{t('serverRoom.ui.lead')}</p>
        {/* Some stay listed is one the signed-in person went in on: why its row offers no 訂正 or 無効化. */}
        {canKeep && (data?.rows ?? []).some((s) => s.status === 'valid' && stayWithheld(s, session) === 'own') && (
          <p className="muted small sr-book-lead" data-testid="own-record-note">
            {t('ledgerKit.ownRecord.note')}
          </p>
        )}
        {/* …or the account has no person of the register behind it: it corrects and voids none. */}
        {canKeep && (data?.rows ?? []).some((s) => s.status === 'valid' && stayWithheld(s, session) === 'no_person') && (
          <p className="small note-warning sr-book-lead" data-testid="no-person-note">
            {t('ledgerKit.noPerson.note')}
          </p>
        )}
      </header>

      <InsidePanel collapsible siteId={query.siteId} onExit={canKeep ? actions.onExit : undefined} reloadKey={reload} />

      <div className="toolbar sr-toolbar" role="search" aria-label={t('serverRoom.ui.filters.label')}>
        <div className="toolbar-field">
          <span aria-hidden="true">{t('serverRoom.ui.filters.month')}</span>
          <MonthPicker
            label={t('serverRoom.ui.filters.month')}
            value={query.month}
            // "All months" has no anomalies-only view (the store judges one month at a time).
            onChange={(m) => update({ month: m === undefined ? 'all' : m === currentMonth() ? undefined : m, anomalies: m === undefined ? undefined : query.anomaliesOnly })}
          />
        </div>
        <label className="toolbar-field">
          <span>{t('serverRoom.ui.filters.site')}</span>
          <select className="input sr-site" value={query.siteId ?? ''} onChange={(e) => update({ site: e.target.value || undefined })}>
            <option value="">{t('serverRoom.ui.filters.allSites')}</option>
            <SiteOptions sites={filterSites} />
          </select>
        </label>
        <div className="toolbar-field sr-person-filter">
          <span id="sr-filter-person">{t('serverRoom.ui.filters.person')}</span>
          <PersonPicker serverRoom
            value={personValue}
            active="all"
            control={{ 'aria-labelledby': 'sr-filter-person' }}
            onChange={(p) => update({ person: p?.id, pname: p?.name, pno: p?.employeeNo })}
            testId="filter-person"
            placeholder={t('serverRoom.ui.picker.short')}
          />
        </div>
        <label className="toolbar-field">
          <span>{t('serverRoom.ui.filters.state')}</span>
          <select className="input sr-state" value={query.state} onChange={(e) => update({ state: e.target.value === 'all' ? undefined : e.target.value })} data-testid="filter-state">
            <option value="all">{t('serverRoom.ui.filters.all')}</option>
            <option value="open">{t('serverRoom.ui.filters.open')}</option>
            <option value="closed">{t('serverRoom.ui.filters.closed')}</option>
          </select>
        </label>
        <div className="sr-toggles">
          <AnomaliesOnlyToggle value={query.anomaliesOnly} month={query.month} update={update} label={t('serverRoom.ui.filters.anomaliesOnly')} className="sr-toggle" />
          <label className="checkbox sr-toggle">
            <input
              type="checkbox"
              checked={includeVoid}
              onChange={(e) => {
                setIncludeVoid(e.target.checked);
                update({ void: e.target.checked });
              }}
              data-testid="filter-void"
            />
            <span>{t('serverRoom.ui.filters.includeVoid')}</span>
          </label>
        </div>
      </div>
      <SearchScope search={query.search} month={query.month} update={update} />

      <ErrorAlert error={error} />

      <StayTable
        rows={data?.rows ?? []}
        sort={query.sort}
        desc={query.desc}
        onSort={(sort, desc) => update({ sort: sort === 'enteredAt' ? undefined : sort, asc: !desc })}
        actions={actions}
        onDetail={onDetail}
        loading={loading}
      />

      <Pager {...urlPager(query, data?.total ?? 0, update)} />

      {dialog?.kind === 'record' && <StayForm sites={sites} onClose={close} onSaved={done} />}
      {dialog?.kind === 'amend' && <StayForm sites={sites} stay={dialog.stay} onClose={close} onSaved={done} />}
      {dialog?.kind === 'exit' && <RecordExitDialog stay={dialog.stay} onClose={close} onSaved={done} />}
      {dialog?.kind === 'void' && <VoidStayDialog stay={dialog.stay} onClose={close} onSaved={done} />}
      {dialog?.kind === 'detail' && <StayDetailDialog stay={dialog.stay} actions={actions} onClose={close} />}
    </div>
  );
}
