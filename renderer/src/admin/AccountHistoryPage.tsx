import { passwordCheckAction, underscored } from '../../../shared/domain/password-checks';
import { accountHistoryLabel } from '../../../shared/domain/journal-actions';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../shared/domain/session';
import { isRole } from '../../../shared/domain/roles';
import { isMessageKey } from '../../../shared/i18n';
import { api } from '../api/api';
import { DateText } from '../components/DateText';
import { StationName } from '../components/StationName';
import { HistoryPageFrame, useRecordHistory } from '../history/HistoryPage';
import { usePunct } from '../hooks/usePunct';
import { ScrollRegion } from '../components/ScrollRegion';

// Issue 6: every safety manager (and administrator) can read what was done to an account and by
// whom — resets, roles, approvals, sign-ins, failures and locks — from the journal.

/** The columns of an account row worth showing when they change (never the password hash). */
const SHOWN = ['roles', 'status', 'must_change_password', 'planned_deletion_on', 'locked_until', 'display_name'] as const;

function Changes({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  const p = usePunct();
  if (!entry.after) return null;
  const value = (k: string, v: unknown) => {
    // Stored values, read back from the journal: a role or status the catalogs do not name shows as stored.
    if (k === 'roles' && typeof v === 'string') return p.list((JSON.parse(v) as unknown[]).map((r) => (isRole(r) ? t(`common.roles.${r}`) : String(r))));
    if (v === null || v === undefined || v === '') return '—';
    if (k === 'status') {
      const key = `accounts.status.${String(v)}`;
      return isMessageKey(key) ? t(key) : String(v);
    }
    if (k === 'must_change_password') return t(v === 1 ? 'accounts.historyValues.yes' : 'accounts.historyValues.no');
    if (k === 'planned_deletion_on' || k === 'locked_until') return <DateText value={String(v)} time={k === 'locked_until'} />;
    return String(v);
  };
  const keys = entry.before ? SHOWN.filter((k) => JSON.stringify(entry.before![k]) !== JSON.stringify(entry.after![k])) : SHOWN.filter((k) => k in entry.after!);
  if (keys.length === 0) return null;
  return (
    <ul className="account-history-changes">
      {keys.map((k) => (
        <li key={k}>
          <span className="muted">{t(`accounts.historyFields.${k}`)}{p.colon}</span>
          {entry.before ? (
            <>
              {value(k, entry.before[k])} → {value(k, entry.after![k])}
            </>
          ) : (
            value(k, entry.after![k])
          )}
        </li>
      ))}
    </ul>
  );
}

export function AccountHistoryPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { record: accounts, entries, error } = useRecordHistory(id, () => Promise.all([api('accounts.list', {}), api('accounts.history', { id })]));
  const account = accounts?.find((a) => a.id === id);

  const actionLabel = (action: string) => {
    const key = accountHistoryLabel(action);
    if (key) return t(key);
    // A password check's failure, lock or reset: what was being done, and what came of it.
    const p = passwordCheckAction(action);
    if (p) return t(`accounts.passwordCheckOutcomes.${underscored(p.outcome)}`, { check: t(`accounts.passwordChecks.${underscored(p.check)}`) });
    return action;
  };

  return (
    <HistoryPageFrame
      backTo="/admin/accounts"
      backLabel={t('accounts.title')}
      title={account ? t('accounts.history.subtitle', { name: account.displayName, loginId: account.loginId }) : t('accounts.history.title')}
      lead={t('accounts.history.lead')}
      error={error}
      loaded={!!entries}
      wide
    >
      <ScrollRegion label={account ? t('accounts.history.subtitle', { name: account.displayName, loginId: account.loginId }) : t('accounts.history.title')}>
        <table className="table table-sticky" data-testid="account-history">
          <thead>
            <tr>
              <th scope="col">{t('history.at')}</th>
              <th scope="col">{t('accounts.history.action')}</th>
              <th scope="col">{t('history.by')}</th>
              <th scope="col">{t('history.station')}</th>
              <th scope="col">{t('accounts.history.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {[...(entries ?? [])].reverse().map((e) => (
              <tr key={e.seq} data-testid="account-history-row">
                <td className="nowrap">
                  <DateText value={e.at} time />
                </td>
                <td>{actionLabel(e.action)}</td>
                <td>{e.actorName ?? (e.actor === 'anonymous' ? t('accounts.history.anonymous') : e.actor === 'terminal' ? t('history.terminal') : t('history.system'))}</td>
                <td>
                  <StationName id={e.station} name={e.stationName} />
                </td>
                <td>
                  {e.reason && <p className="account-history-reason">{t('auth.notices.reason', { reason: e.reason })}</p>}
                  <Changes entry={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries?.length === 0 && <p className="empty">{t('history.empty')}</p>}
      </ScrollRegion>
    </HistoryPageFrame>
  );
}
