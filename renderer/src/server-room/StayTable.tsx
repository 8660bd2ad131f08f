import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState, type Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, ArrowUpDown, Ban, History, LogOut, MonitorSmartphone, Pencil } from 'lucide-react';
import { STAY_SORTS, type ServerRoomStay } from '../../../shared/ledgers/serverRoom';
import { useDates } from '../hooks/useDates';
import { AnomalyMarks } from './AnomalyMarks';
import type { StayActions } from './StayDetailDialog';
import { useServerRoomText } from './text';
import { minutesBetween, sameJapanDay, timeOf } from './time';

export type StaySort = (typeof STAY_SORTS)[number];

interface StayTableProps {
  rows: ServerRoomStay[];
  sort: StaySort;
  desc: boolean;
  onSort: (sort: StaySort, desc: boolean) => void;
  actions: StayActions;
  onDetail: (s: ServerRoomStay) => void;
  loading: boolean;
}

const ROW_HEIGHT = 58;

/** 令和8年11月27日（金） over 10:42: the date, and the time big enough to read at a glance. */
function When({ value }: { value: string }) {
  const dates = useDates();
  return (
    <time className="sr-when" dateTime={value} title={value}>
      <span className="sr-when-date">{dates.date(value, true)}</span>
      <span className="sr-when-time">{timeOf(value)}</span>
    </time>
  );
}

/**
 * The entry book as a table: sorting and paging happen in the store (manual mode), and only the
 * rows in view are in the DOM. Voided rows stay, struck through with their reason (SPEC §3).
 */
