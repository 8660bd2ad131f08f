import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { Ban, History, LogOut, MonitorSmartphone, Pencil } from 'lucide-react';
import { STAY_SORTS, type ServerRoomStay } from '../../../shared/ledgers/serverRoom';
import { RowActions, rowActionsWidth, type RowAction } from '../components/RowActions';
import { VirtualTable } from '../components/VirtualTable';
import { useDates } from '../hooks/useDates';
import { AnomalyMarks } from './AnomalyMarks';
import type { StayActions } from './StayDetailDialog';
import { useServerRoomText } from './text';
import { japanDaysBetween, minutesBetween, timeOf } from '../lib/japan-time';
import { usePunct } from '../hooks/usePunct';

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

/** Two short lines a row (date over time, name over number): a dozen rows in view at 1280×800. */
const ROW_HEIGHT = 40;

/** 11月27日（金） over 10:42 (the year where it is not this one's): the date, and the time big enough to read at a glance. */
function When({ value }: { value: string }) {
  const dates = useDates();
  return (
    <time className="sr-when" dateTime={value} title={dates.dateTime(value)}>
      <span className="sr-when-date">{dates.dayShort(value)}</span>
      <span className="sr-when-time">{timeOf(value)}</span>
    </time>
  );
}

/**
 * The entry book as a table: sorting and paging happen in the store (manual mode), and only the
 * rows in view are in the DOM. Voided rows stay, struck through with their reason (SPEC §3).
 */
