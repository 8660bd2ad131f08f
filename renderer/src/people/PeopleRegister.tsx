import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import { PEOPLE_SORTS, type Person } from '../../../shared/ledgers/people';
import { canCall } from '../auth/access';
import { ErrorAlert } from '../components/Alert';
import { Pager } from '../components/Pager';
import { SearchBox } from '../components/SearchBox';
import { oneOf, useListPage, usePagedList, urlPager, useUrlParams } from '../hooks/useListQuery';
import { useSites } from '../hooks/useSites';
import { useApp } from '../state/app';
import { PeopleTable } from './PeopleTable';
import { ClearPinDialog } from './ClearPinDialog';
import { PersonForm } from './PersonForm';
import { SetActiveDialog } from './SetActiveDialog';
import { SiteOptions } from '../components/SiteOptions';

type Sort = (typeof PEOPLE_SORTS)[number];
type ActiveFilter = 'active' | 'inactive' | 'all';
type Dialog = { kind: 'add' } | { kind: 'amend'; person: Person } | { kind: 'setActive'; person: Person } | { kind: 'clearPin'; person: Person } | null;

/** The list's state lives in the address (#/people?site=…&q=…), so coming back from a history keeps it. */
function useQuery() {
  const { params, update, paging } = useUrlParams();
  const query = {
    ...paging,
    siteId: params.get('site') || undefined,
    search: params.get('q') ?? '',
    active: oneOf<ActiveFilter>(params.get('active'), ['inactive', 'all'], 'active'),
    sort: oneOf<Sort>(params.get('sort'), PEOPLE_SORTS, 'kana'),
    desc: params.get('desc') === '1',
  };
  return { query, update };
}

export function PeopleRegister() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useApp((s) => s.session);
  const sites = useSites();
  const { query, update } = useQuery();
  const { dialog, setDialog, close, reload, done, searchText, setSearchText } = useListPage<NonNullable<Dialog>>(query.search, update);
  const { data, loading, error } = usePagedList('people.list', { ...query, search: query.search || undefined }, reload);
  const canEdit = canCall('people.add', session);
  const canSeeHistory = canCall('history.get', session);
  const canClearPin = canCall('serverRoom.clearPin', session);

  const onAmend = useCallback((person: Person) => setDialog({ kind: 'amend', person }), []);
  const onSetActive = useCallback((person: Person) => setDialog({ kind: 'setActive', person }), []);
  const onHistory = useCallback((person: Person) => navigate(`/people/${person.id}/history`), [navigate]);
  const onClearPin = useCallback((person: Person) => setDialog({ kind: 'clearPin', person }), []);

  return (
    <div className="page page-full">
      <header className="page-header page-header-row">
        <div>
          <h1>{t('people.title')}</h1>
          <p className="page-lead">{t('people.lead')}</p>
        </div>
        {canEdit && (
          <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'add' })}>
            <Plus size={16} aria-hidden="true" />
            {t('people.actions.add')}
          </button>
        )}
      </header>

      <div className="toolbar" role="search">
        <SearchBox value={searchText} onChange={setSearchText} placeholder={t('people.filters.search')} testId="people-search" />
        <label className="toolbar-field">
          <span>{t('people.filters.site')}</span>
          <select className="input" value={query.siteId ?? ''} onChange={(e) => update({ site: e.target.value || undefined })} data-testid="filter-site">
            <option value="">{t('people.filters.allSites')}</option>
            <SiteOptions sites={sites} />
          </select>
        </label>
        <label className="toolbar-field">
          <span>{t('people.filters.status')}</span>
          <select className="input" value={query.active} onChange={(e) => update({ active: e.target.value === 'active' ? undefined : e.target.value })}>
            <option value="active">{t('people.filters.active')}</option>
            <option value="inactive">{t('people.filters.inactive')}</option>
            <option value="all">{t('people.filters.all')}</option>
          </select>
        </label>
      </div>

      <ErrorAlert error={error} />

      <PeopleTable
        rows={data?.rows ?? []}
        sort={query.sort}
        desc={query.desc}
        onSort={(sort, desc) => update({ sort: sort === 'kana' ? undefined : sort, desc })}
        canEdit={canEdit}
        canSeeHistory={canSeeHistory}
        canClearPin={canClearPin}
        onAmend={onAmend}
        onSetActive={onSetActive}
        onHistory={onHistory}
        onClearPin={onClearPin}
        loading={loading}
      />

      <Pager {...urlPager(query, data?.total ?? 0, update)} />

      {dialog?.kind === 'add' && <PersonForm sites={sites} onClose={close} onSaved={done} />}
      {dialog?.kind === 'amend' && <PersonForm sites={sites} person={dialog.person} onClose={close} onSaved={done} />}
      {dialog?.kind === 'setActive' && <SetActiveDialog person={dialog.person} onClose={close} onSaved={done} />}
      {dialog?.kind === 'clearPin' && <ClearPinDialog person={dialog.person} onClose={close} onSaved={done} />}
    </div>
  );
}
