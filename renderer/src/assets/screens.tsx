import { ArrowRightLeft, Laptop, SearchX, Undo2 } from 'lucide-react';
import { assetsDefinition, checkoutsDefinition, type Checkout } from '../../../shared/ledgers/assets';
import { api } from '../api/api';
import { canCall } from '../auth/access';
import { ReasonDialog } from '../components/ReasonDialog';
import { i18next } from '../i18n/i18n';
import { kitScreens } from '../ledgers/kit/screens';
import type { LedgerScreens } from '../ledgers/registry';
import { flash } from '../state/flash';
import { approvalForm } from './ApprovalControls';
import { CheckoutsPanel, CheckoutTiles, OutNowLink } from './CheckoutsNow';
import { ReturnDialog } from './ReturnDialog';

const t = i18next.t.bind(i18next);

/** SPEC §4.3 the assets register: the kit's screens (its state follows checkouts). */
export const assetsScreens: LedgerScreens = kitScreens(assetsDefinition, { path: '/assets', icon: Laptop, group: 'registers' });

/** SPEC §4.3 ノートPC・可搬媒体持ち出し記録: the kit's screens, approval, return and loss report, and the dashboard's tiles. */
export const checkoutsScreens: LedgerScreens = {
  ...kitScreens(checkoutsDefinition, {
    path: '/checkouts',
    icon: ArrowRightLeft,
    extras: {
      recordForm: approvalForm,
      Panel: OutNowLink,
      rowActionCount: 2,
      // Only an asset in storage goes out.
      refFilters: { assetId: { state: 'in_storage' } },
      stateNow: (r) => (r.returnedAt === null && r.lostAt === null ? t('assets.checkouts.stateNow') : null),
      rowActions: (r, open, session) => {
        const c = r as unknown as Checkout;
        if (c.returnedAt !== null || c.lostAt !== null) return [];
        const keeper = canCall('checkouts.amend', session);
        if (!keeper && (session?.person?.id ?? null) !== c.borrowerId) return [];
        const asset = c.names.assetId ?? '';
        return [
          // A clerk records the return; the borrower records their own with the receiver's confirmation.
          { key: 'return', label: t('assets.checkouts.return.action'), icon: Undo2, onClick: () => open((close, done) => <ReturnDialog checkout={c} onClose={close} onSaved={done} />) },
          {
            key: 'loss',
            label: t('assets.checkouts.loss.action'),
            icon: SearchX,
            danger: true,
            onClick: () =>
              open((close, done) => (
                <ReasonDialog
                  title={t('assets.checkouts.loss.title')}
                  lead={t('assets.checkouts.loss.lead', { asset, name: c.names.borrowerId ?? '' })}
                  reasonLabel={t('assets.checkouts.loss.reason')}
                  submitLabel={t('assets.checkouts.loss.submit')}
                  icon={SearchX}
                  testId="loss-dialog"
                  whenLabel={t('assets.checkouts.loss.lostAt')}
                  whenField="lostAt"
                  submit={(reason, _password, lostAt) => api('checkouts.reportLoss', { id: c.id, reason, lostAt })}
                  onDone={() => {
                    flash(t('assets.checkouts.loss.done', { asset }));
                    done();
                  }}
                  onClose={close}
                />
              )),
          },
        ];
      },
    },
  }),
  DashboardTile: CheckoutTiles,
  DashboardPanel: CheckoutsPanel,
};
