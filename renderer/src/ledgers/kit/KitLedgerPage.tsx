import { useCallback, useMemo, type ComponentType, type ReactElement } from 'react';
import type { SessionInfo } from '../../../../shared/domain/session';
import { KitFilters } from './KitFilters';
import type { RecordFormExtra } from './KitRecordDialog';
import type { FormValues } from './form-values';
import type { RefUnavailable } from './RefSelect';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePunct } from '../../hooks/usePunct';
import type { ColumnDef } from '@tanstack/react-table';
import { Ban, History, Pencil, Plus } from 'lucide-react';
import type { Paged } from '../../../../shared/api/schemas';
import { defaultSort, LIST_STATUSES, type FieldType, type LedgerDefinition } from '../../../../shared/ledgers/kit';
import { ErrorAlert } from '../../components/Alert';
import { AnomaliesOnlyToggle } from '../../components/AnomaliesOnlyToggle';
import { MonthPicker } from '../../components/MonthPicker';
import { Pager } from '../../components/Pager';
import { RowActions, rowActionsWidth, type RowAction } from '../../components/RowActions';
import { SearchBox } from '../../components/SearchBox';
import { SearchScope } from '../../components/SearchScope';
import { SiteOptions } from '../../components/SiteOptions';
import { PrintMonthLink } from '../../components/PrintMonthLink';
import { VirtualTable, type ColumnLook } from '../../components/VirtualTable';
import { oneOf, useListPage, usePagedListOf, urlPager, useUrlParams } from '../../hooks/useListQuery';
import { useSites } from '../../hooks/useSites';
import { defaultMonth } from './default-month';
import { useDescribe } from './record-words';
import { useApp } from '../../state/app';
import { KitRecordDialog } from './KitRecordDialog';
import { KitVoidDialog } from './KitVoidDialog';
import { ledgerApi, mayCall, useKitText } from './kit-api';
import { correctionWithheld, noPersonBehind } from './own-record';
import { useShowValue, type KitRecord, type OwnValues } from './KitValue';

type Status = (typeof LIST_STATUSES)[number];

/** Widths by what a column holds, so a date and time (令和8年11月18日 09:00) is whole on one line; texts take the rest. */
const COLUMN_LOOK: Record<FieldType['kind'], ColumnLook | undefined> = {
  // Date and time on two lines in a narrow window (styles.css: --col-instant), so the marks keep their room.
  instant: { width: 'var(--col-instant, 118px)', cellClass: 'nowrap kit-instant' },
  // A month may take two lines (November / 2026 at 1280 px; a walk-through found it cut to 「November 2…」).
  month: { width: '112px' },
  date: { width: '150px', cellClass: 'nowrap' },
  integer: { width: '64px' },
  boolean: { width: '84px', align: 'center' },
  enum: { width: '104px' },
  // A name (a system, a cabinet, a person): room for one of seven or eight characters, not cut mid-word (a walk-through: 「コアスイッ｜チ」).
  ref: { width: 'var(--col-ref, 9em)' },
  text: undefined,
  json: undefined,
};
type Dialog =
  | { kind: 'add'; prefill?: Record<string, unknown> }
  | { kind: 'amend'; record: KitRecord; carry?: FormValues }
  | { kind: 'void'; record: KitRecord }
  | { kind: 'own'; render: (close: () => void, done: () => void) => ReactElement }
  | null;

/** The width a column's heading takes, in em: a wide (CJK) character 1em, another about 0.6em, and the sort mark and padding. */
function headingEm(label: string, sortable: boolean): number {
  return [...label].reduce((n, ch) => n + (ch.codePointAt(0)! >= 0x2e80 ? 1 : 0.6), 0) + (sortable ? 2.2 : 1);
}

