import { useEffect, useRef, useState, type HTMLAttributes } from 'react';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState, type Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { ScrollRegion } from './ScrollRegion';

/** What a column may say about its look: its width, centred, or a class for its cells. */
export interface ColumnLook {
  width?: string;
  align?: 'center';
  /** Added to the column's body cells (not its header). */
  cellClass?: string;
  /** Kept in view at the right edge when the list scrolls sideways (a row's actions). */
  stickyEnd?: boolean;
}

type RowAttributes = HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string | undefined };

interface VirtualTableProps<T, S extends string> {
  rows: T[];
  columns: ColumnDef<T>[];
  /** The sorts the store knows; a header click on another column is ignored. */
  sorts: readonly S[];
  sort: S;
  desc: boolean;
  onSort: (sort: S, desc: boolean) => void;
  /** A first click on a column sorts it newest/largest first. */
  sortDescFirst: boolean;
  rowHeight: number;
  overscan: number;
  getRowId: (row: T) => string;
  /** Each row's class and data attributes. */
  rowProps: (row: T) => RowAttributes;
  className: string;
  /** The list's name, as its page's heading says it: the name of its scroll region (read out when it takes focus). */
  label: string;
  testId: string;
  loading: boolean;
  empty: string;
}

const look = (meta: unknown) => (meta ?? {}) as ColumnLook;

/** The narrowest a column without a width may get (its words would otherwise break letter by letter). */
const FLEXIBLE_MIN = '7.5em';

/**
 * The table's least width: its columns' widths, and FLEXIBLE_MIN for each without one. A fixed
 * layout gives the columns without a width only what the others leave; below this, the list scrolls
 * sideways instead (found: 株式会社サンプル broken into one letter a line beside a site column).
 */
function minTableWidth(widths: readonly (string | undefined)[]): string {
  const parts = widths.map((w) => w ?? FLEXIBLE_MIN);
  return `calc(${parts.join(' + ')})`;
}

/**
 * A ledger list as a table: sorting and paging happen in the store (manual mode), and only the
 * rows in view are in the DOM, so a 500-row page scrolls as lightly as a 50-row one.
 */
export function VirtualTable<T, S extends string>({ rows, columns, sorts, sort, desc, onSort, sortDescFirst, rowHeight, overscan, getRowId, rowProps, className, label, testId, loading, empty }: VirtualTableProps<T, S>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Wider than its box (a narrow window): said by a shadow at the actions' edge, so it is seen that there is more to the left of them.
  const [sideways, setSideways] = useState(false);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const check = () => setSideways(el.scrollWidth > el.clientWidth + 1);
    const seen = new ResizeObserver(check);
    seen.observe(el);
    if (el.firstElementChild) seen.observe(el.firstElementChild);
    check();
    return () => seen.disconnect();
  }, []);
  const sorting: SortingState = [{ id: sort, desc }];
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    sortDescFirst,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const s = next[0];
      if (s && (sorts as readonly string[]).includes(s.id)) onSort(s.id as S, s.desc);
    },
    getRowId,
  });

  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({ count: tableRows.length, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const colCount = columns.length;

  return (
    // A region that scrolls is reached by the keyboard too (WCAG 2.1.1): it takes focus, named as its list.
    <ScrollRegion ref={scrollRef} busy={loading} label={label} sideways={sideways}>
      <table className={className} data-testid={testId} style={{ minWidth: minTableWidth(table.getAllLeafColumns().map((c) => look(c.columnDef.meta).width)) }}>
        <colgroup>
          {table.getAllLeafColumns().map((c) => (
            <col key={c.id} style={{ width: look(c.columnDef.meta).width }} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const sortable = h.column.getCanSort();
                const dir = h.column.getIsSorted();
                return (
                  <th key={h.id} scope="col" aria-sort={dir ? (dir === 'desc' ? 'descending' : 'ascending') : undefined} className={[look(h.column.columnDef.meta).align === 'center' && 'center', look(h.column.columnDef.meta).stickyEnd && 'col-end'].filter(Boolean).join(' ') || undefined}>
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
              // Measured: a row taller than the estimate (a long purpose in English) moves the rest down.
              <tr key={row.id} {...rowProps(row.original)} style={{ height: rowHeight }} data-index={v.index} ref={virtualizer.measureElement}>
                {row.getVisibleCells().map((cell) => {
                  const l = look(cell.column.columnDef.meta);
                  return (
                    <td key={cell.id} className={[l.align === 'center' ? 'center' : '', l.cellClass ?? '', l.stickyEnd ? 'col-end' : ''].filter(Boolean).join(' ') || undefined}>
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
      {!loading && rows.length === 0 && <p className="empty">{empty}</p>}
    </ScrollRegion>
  );
}
