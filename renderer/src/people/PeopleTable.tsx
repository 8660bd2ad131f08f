import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { History, KeyRound, Pencil, UserCheck, UserX } from 'lucide-react';
import type { Person } from '../../../shared/ledgers/people';
import { PEOPLE_SORTS } from '../../../shared/ledgers/people';
import { DateText } from '../components/DateText';
import { RowActions, rowActionsWidth, type RowAction } from '../components/RowActions';
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
      { id: 'employeeNo', accessorKey: 'employeeNo', header: t('people.columns.employeeNo'), cell: ({ row }) => <span className="mono wrap-anywhere">{row.original.employeeNo}</span>, meta: { width: '84px' } },
      {
        id: 'kana',
        accessorKey: 'kana',
        header: t('people.fields.name'),
        cell: ({ row }) => (
          <div className="name-cell name-cell-wrap">
            <span className="name" data-testid="person-name">
              {row.original.name}
            </span>
            <span className="kana">{row.original.kana}</span>
          </div>
        ),
        meta: { width: '112px' },
      },
      // Whole, on up to two lines (経営企画本部 情報セキュリティ推進室): the clerk checks them against paper.
      { id: 'department', accessorKey: 'department', header: t('people.fields.department'), cell: ({ row }) => <span className="people-department" data-testid="person-department">{row.original.department}</span> },
      { id: 'site', accessorKey: 'siteName', header: t('people.fields.site'), cell: ({ row }) => <span className="people-site">{row.original.siteName}</span>, meta: { width: '84px' } },
      // Up to 32 characters, all of them: two lines of 16 in a fixed-width font.
      { id: 'cardNo', header: t('people.fields.cardNo'), enableSorting: false, cell: ({ row }) => <span className="mono people-card" data-testid="person-card">{row.original.cardNo ?? '—'}</span>, meta: { width: '128px' } },
      // 'Authorized' whole in English (a badge of about 103 px).
      {
        id: 'serverRoomAuthorized',
        header: () => <span title={t('people.fields.serverRoomAuthorized')}>{t('people.columns.serverRoom')}</span>,
        enableSorting: false,
        cell: ({ row }) => (row.original.serverRoomAuthorized ? <span className="badge badge-success">{t('people.authorized')}</span> : <span className="muted">{t('people.notAuthorized')}</span>),
        meta: { width: '112px', align: 'center' },
      },
      {
        id: 'active',
        header: t('people.fields.active'),
        enableSorting: false,
        cell: ({ row }) => (row.original.active ? <span className="badge badge-success">{t('people.status.active')}</span> : <span className="badge badge-muted">{t('people.status.inactive')}</span>),
        meta: { width: '76px', align: 'center' },
      },
      { id: 'createdAt', accessorKey: 'createdAt', header: t('people.fields.createdAt'), cell: ({ row }) => <DateText value={row.original.createdAt} />, meta: { width: '126px', cellClass: 'nowrap' } },
      {
        id: 'actions',
        header: () => <span className="visually-hidden">{t('accounts.columns.actions')}</span>,
        enableSorting: false,
        cell: ({ row }) => {
          const p = row.original;
          const actions: RowAction[] = [];
          if (canEdit) actions.push({ key: 'amend', label: t('people.actions.amend'), icon: Pencil, onClick: () => onAmend(p) });
          if (canSeeHistory) actions.push({ key: 'history', label: t('people.actions.history'), icon: History, onClick: () => onHistory(p) });
          if (canEdit)
            actions.push({
              key: 'active', label: p.active ? t('people.actions.deactivate') : t('people.actions.reactivate'), icon: p.active ? UserX : UserCheck, danger: p.active, onClick: () => onSetActive(p),
            });
          if (canClearPin) actions.push({ key: 'clearPin', label: t('serverRoom.ui.clearPin.action'), icon: KeyRound, onClick: () => onClearPin(p) });
          return <RowActions actions={actions} name={p.name} />;
        },
        meta: { width: rowActionsWidth([canEdit, canSeeHistory, canEdit, canClearPin].filter(Boolean).length), stickyEnd: true },
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
      className="table table-sticky people-table"
      label={t('people.title')}
      testId="people-table"
      loading={loading}
      empty={t('people.empty')}
    />
  );
}
