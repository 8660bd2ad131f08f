import { CreditCard, IdCard, LogOut, RotateCcw, SearchX, Undo2 } from 'lucide-react';
import { guestCardsDefinition, visitorsDefinition, type Visit } from '../../../shared/ledgers/visitors';
import { api } from '../api/api';
import { canCall } from '../auth/access';
import { i18next } from '../i18n/i18n';
import { kitScreens } from '../ledgers/kit/screens';
import type { LedgerScreens } from '../ledgers/registry';
import { ReasonDialog } from '../components/ReasonDialog';
import { flash } from '../state/flash';
import { VisitorsInsidePanel } from './InsidePanel';
import { ReturnCardDialog } from './ReturnCardDialog';
import { SignOutDialog } from './SignOutDialog';
import { UndoCardReturnDialog } from './UndoCardReturnDialog';

const t = i18next.t.bind(i18next);

/** SPEC §4.5 the guest-card register: the kit's screens (its state follows visitor reception). */
export const guestCardsScreens: LedgerScreens = kitScreens(guestCardsDefinition, { path: '/guest-cards', icon: CreditCard, group: 'registers' });

/** SPEC §4.5 入退受付票: the kit's screens, signing out, a card back later, and who is inside now on the dashboard. */
export const visitorsScreens: LedgerScreens = {
  ...kitScreens(visitorsDefinition, {
    path: '/visitors',
    icon: IdCard,
    extras: {
      // Only cards in stock are lent.
      refFilters: { guestCardId: { state: 'in_stock' } },
      stateNow: (r) => (r.leftAt === null && !r.personalErasedAt ? t('visitors.stateNow') : null),
      rowActions: (r, open, session) => {
        const v = r as unknown as Visit;
        if (!canCall('visitors.signOut', session) || v.personalErasedAt) return [];
        if (v.leftAt === null) return [{ key: 'signOut', label: t('visitors.signOut.action'), icon: LogOut, onClick: () => open((close, done) => <SignOutDialog visit={v} onClose={close} onSaved={done} />) }];
        const card = v.names.guestCardId ?? '';
        // A return recorded by mistake is taken back here, with the reason (a walk-through: nothing could correct it).
        if (v.guestCardId !== null && v.cardReturnedAt !== null && canCall('visitors.undoCardReturn', session))
          return [
            {
              key: 'undoCardReturn',
              label: t('visitors.signOut.undoReturn', { card }),
              icon: RotateCcw,
              undo: true,
              onClick: () => open((close, done) => <UndoCardReturnDialog visit={v} onClose={close} onDone={done} />),
            },
          ];
        // Reported lost already (its anomaly says when): found, its return is recorded; not reported twice.
        const reportedLost = v.anomalies.some((a) => a.code === 'card_not_returned' && a.facts?.some((f) => f.term === 'lostAt'));
        if (v.guestCardId !== null && v.cardReturnedAt === null)
          return [
            {
              key: 'returnCard',
              label: t('visitors.signOut.returnCard', { card }),
              icon: Undo2,
              onClick: () => open((close, done) => <ReturnCardDialog visit={v} onClose={close} onSaved={done} />),
            },
            // Not given back and not found (the card becomes 紛失; found later, its return is recorded here).
            {
              key: 'reportCardLost',
              label: t('visitors.signOut.reportLost', { card }),
              icon: SearchX,
              onClick: () =>
                open((close, done) => (
                  <ReasonDialog
                    title={t('visitors.signOut.reportLostTitle')}
                    lead={t('visitors.signOut.reportLostLead', { name: v.name, card })}
                    reasonLabel={t('visitors.signOut.reportLostReason')}
                    submitLabel={t('visitors.signOut.reportLostSubmit')}
                    icon={SearchX}
                    testId="report-card-lost"
                    submit={(reason) => api('visitors.reportCardLost', { id: v.id, reason })}
                    onDone={() => {
                      flash(t('visitors.signOut.reportLostDone', { card }));
                      done();
                    }}
                    onClose={close}
                  />
                )),
            },
          ].filter((a) => !(reportedLost && a.key === 'reportCardLost'));
        return [];
      },
    },
  }),
  DashboardPanel: VisitorsInsidePanel,
};
