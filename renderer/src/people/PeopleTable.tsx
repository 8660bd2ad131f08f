import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { History, KeyRound, Pencil, UserCheck, UserX } from 'lucide-react';
import type { Person } from '../../../shared/ledgers/people';
import { PEOPLE_SORTS } from '../../../shared/ledgers/people';
import { DateText } from '../components/DateText';
import { VirtualTable } from '../components/VirtualTable';

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

/** The register as a table (VirtualTable: paged and sorted by the store, only the rows in view in the DOM). Sortable columns have an accessor (TanStack only sorts those). */
export function PeopleTable({ rows, sort, desc, onSort, canEdit, canSeeHistory, canClearPin, onAmend, onSetActive, onHistory, onClearPin, loading }: PeopleTableProps) {
  const { t } = useTranslation();

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

  return (
    <VirtualTable
      rows={rows}
      columns={columns}
      sorts={PEOPLE_SORTS}
      sort={sort}
      desc={desc}
      onSort={onSort}
      sortDescFirst={false}
      rowHeight={ROW_HEIGHT}
      overscan={12}
      getRowId={(p) => p.id}
      rowProps={(p) => ({ className: p.active ? undefined : 'row-inactive', 'data-testid': 'person-row' })}
      className="table table-sticky table-nowrap"
      testId="people-table"
      loading={loading}
      empty={t('people.empty')}
    />
  );
}