export function StayTable({ rows, sort, desc, onSort, actions, onDetail, loading }: StayTableProps) {
  const { t, i18n } = useTranslation();
  const p = usePunct();
  const text = useServerRoomText();
  const dates = useDates();

  const columns = useMemo<ColumnDef<ServerRoomStay>[]>(
    () => [
      {
        id: 'enteredAt',
        header: t('serverRoom.ui.columns.entered'),
        cell: ({ row }) => (
          <>
            {/* Struck through is seen, not heard: say it first. */}
            {row.original.status === 'void' && <span className="visually-hidden">{t('serverRoom.ui.voidedRow')}</span>}
            <When value={row.original.enteredAt} />
          </>
        ),
        meta: { width: '142px' },
      },
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
                    {t('serverRoom.ui.actions.exit')}
                  </button>
                )}
              </div>
            );
          }
          // The stay's length over the exit time; an exit on a later day says so before the time
          // (翌日 01:20), its full date in the details and the title.
          const days = japanDaysBetween(s.enteredAt, s.exitedAt);
          return (
            <time className="sr-when" dateTime={s.exitedAt} title={dates.dateTime(s.exitedAt)}>
              <span className="sr-when-date">{text.duration(minutesBetween(s.enteredAt, s.exitedAt))}</span>
              <span className="sr-when-time">
                {days > 0 && (
                  <span className="sr-when-later" data-testid="stay-exit-later">
                    {days === 1 ? t('serverRoom.ui.nextDay') : t('serverRoom.ui.daysLater', { count: days })}
                  </span>
                )}
                {timeOf(s.exitedAt)}
              </span>
            </time>
          );
        },
        meta: { width: '128px' },
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
                {p.list([s.employeeNo, s.siteName])}
              </span>
            </div>
          );
        },
        meta: { width: '132px' },
      },
      {
        id: 'purpose',
        header: t('serverRoom.ui.columns.purpose'),
        enableSorting: false,
        cell: ({ row }) => {
          const s = row.original;
          return (
            <div className="name-cell name-cell-wrap" title={s.purposeNote ?? undefined}>
              <span data-testid="stay-purpose">{text.purpose(s.purpose, s.purposeLabel)}</span>
              {s.purposeNote && <span className="kana">{s.purposeNote}</span>}
            </div>
          );
        },
        meta: { width: '156px' },
      },
      {
        id: 'companions',
        header: t('serverRoom.ui.columns.companions'),
        enableSorting: false,
        cell: ({ row }) => {
          const c = row.original.companions;
          const lines = text.companionLines(c);
          return (
            // Who, by name, on the row's one line (its height keeps a dozen rows in view); each with their
            // company and escort in the title, to screen readers and in the record (a walk-through found
            // 「株式会社ネクス…」 cut at 1280 px).
            <div className="name-cell" title={lines.join('\n') || undefined} data-testid="stay-companions">
              <span>{text.companionsSummary(c)}</span>
              {lines.length > 0 && (
                <>
                  <span className="kana" aria-hidden="true">
                    {[...c.employees.map((e) => e.name), ...c.visitors.map((v) => v.name || t('history.erased'))].join(t('common.listSeparator'))}
                  </span>
                  <span className="visually-hidden">{lines.join(t('common.listSeparator'))}</span>
                </>
              )}
            </div>
          );
        },
        // Narrower in a narrow window (server-room.css), so the marks beside it stay whole.
        meta: { width: 'var(--sr-col-companions, 148px)' },
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
              {s.personalErasedAt && (
                <span className="badge badge-muted" data-testid="stay-erased">
                  {t('serverRoom.ui.erased')}
                </span>
              )}
              {s.amendCount > 0 && (
                <span className="badge badge-warning" data-testid="stay-amended">
                  {t('serverRoom.ui.amended', { count: s.amendCount })}
                </span>
              )}
              {s.sealedChange && (
                <span className="badge badge-danger" data-testid="sealed-change">
                  {t('review.detail.sealedChange')}
                </span>
              )}
              {s.recordedBy.startsWith('person:') && (
                <span className="sr-terminal-mark" title={t('serverRoom.ui.atTerminal')}>
                  <MonitorSmartphone size={14} aria-label={t('serverRoom.ui.atTerminal')} />
                </span>
              )}
              {/* Two lines of marks for most rows: English badges are longer, and the other marks take room too (the rest as +n). */}
              <AnomalyMarks anomalies={s.anomalies} limit={Math.max(2, (i18n.resolvedLanguage === 'en' ? 2 : 3) - [s.amendCount > 0, s.sealedChange, s.status === 'void', !!s.personalErasedAt].filter(Boolean).length)} />
            </div>
          );
        },
        meta: { cellClass: 'sr-wrap' },
      },
      {
        id: 'actions',
        header: () => <span className="visually-hidden">{t('serverRoom.ui.columns.actions')}</span>,
        enableSorting: false,
        cell: ({ row }) => {
          const s = row.original;
          const who = `${s.personName} ${dates.dateTime(s.enteredAt)}`;
          const list: RowAction[] = [];
          // A stay the signed-in person went in on is corrected and voided by another keeper (the core refuses it): said why.
          const held = actions.canKeep && s.status === 'valid' ? actions.withheld(s) : null;
          const own = held !== null;
          if (actions.canKeep && s.status === 'valid' && !own) {
            list.push({ key: 'amend', label: t('serverRoom.ui.actions.amend'), icon: Pencil, onClick: () => actions.onAmend(s) });
            list.push({ key: 'void', label: t('serverRoom.ui.actions.void'), icon: Ban, danger: true, onClick: () => actions.onVoid(s) });
          }
          if (actions.canSeeHistory) list.push({ key: 'history', label: t('serverRoom.ui.actions.history'), icon: History, onClick: () => actions.onHistory(s) });
          return <RowActions actions={list} name={who} note={held === 'own' ? t('ledgerKit.ownRecord.mark') : held === 'no_person' ? t('ledgerKit.noPerson.mark') : undefined} />;
        },
        meta: { width: rowActionsWidth(3), stickyEnd: true },
      },
    ],
    [t, text, dates, actions, onDetail],
  );

  return (
    <VirtualTable
      rows={rows}
      columns={columns}
      sorts={STAY_SORTS}
      sort={sort}
      desc={desc}
      onSort={onSort}
      sortDescFirst
      rowHeight={ROW_HEIGHT}
      overscan={10}
      getRowId={(s) => s.id}
      rowProps={(s) => ({
        className: [s.status === 'void' ? 'sr-row-void' : '', !s.exitedAt && s.status === 'valid' ? 'sr-row-open' : ''].filter(Boolean).join(' ') || undefined,
        'data-testid': 'stay-row',
        'data-status': s.status,
        'data-id': s.id,
      })}
      className="table table-sticky sr-table"
      label={t('serverRoom.title')}
      testId="stay-table"
      loading={loading}
      empty={t('serverRoom.ui.empty')}
    />
  );
}
