import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState, type Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, ArrowUpDown, History, KeyRound, Pencil, UserCheck, UserX } from 'lucide-react';
import type { Person } from '../../../shared/ledgers/people';
import { PEOPLE_SORTS } from '../../../shared/ledgers/people';
import { DateText } from '../components/DateText';

type Sort = (typeof PEOPLE_SORTS)[number];

interface PeopleTableProps {
  rows: Person[];
  sort: Sort;
  desc: boolean;
  onSort: (sort: Sort, desc: boolean) => void;
  canEdit: boolean;
  canSeeHistory: boolean;
  /** May clear a person's door-terminal PIN (serverRoom.clearPin). */
  canClearPin: boolean;
  onAmend: (p: Person) => void;
  onSetActive: (p: Person) => void;
  onHistory: (p: Person) => void;
  onClearPin: (p: Person) => void;
  loading: boolean;
}

const ROW_HEIGHT = 46;

// Sortable columns have an accessor (TanStack only sorts those); the sorting itself is the store's.
/**
 * The register as a table: sorting and paging happen in the store (manual mode), and only the rows
 * in view are in the DOM, so a 500-row page scrolls as lightly as a 50-row one.
 */
export function PeopleTable({ rows, sort, desc, onSort, canEdit, canSeeHistory, canClearPin, onAmend, onSetActive, onHistory, onClearPin, loading }: PeopleTableProps) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);

  const columns = useMemo<ColumnDef<Person>[]>(
    () => [
      { id: 'employeeNo', accessorKey: 'employeeNo', header: t('people.columns.employeeNo'), cell: ({ row }) => <span className="mono">{row.original.employeeNo}</span>, meta: { width: '84px' } },
      {
        id: 'kana',
        accessorKey: 'kana',
        header: t('people.fields.name'),
        cell: ({ row }) => (
          <div className="name-cell">
            <span className="name" data-testid="person-name">
              {row.original.name}
            </span>
            <span className="kana">{row.original.kana}</span>
          </div>
        ),
      },
      { id: 'department', accessorKey: 'department', header: t('people.fields.department'), cell: ({ row }) => row.original.department },
      { id: 'site', accessorKey: 'siteName', header: t('people.fields.site'), cell: ({ row }) => row.original.siteName, meta: { width: '96px' } },
      { id: 'cardNo', header: t('people.fields.cardNo'), enableSorting: false, cell: ({ row }) => <span className="mono">{row.original.cardNo ?? '—'}</span>, meta: { width: '88px' } },
      {
        id: 'serverRoomAuthorized',
        header: () => <span title={t('people.fields.serverRoomAuthorized')}>{t('people.columns.serverRoom')}</span>,
        enableSorting: false,
        cell: ({ row }) => (row.original.serverRoomAuthorized ? <span className="badge badge-success">{t('people.authorized')}</span> : <span className="muted">{t('people.notAuthorized')}</span>),
        meta: { width: '92px', align: 'center' },
      },
      {
        id: 'active',
        header: t('people.fields.active'),
        enableSorting: false,
        cell: ({ row }) => (row.original.active ? <span className="badge badge-success">{t('people.status.active')}</span> : <span className="badge badge-muted">{t('people.status.inactive')}</span>),
        meta: { width: '80px', align: 'center' },
      },
      { id: 'createdAt', accessorKey: 'createdAt', header: t('people.fields.createdAt'), cell: ({ row }) => <DateText value={row.original.createdAt} />, meta: { width: '136px' } },
      {
        id: 'actions',
        header: () => <span className="visually-hidden">{t('accounts.columns.actions')}</span>,
        enableSorting: false,
        cell: ({ row }) => {
          const p = row.original;
          return (
            <div className="row-actions">
              {canEdit && (
                <button type="button" className="btn btn-sm btn-secondary" onClick={() => onAmend(p)} aria-label={`${t('people.actions.amend')}: ${p.name}`}>
                  <Pencil size={14} aria-hidden="true" />
                  {t('people.actions.amend')}
                </button>
              )}
              {canSeeHistory && (
                <button type="button" className="btn btn-sm btn-ghost" onClick={() => onHistory(p)} aria-label={`${t('people.actions.history')}: ${p.name}`}>
                  <History size={14} aria-hidden="true" />
                  {t('people.actions.history')}
                </button>
              )}
              {canEdit && (
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => onSetActive(p)}
                  aria-label={`${p.active ? t('people.actions.deactivate') : t('people.actions.reactivate')}: ${p.name}`}
                  title={p.active ? t('people.actions.deactivate') : t('people.actions.reactivate')}
                >
                  {p.active ? <UserX size={16} aria-hidden="true" /> : <UserCheck size={16} aria-hidden="true" />}
                </button>
              )}
              {canClearPin && (
                <button type="button" className="icon-button" onClick={() => onClearPin(p)} aria-label={`${t('serverRoom.ui.clearPin.action')}: ${p.name}`} title={t('serverRoom.ui.clearPin.action')}>
                  <KeyRound size={16} aria-hidden="true" />
                </button>
              )}
            </div>
          );
        },
        meta: { width: `${(canEdit ? 184 : 92) + (canClearPin ? 36 : 0)}px` },
      },
    ],
    [t, canEdit, canSeeHistory, canClearPin, onAmend, onSetActive, onHistory, onClearPin],
  );

  const sorting: SortingState = [{ id: sort, desc }];
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    sortDescFirst: false,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const s = next[0];
      if (s && (PEOPLE_SORTS as readonly string[]).includes(s.id)) onSort(s.id as Sort, s.desc);
    },
    getRowId: (p) => p.id,
  });

  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({ count: tableRows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const colCount = columns.length;

  return (
    <div className="table-scroll" ref={scrollRef} aria-busy={loading}>
      <table className="table table-sticky table-nowrap" data-testid="people-table">
        <colgroup>
          {table.getAllLeafColumns().map((c) => (
            <col key={c.id} style={{ width: (c.columnDef.meta as { width?: string } | undefined)?.width }} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const sortable = h.column.getCanSort();
                const dir = h.column.getIsSorted();
                const align = (h.column.columnDef.meta as { align?: string } | undefined)?.align;
                return (
                  <th key={h.id} scope="col" aria-sort={dir ? (dir === 'desc' ? 'descending' : 'ascending') : undefined} className={align === 'center' ? 'center' : undefined}>
                    {sortable ? (
                      <button type="button" className="sort-button" onClick={h.column.getToggleSortingHandler()}>
                        {flexRender(h.column.columnDef.header, h.getContext())}
                        {dir === 'asc' ? <ArrowUp size={14} aria-hidden="true" /> : dir === 'desc' ? <ArrowDown size={14} aria-hidden="true" /> : <ArrowUpDown size={14} aria-hidden="true" className="sort-idle" />}
                      </button>
                    ) : (
                      flexRender(h.column.columnDef.header, h.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr aria-hidden="true" className="pad-row">
              <td colSpan={colCount} style={{ height: padTop }} />
            </tr>
          )}
          {items.map((v) => {
            const row = tableRows[v.index];
            return (
              <tr key={row.id} className={row.original.active ? undefined : 'row-inactive'} style={{ height: ROW_HEIGHT }} data-testid="person-row">
                {row.getVisibleCells().map((cell) => {
                  const align = (cell.column.columnDef.meta as { align?: string } | undefined)?.align;
                  return (
                    <td key={cell.id} className={align === 'center' ? 'center' : undefined}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden="true" className="pad-row">
              <td colSpan={colCount} style={{ height: padBottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {!loading && rows.length === 0 && <p className="empty">{t('people.empty')}</p>}
    </div>
  );
}
