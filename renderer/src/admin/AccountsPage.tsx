import { Fragment, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { History, KeyRound, Link2, Lock, MapPin, ShieldCheck, UserCheck, UserMinus, UserPlus } from 'lucide-react';
import type { AccountInfo } from '../../../shared/api/core-contract';
import type { ApiError } from '../../../shared/api/errors';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { DateText } from '../components/DateText';
import { useDates } from '../hooks/useDates';
import { useSites } from '../hooks/useSites';
import { useApp } from '../state/app';
import { canCall } from '../auth/access';
import { CreateAccountDialog } from './CreateAccountDialog';
import { LinkPersonDialog, ReactivateDialog, ResetPasswordDialog, SetRolesDialog, SetSitesDialog, SuspendDialog } from './AccountDialogs';
import { usePunct } from '../hooks/usePunct';
import { jstDate } from '../../../shared/calendar';
import { ScrollRegion } from '../components/ScrollRegion';

type Dialog = { kind: 'create' } | { kind: 'roles' | 'suspend' | 'reactivate' | 'reset' | 'person' | 'sites'; account: AccountInfo } | null;

/** Accounts (Art. 15–17): one person, one id; suspended rather than deleted. */
export function AccountsPage() {
  const { t } = useTranslation();
  const p = usePunct();
  const session = useApp((s) => s.session);
  const me = session?.accountId;
  // Safety managers see the accounts and their history (issue 6); only administrators change them.
  const canManage = canCall('accounts.create', session);
  const canSeeHistory = canCall('accounts.history', session);
  // A safety manager links accounts to people too: nobody links their own (issue 6).
  const canLink = canCall('accounts.setPerson', session);
  // A site head reviews only the sites set here (issue 11): an administrator or the safety manager sets them.
  const canSetSites = canCall('accounts.setSites', session);
  const sites = useSites();
  // In the sites' own order (本社 first), each name kept whole on its line (English has no phrase breaks of Japanese).
  const siteNames = (ids: readonly string[]) =>
    [...sites.filter((s) => ids.includes(s.id)).map((s) => s.name), ...ids.filter((id) => !sites.some((s) => s.id === id))].map((name, i) => (
      <Fragment key={name}>
        {i > 0 && p.listSep}
        <span className="keep-together">{name}</span>
      </Fragment>
    ));
  const [accounts, setAccounts] = useState<AccountInfo[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);

  const load = useCallback(async () => {
    const r = await api('accounts.list', {});
    if (r.ok) {
      setAccounts(r.value);
      setError(null);
    } else setError(r.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const done = () => {
    setDialog(null);
    void load();
  };
  const now = Date.now();
  const dates = useDates();

  return (
    <div className="page page-full">
      <header className="page-header page-header-row">
        <div>
          <h1>{t('accounts.title')}</h1>
          <p className="page-lead">{t('accounts.lead')}</p>
        </div>
        {canManage && (
          <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
            <UserPlus size={16} aria-hidden="true" />
            {t('accounts.create.button')}
          </button>
        )}
      </header>
      <ErrorAlert error={error} />
      <ScrollRegion label={t('accounts.title')}>
        <table className="table table-sticky accounts-table" data-testid="accounts-table">
          {/* The roles get the room left over, so every role badge shows whole (wrapping to a second line). */}
          <colgroup>
            <col style={{ width: 140 }} />
            <col style={{ width: 120 }} />
            <col />
            <col style={{ width: 150 }} />
            <col style={{ width: 132 }} />
            <col style={{ width: 326 }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t('accounts.columns.loginId')}</th>
              <th scope="col">{t('accounts.columns.displayName')}</th>
              <th scope="col">{t('accounts.columns.roles')}</th>
              <th scope="col">{t('accounts.columns.status')}</th>
              <th scope="col">{t('accounts.columns.passwordChangedAt')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('accounts.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts?.map((a) => {
              const suspended = a.status === 'suspended';
              const locked = !!a.lockedUntil && Date.parse(a.lockedUntil) > now;
              return (
                <tr key={a.id} className={suspended ? 'row-inactive' : undefined} data-testid="account-row">
                  <td className="mono wrap-anywhere">{a.loginId}</td>
                  <td className="wrap-anywhere">{a.displayName}</td>
                  <td>
                    <span className="badges" data-testid="account-roles">
                      {a.roles.map((r) => (
                        <span key={r} className="badge">
                          {t(`common.roles.${r}`)}
                        </span>
                      ))}
                    </span>
                    {/* A keeper account no person of the register stands behind (the core says so, by its personBehind's rule): it corrects, voids and grants nothing until linked (errors.no_person_behind). Said of the keepers, whose work those acts are. */}
                    {a.noPersonBehind && a.roles.some((r) => r === 'clerk' || r === 'site_head') && (
                      <div className="small note-warning" data-testid="account-no-person">
                        {t('accounts.noPerson')}
                      </div>
                    )}
                    {(a.roles.includes('site_head') || a.siteIds.length > 0) && (
                      <div className={`small ${a.siteIds.length ? 'muted' : 'note-warning'}`} data-testid="account-sites">
                        {t('review.sites.short')}{a.siteIds.length ? siteNames(a.siteIds) : a.roles.includes('site_head') ? t('review.sites.noneYet') : t('review.sites.none')}
                      </div>
                    )}
                  </td>
                  <td>
                    <span className="badges">
                      {suspended ? <span className="badge badge-muted">{t('accounts.status.suspended')}</span> : <span className="badge badge-success">{t('accounts.status.active')}</span>}
                      {locked && (
                        <span className="badge badge-danger">
                          <Lock size={12} aria-hidden="true" />
                          {t('accounts.status.locked')}
                        </span>
                      )}
                      {a.mustChangePassword && !suspended && <span className="badge badge-warning">{t('accounts.status.mustChange')}</span>}
                    </span>
                    {suspended && a.plannedDeletionOn && (
                      <div className="small muted">{t('accounts.plannedDeletion', { date: dates.date(a.plannedDeletionOn) })}</div>
                    )}
                  </td>
                  <td>
                    <DateText value={a.passwordChangedAt} />
                  </td>
                  <td>
                    <div className="row-actions row-actions-wrap">
                      {canSeeHistory && (
                        <Link className="btn btn-sm btn-ghost" to={`/admin/accounts/${a.id}/history`} aria-label={p.note(t('accounts.history.button'), a.displayName)}>
                          <History size={14} aria-hidden="true" />
                          {t('accounts.history.button')}
                        </Link>
                      )}
                      {/* Each action names whose account it is, as 履歴 does (a walk-through: five rows of the same five names). */}
                      {canLink && !suspended && a.id !== me && (
                        <button type="button" className="btn btn-sm btn-secondary" onClick={() => setDialog({ kind: 'person', account: a })} aria-label={p.note(t('accounts.linkPerson.button'), a.displayName)}>
                          <Link2 size={14} aria-hidden="true" />
                          {t('accounts.linkPerson.button')}
                        </button>
                      )}
                      {canSetSites && !suspended && (a.roles.includes('site_head') || a.siteIds.length > 0) && (
                        <button type="button" className="btn btn-sm btn-secondary" onClick={() => setDialog({ kind: 'sites', account: a })} aria-label={p.note(t('review.sites.button'), a.displayName)}>
                          <MapPin size={14} aria-hidden="true" />
                          {t('review.sites.button')}
                        </button>
                      )}
                      {/* Past its planned deletion date an ID is not taken back into use (Art. 16(5)): a new one is made. */}
                      {canManage && suspended && !(a.plannedDeletionOn && a.plannedDeletionOn < jstDate(new Date())) && (
                        <button type="button" className="btn btn-sm btn-secondary" onClick={() => setDialog({ kind: 'reactivate', account: a })} aria-label={p.note(t('accounts.reactivate.button'), a.displayName)}>
                          <UserCheck size={14} aria-hidden="true" />
                          {t('accounts.reactivate.button')}
                        </button>
                      )}
                      {canManage && !suspended && (
                        <>
                          <button type="button" className="btn btn-sm btn-secondary" onClick={() => setDialog({ kind: 'roles', account: a })} aria-label={p.note(t('accounts.setRoles.button'), a.displayName)}>
                            <ShieldCheck size={14} aria-hidden="true" />
                            {t('accounts.setRoles.button')}
                          </button>
                          {/* One's own password and suspension are changed by someone else (or from the user menu). */}
                          {a.id !== me && (
                            <>
                              <button type="button" className="btn btn-sm btn-secondary" onClick={() => setDialog({ kind: 'reset', account: a })} aria-label={p.note(t('accounts.reset.button'), a.displayName)}>
                                <KeyRound size={14} aria-hidden="true" />
                                {t('accounts.reset.button')}
                              </button>
                              <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => setDialog({ kind: 'suspend', account: a })} aria-label={p.note(t('accounts.suspend.button'), a.displayName)}>
                                <UserMinus size={14} aria-hidden="true" />
                                {t('accounts.suspend.button')}
                              </button>
                            </>
                          )}
                        </>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!accounts && !error && <p className="muted empty">{t('common.loading')}</p>}
      </ScrollRegion>
      {dialog?.kind === 'create' && <CreateAccountDialog onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.kind === 'roles' && <SetRolesDialog account={dialog.account} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.kind === 'suspend' && <SuspendDialog account={dialog.account} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.kind === 'reactivate' && <ReactivateDialog account={dialog.account} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.kind === 'person' && <LinkPersonDialog account={dialog.account} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.kind === 'sites' && <SetSitesDialog account={dialog.account} sites={sites} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.kind === 'reset' && <ResetPasswordDialog account={dialog.account} onClose={() => setDialog(null)} onSaved={done} />}
    </div>
  );
}