/** What a ledger adds to the kit's list page: its own row actions (lock, return...), its record dialog's additions, a panel above the list. */
export interface KitExtras {
  /** How many of its own actions a row shows at most (the actions column's width), 1 by default. */
  rowActionCount?: number;
  /** More actions on a row; `open` shows a dialog of the ledger's own (given `close` and `done`, which reloads the list). */
  rowActions?: (r: KitRecord, open: (render: (close: () => void, done: () => void) => ReactElement) => void, session: SessionInfo | null, reload: () => void) => RowAction[];
  recordForm?: RecordFormExtra;
  refFilters?: Record<string, Record<string, unknown>>;
  /** A new record's ref field: the records offered but not free now (a cabinet open now), by id, with why (shown, not chosen). */
  refUnavailable?: RefUnavailable;
  /** …unless this field of the form is filled (a past session typed in with its lock time: the cabinet open now is free then, the core checks the times). */
  refUnavailableUnless?: Record<string, string>;
  /** A panel above the list; `add` (for who may add) opens a new record with some values given. */
  Panel?: ComponentType<{ reloadKey: number; reload: () => void; add?: (prefill: Record<string, unknown>) => void }>;
  /** How the ledger shows its own structured values (a json field) in lists and histories, by field key. */
  values?: OwnValues;
  /** What a valid record is still in the middle of (持出中, 開錠中, 館内), shown first among its marks; null when it is done. */
  stateNow?: (r: KitRecord) => string | null;
}

/** The list's state lives in the address, so coming back from a history keeps it. */
function useQuery(def: LedgerDefinition) {
  const { params, update, paging } = useUrlParams();
  const month = params.get('month');
  const filters = Object.fromEntries((def.filters ?? []).map((f) => [f.key, params.get(f.key) || undefined]));
  const query = {
    ...paging,
    ...filters,
    // A register has no month: every record is listed.
    month: !def.timeField || month === 'all' ? undefined : month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : defaultMonth(def),
    siteId: def.siteField ? params.get('site') || undefined : undefined,
    status: oneOf<Status>(params.get('status'), LIST_STATUSES, 'valid'),
    anomaliesOnly: params.get('anomalies') === '1' && month !== 'all',
    search: params.get('q') ?? '',
    sort: oneOf<string>(params.get('sort'), def.sorts, defaultSort(def)),
    desc: def.timeField ? params.get('asc') !== '1' : params.get('desc') === '1',
  };
  return { query, update, params };
}

/**
 * A ledger's list from its definition (issue 8): month, site, status and "anomalies only" filters,
 * search, sort and paging by the store; its fields as columns; record, correct (with a reason),
 * void (with a reason) and history on every row — for any ledger on the kit.
 */
