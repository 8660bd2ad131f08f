import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Users } from 'lucide-react';
import { api } from '../api/api';
import { canCall } from '../auth/access';
import type { LedgerScreens } from '../ledgers/registry';
import { useApp } from '../state/app';
import { homeSite } from '../dashboard/home-site';
import { useSites } from '../hooks/useSites';
import { PeopleRegister } from './PeopleRegister';
import { PersonHistoryPage } from './PersonHistoryPage';

/**
 * How many people are active, with the way to the register: a dashboard tile. A site head's counts
 * their own site's, as their other panels do (a walk-through: the Osaka head saw the whole company's).
 */
function ActivePeopleTile() {
  const { t } = useTranslation();
  const session = useApp((s) => s.session);
  // people.get: the register's readers (staff may list their own entry alone, for the pickers).
  const mayList = canCall('people.get', session);
  const { siteId } = homeSite(session);
  // Read defensively: a host's answer the screen cannot use names no site (the tile then says the company's words).
  const siteName = useSites().find((s) => s?.id === siteId)?.name;
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!mayList) return;
    let live = true;
    void api('people.list', { page: 0, pageSize: 1, active: 'active', siteId }).then((r) => {
      if (live && r.ok) setCount(r.value.total);
    });
    return () => {
      live = false;
    };
  }, [mayList, siteId]);
  if (!mayList) return null;
  return (
    <section className="tile">
      <h2 className="tile-label">
        <Users size={16} aria-hidden="true" />
        {siteId && siteName ? t('shell.dashboard.activePeopleAt', { site: siteName }) : t('shell.dashboard.activePeople')}
      </h2>
      <p className="tile-value">{count === null ? '…' : t('shell.dashboard.peopleCount', { count })}</p>
      <Link to={siteId ? `/people?site=${encodeURIComponent(siteId)}` : '/people'} className="tile-link">
        {t('shell.dashboard.openPeople')} →
      </Link>
    </section>
  );
}

/** SPEC §4.1 the people register, and a person's history. */
export const peopleScreens: LedgerScreens = {
  key: 'people',
  pages: [
    // Opened by the register's readers (people.get): staff list only their own entry, for the pickers.
    { path: '/people', Component: PeopleRegister, method: 'people.get', nav: { group: 'registers', labelKey: 'shell.nav.people', icon: Users } },
    { path: '/people/:id/history', Component: PersonHistoryPage, method: 'history.get' },
  ],
  DashboardTile: ActivePeopleTile,
};