export function StayTable({ rows, sort, desc, onSort, actions, onDetail, loading }: StayTableProps) {
  const { t } = useTranslation();
  const text = useServerRoomText();
  const dates = useDates();
  const scrollRef = useRef<HTMLDivElement>(null);

  const columns = useMemo<ColumnDef<ServerRoomStay>[]>(
    () => [
      { id: 'enteredAt', header: t('serverRoom.ui.columns.entered'), cell: ({ row }) => <When value={row.original.enteredAt} />, meta: { width: '138px' } },
      {
        id: 'exitedAt',
        header: t('serverRoom.ui.columns.exited'),
        enableSorting: false,
        cell: ({ row }) => {
          const s = row.original;
          if (!s.exitedAt) {
            return (
              <div className="sr-open">
                <span className="badge badge-primary" data-testid="stay-open">
                  {t('serverRoom.ui.inside')}
                </span>
                {actions.canKeep && s.status === 'valid' && (
                  <button type="button" className="btn btn-sm btn-secondary" onClick={() => actions.onExit(s)} aria-label={`${t('serverRoom.ui.actions.recordExit')}: ${s.personName}`}>
                    <LogOut size={14} aria-hidden="true" />
                    {t('serverRoom.ui.columns.exited')}
                  </button>
                )}
              </div>
            );
          }
          const minutes = text.duration(minutesBetween(s.enteredAt, s.exitedAt));
          return sameJapanDay(s.enteredAt, s.exitedAt) ? (
            <time className="sr-when" dateTime={s.exitedAt} title={s.exitedAt}>
              <span className="sr-when-date">{minutes}</span>
              <span className="sr-when-time">{timeOf(s.exitedAt)}</span>
            </time>
          ) : (
            <When value={s.exitedAt} />
          );
        },
        meta: { width: '112px' },
      },
      {
        id: 'person',
        header: t('serverRoom.ui.columns.person'),
        cell: ({ row }) => {
          const s = row.original;
          return (
            <div className="name-cell">
              <button type="button" className="link-button name" onClick={() => onDetail(s)} data-testid="stay-person-name" title={t('serverRoom.ui.actions.detail')}>
                {s.personName}
              </button>
              <span className="kana">
                {s.employeeNo}・{s.siteName}
              </span>
            </div>
          );
        },
        meta: { width: '136px' },
      },
      {
        id: 'purpose',
        header: t('serverRoom.ui.columns.purpose'),
        enableSorting: false,
        cell: ({ row }) => {
          const s = row.original;
          return (
            <div className="name-cell" title={s.purposeNote ?? undefined}>
              <span data-testid="stay-purpose">{text.purpose(s.purpose, s.purposeLabel)}</span>
              {s.purposeNote && <span className="kana">{s.purposeNote}</span>}
            </div>
          );
        },
        meta: { width: '118px' },
      },
      {
        id: 'companions',
        header: t('serverRoom.ui.columns.companions'),
        enableSorting: false,
        cell: ({ row }) => {
          const c = row.original.companions;
          const lines = text.companionLines(c);
          return (
            <div className="name-cell" title={lines.join('\n') || undefined} data-testid="stay-companions">
              <span>{text.companionsSummary(c)}</span>
              {lines.length > 0 && <span className="kana">{lines.join('、')}</span>}
            </div>
          );
        },
        meta: { width: '150px' },
      },
      {
        id: 'marks',
        header: t('serverRoom.ui.columns.marks'),
        enableSorting: false,
        cell: ({ row }) => {
          const s = row.original;
          return (
            <div className="sr-marks">
              {s.status === 'void' && (
                <span className="sr-void-reason" data-testid="stay-void" title={s.voidReason ?? undefined}>
                  <span className="badge badge-muted">{t('serverRoom.ui.voided')}</span> {s.voidReason}
                </span>
              )}
              {s.amendCount > 0 && (
                <span className="badge badge-warning" data-testid="stay-amended">
                  {t('serverRoom.ui.amended', { count: s.amendCount })}
                </span>
              )}
              {s.recordedBy.startsWith('person:') && (
                <span className="sr-terminal-mark" title={t('serverRoom.ui.atTerminal')}>
                  <MonitorSmartphone size={14} aria-label={t('serverRoom.ui.atTerminal')} />
                </span>
              )}
              <AnomalyMarks anomalies={s.anomalies} limit={3} />
            </div>
          );
        },
        meta: { wrap: true },
      },
      {
        id: 'actions',
        header: () => <span className="visually-hidden">{t('serverRoom.ui.columns.actions')}</span>,
        enableSorting: false,
        cell: ({ row }) => {
          const s = row.original;
          const who = `${s.personName} ${dates.dateTime(s.enteredAt)}`;
          return (
            <div className="row-actions">
              {actions.canKeep && s.status === 'valid' && (
                <>
                  <button type="button" className="icon-button" onClick={() => actions.onAmend(s)} aria-label={`${t('serverRoom.ui.actions.amend')}: ${who}`} title={t('serverRoom.ui.actions.amend')}>
                    <Pencil size={16} aria-hidden="true" />
                  </button>
                  <button type="button" className="icon-button sr-danger-icon" onClick={() => actions.onVoid(s)} aria-label={`${t('serverRoom.ui.actions.void')}: ${who}`} title={t('serverRoom.ui.actions.void')}>
                    <Ban size={16} aria-hidden="true" />
                  </button>
                </>
              )}
              {actions.canSeeHistory && (
                <button type="button" className="icon-button" onClick={() => actions.onHistory(s)} aria-label={`${t('serverRoom.ui.actions.history')}: ${who}`} title={t('serverRoom.ui.actions.history')}>
                  <History size={16} aria-hidden="true" />
                </button>
              )}
            </div>
          );
        },
        meta: { width: '118px' },
      },
    ],
    [t, text, dates, actions, onDetail],
  );

  const sorting: SortingState = [{ id: sort, desc }];
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    sortDescFirst: true,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const s = next[0];
      if (s && (STAY_SORTS as readonly string[]).includes(s.id)) onSort(s.id as StaySort, s.desc);
    },
    getRowId: (s) => s.id,
  });

  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({ count: tableRows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const colCount = columns.length;

  return (
    <div className="table-scroll" ref={scrollRef} aria-busy={loading}>
      <table className="table table-sticky sr-table" data-testid="stay-table">
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
                return (
                  <th key={h.id} scope="col" aria-sort={dir ? (dir === 'desc' ? 'descending' : 'ascending') : undefined}>
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
            const s = row.original;
            const cls = [s.status === 'void' ? 'sr-row-void' : '', !s.exitedAt && s.status === 'valid' ? 'sr-row-open' : ''].filter(Boolean).join(' ');
            return (
              <tr key={row.id} className={cls || undefined} style={{ height: ROW_HEIGHT }} data-testid="stay-row" data-status={s.status} data-id={s.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={(cell.column.columnDef.meta as { wrap?: boolean } | undefined)?.wrap ? 'sr-wrap' : undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
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
      {!loading && rows.length === 0 && <p className="empty">{t('serverRoom.ui.empty')}</p>}
    </div>
  );
}