export function KitLedgerPage({ def, path, extras = {} }: { def: LedgerDefinition; path: string; extras?: KitExtras }) {
  const { t } = useTranslation();
  const p = usePunct();
  const k = useKitText(def);
  const navigate = useNavigate();
  const session = useApp((s) => s.session);
  const sites = useSites();
  const filterSites = useSites(def.key);
  const show = useShowValue(def, extras?.values);
  const describe = useDescribe(def);
  const { query: asked, update, params } = useQuery(def);
  // One site to read (a site head of one site, a company of one): it is the one shown, and printed,
  // without choosing it first (a walk-through: the head of 大阪 had to pick his only site to print).
  const onlySite = def.siteField && filterSites.length === 1 ? filterSites[0].id : undefined;
  const query = useMemo(() => (asked.siteId === undefined && onlySite ? { ...asked, siteId: onlySite } : asked), [asked, onlySite]);
  const { dialog, setDialog, close, reload, refresh, done, searchText, setSearchText } = useListPage<NonNullable<Dialog>>(query.search, update);
  // A new record that must name a grant (a cabinet's key custodian, FieldDef.grants) is not offered to an account no person
  // stands behind: the core refuses it (errors.no_person_behind), so the page says why in its place.
  const grantField = noPersonBehind(session) ? def.fields.find((f) => f.grants && f.required && f.create !== false) : undefined;
  const canAdd = mayCall(def, 'add', session) && !grantField;
  const canAmend = mayCall(def, 'amend', session);
  const canVoid = mayCall(def, 'void', session);
  const canSeeHistory = mayCall(def, 'history', session);
  const load = useCallback((input: unknown) => ledgerApi<Paged<KitRecord>>(def, 'list', input), [def]);
  const { data, loading, error } = usePagedListOf(load, { ...query, search: query.search || undefined }, reload);
  // Some record listed is the signed-in person's own, or the account has no person behind it: why it offers no 訂正 or 無効化 (its row says which).
  const withheld = (r: KitRecord) => (r.status === 'valid' && (canAmend || canVoid) ? correctionWithheld(def, r, session) : null);
  const rows = data?.rows ?? [];
  const ownShown = rows.some((r) => withheld(r) === 'own');
  const noPersonShown = rows.some((r) => withheld(r) === 'no_person');

  const siteChosen = query.siteId !== undefined;
  const manySites = sites.length > 1;
  const columns = useMemo<ColumnDef<KitRecord>[]>(() => {
    const sortable = new Set<string>(def.sorts);
    // A record book lists one site's records without its site; with every site (of several) shown,
    // the first column says which site each is of, on a line of its own (no column: the list keeps its width).
    const withSite = def.siteField !== undefined && !siteChosen && manySites && def.fields.find((f) => f.key === def.siteField)?.inList === false;
    const listed = def.fields.filter((f) => f.inList !== false && !f.listUnder);
    // The fields shown under another's value, by that field's key.
    const under = (key: string) => def.fields.filter((g) => g.listUnder === key);
    const fields: ColumnDef<KitRecord>[] = listed.map((f, i) => ({
      id: f.key,
      ...(sortable.has(f.key) ? { accessorKey: f.key } : { enableSorting: false }),
      header: k.label(f),
      cell: ({ row }) => (
        <>
          <span className={f.type.kind === 'text' ? 'kit-text' : undefined}>{show(f, row.original[f.key], row.original.names[f.key], true, row.original.erasedFields.includes(f.key))}</span>
          {under(f.key).map((g) =>
            (row.original[g.key] ?? '') === '' && !row.original.erasedFields.includes(g.key) ? null : (
              <span key={g.key} className="kit-sub-line" data-testid={`record-${g.key}`}>
                {k.label(g)}
                {p.colon}
                {show(g, row.original[g.key], row.original.names[g.key], true, row.original.erasedFields.includes(g.key))}
              </span>
            ),
          )}
          {withSite && i === 0 && (
            <span className="kit-site-line" data-testid="record-site">
              <span className="visually-hidden">{t('ledgerKit.filters.site')}: </span>
              {row.original.names[def.siteField!]}
            </span>
          )}
        </>
      ),
      // A short text keeps a readable width (a name 7.5em, a company its listEm), its heading and sort mark
      // whole (walk-throughs: キャビネット番号 hid its sort mark; 株式会社ネク｜ストシステム｜ズ); a long one takes what is left.
      // In a narrow window (styles.css: --kit-heading-room below 1) a long heading may take two lines instead.
      meta: f.type.kind === 'text' && f.type.max <= 60 && !f.type.multiline ? { width: `max(${f.listEm ?? 7.5}em, calc(${headingEm(k.label(f), sortable.has(f.key))}em * var(--kit-heading-room, 1)))` } : COLUMN_LOOK[f.type.kind],
    }));
    const marks: ColumnDef<KitRecord> = {
      id: 'marks',
      header: t('ledgerKit.columns.marks'),
      enableSorting: false,
      cell: ({ row }) => {
        const r = row.original;
        const now = r.status === 'valid' ? (extras.stateNow?.(r) ?? null) : null;
        return (
          <span className="badges kit-marks">
            {now !== null && (
              <span className="badge badge-primary" data-testid="state-now">
                {now}
              </span>
            )}
            {r.status === 'void' && (
              <span className="badge badge-muted" title={r.voidReason ?? undefined} data-testid="record-void">
                {t('ledgerKit.voided')}{p.colon}{r.voidReason}
              </span>
            )}
            {r.amendCount > 0 && <span className="badge badge-warning">{t('ledgerKit.amended', { count: r.amendCount })}</span>}
            {r.sealedChange && (
              <span className="badge badge-danger" data-testid="sealed-change">
                {t('review.detail.sealedChange')}
              </span>
            )}
            {r.anomalies.map((a) => (
              <span key={a.code} className="badge badge-danger" data-testid="anomaly" data-code={a.code}>
                {k.anomaly(a)}
              </span>
            ))}
          </span>
        );
      },
      // A register has no anomaly rules: its marks are only 無効 and 訂正.
      meta: { width: def.anomalyCodes.length > 0 ? '140px' : '100px' },
    };
    const actions: ColumnDef<KitRecord> = {
      id: 'actions',
      header: () => <span className="visually-hidden">{t('ledgerKit.columns.actions')}</span>,
      enableSorting: false,
      cell: ({ row }) => {
        const r = row.original;
        const list: RowAction[] = [];
        // One's own record is corrected and voided by another keeper, and none by an account no person stands behind (the core refuses it): not offered, and said why.
        const held = r.status === 'valid' && (canAmend || canVoid) ? correctionWithheld(def, r, session) : null;
        const own = held !== null;
        if (canAmend && r.status === 'valid' && !own) list.push({ key: 'amend', label: t('ledgerKit.actions.amend'), icon: Pencil, onClick: () => setDialog({ kind: 'amend', record: r }) });
        if (canVoid && r.status === 'valid' && !own) list.push({ key: 'void', label: t('ledgerKit.actions.void'), icon: Ban, danger: true, onClick: () => setDialog({ kind: 'void', record: r }) });
        if (canSeeHistory) list.push({ key: 'history', label: t('ledgerKit.actions.history'), icon: History, onClick: () => navigate(`${path}/${r.id}/history`) });
        if (r.status === 'valid') list.unshift(...(extras.rowActions?.(r, (render) => setDialog({ kind: 'own', render }), session, refresh) ?? []));
        return <RowActions actions={list} name={describe(r)} note={held === 'own' ? t('ledgerKit.ownRecord.mark') : held === 'no_person' ? t('ledgerKit.noPerson.mark') : undefined} />;
      },
      meta: { width: rowActionsWidth([canAmend, canVoid, canSeeHistory].filter(Boolean).length + (extras.rowActions ? (extras.rowActionCount ?? 1) : 0)), stickyEnd: true },
    };
    return [...fields, marks, actions];
  }, [def, k, t, p, show, describe, canAmend, canVoid, canSeeHistory, navigate, path, extras, session, siteChosen, manySites]);

  return (
    <div className="page page-full">
      <header className="page-header page-header-row">
        <div>
          <h1>{k.title}</h1>
          <p className="page-lead">{k.lead}</p>
          {/* Someone who keeps only their own records is told the list is theirs (a walk-through: staff read it as the whole ledger). */}
          {def.own && session && !session.roles.some((r) => def.access.read.includes(r)) && session.roles.some((r) => def.own!.roles.includes(r)) && (
            <p className="muted small" data-testid="own-records-only">
              {t('ledgerKit.ownOnly')}
            </p>
          )}
          {ownShown && (
            <p className="muted small" data-testid="own-record-note">
              {t('ledgerKit.ownRecord.note')}
            </p>
          )}
          {noPersonShown && (
            <p className="small note-warning" data-testid="no-person-note">
              {t('ledgerKit.noPerson.note')}
            </p>
          )}
          {grantField && mayCall(def, 'add', session) && (
            <p className="small note-warning" data-testid="no-person-add-note">
              {t('ledgerKit.noPerson.addNote', { field: k.label(grantField) })}
            </p>
          )}
        </div>
        <div className="header-actions">
          {def.timeField && def.siteField && <PrintMonthLink ledger={def.key} siteId={query.siteId} month={query.month} />}
          {canAdd && (
            <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'add' })}>
              <Plus size={16} aria-hidden="true" />
              {t(def.timeField ? 'ledgerKit.actions.add' : 'ledgerKit.actions.register')}
            </button>
          )}
        </div>
      </header>

      <div className="toolbar" role="search" aria-label={t('ledgerKit.filters.label')}>
        <SearchBox value={searchText} onChange={setSearchText} placeholder={t('ledgerKit.filters.search')} testId="record-search" />
        {def.timeField && (
          <div className="toolbar-field">
            <span aria-hidden="true">{t('ledgerKit.filters.month')}</span>
            <MonthPicker
              label={t('ledgerKit.filters.month')}
              value={query.month}
              onChange={(m) => update({ month: m === undefined ? 'all' : m === defaultMonth(def) ? undefined : m, anomalies: m === undefined ? undefined : query.anomaliesOnly })}
            />
          </div>
        )}
        <KitFilters def={def} params={params} update={update} />
        {def.siteField && (
          <label className="toolbar-field">
            <span>{t('ledgerKit.filters.site')}</span>
            <select className="input" value={query.siteId ?? ''} onChange={(e) => update({ site: e.target.value || undefined })} data-testid="filter-site">
              <option value="">{t('ledgerKit.filters.allSites')}</option>
              <SiteOptions sites={filterSites} />
            </select>
          </label>
        )}
        <label className="toolbar-field">
          <span>{t('ledgerKit.filters.status')}</span>
          <select className="input" value={query.status} onChange={(e) => update({ status: e.target.value === 'valid' ? undefined : e.target.value })} data-testid="filter-status">
            {LIST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`ledgerKit.filters.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {def.anomalyCodes.length > 0 && <AnomaliesOnlyToggle value={query.anomaliesOnly} month={query.month} update={update} label={t('ledgerKit.filters.anomaliesOnly')} />}
      </div>
      <SearchScope search={query.search} month={query.month} update={update} />

      {extras.Panel && <extras.Panel reloadKey={reload} reload={refresh} add={canAdd ? (prefill) => setDialog({ kind: 'add', prefill }) : undefined} />}

      <ErrorAlert error={error} />

      <VirtualTable
        rows={data?.rows ?? []}
        columns={columns}
        sorts={def.sorts}
        sort={query.sort}
        desc={query.desc}
        onSort={(sort, desc) => update({ sort: sort === defaultSort(def) ? undefined : sort, ...(def.timeField ? { asc: !desc } : { desc }) })}
        sortDescFirst={!!def.timeField}
        rowHeight={46}
        overscan={10}
        getRowId={(r) => r.id}
        rowProps={(r) => ({ className: r.status === 'void' ? 'row-void' : undefined, 'data-testid': 'record-row', 'data-status': r.status, 'data-id': r.id })}
        className="table table-sticky kit-table"
        label={k.title}
        testId="record-table"
        loading={loading}
        empty={t('ledgerKit.empty')}
      />

      <Pager {...urlPager(query, data?.total ?? 0, update)} />

      {dialog?.kind === 'add' && (
        <KitRecordDialog
          def={def}
          sites={sites}
          prefill={dialog.prefill}
          onClose={close}
          onSaved={done}
          extra={extras.recordForm}
          refFilters={extras.refFilters}
          refUnavailable={extras.refUnavailable}
          refUnavailableUnless={extras.refUnavailableUnless}
          onAmendExisting={
            canAmend
              ? (recordId, typed) =>
                  void ledgerApi<KitRecord>(def, 'get', { id: recordId }).then((r) => {
                    if (r.ok) setDialog({ kind: 'amend', record: r.value, carry: typed });
                  })
              : undefined
          }
        />
      )}
      {dialog?.kind === 'own' && dialog.render(close, done)}
      {dialog?.kind === 'amend' && (
        <KitRecordDialog def={def} sites={sites} record={dialog.record} carry={dialog.carry} onClose={close} onSaved={done} extra={extras.recordForm} refFilters={extras.refFilters} />
      )}
      {dialog?.kind === 'void' && <KitVoidDialog def={def} record={dialog.record} describe={describe} onClose={close} onSaved={done} />}
    </div>
  );
}
