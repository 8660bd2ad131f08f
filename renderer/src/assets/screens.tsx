import { ArrowRightLeft, Laptop, SearchX, Undo2 } from 'lucide-react';
import { ASSET_STATES, assetsDefinition, checkoutsDefinition, type Checkout } from '../../../shared/ledgers/assets';
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
import { PAST_RETURN_FIELDS, PastReturnControls, pastReturnInput } from './PastReturnControls';
import { ledgerApi } from '../ledgers/kit/kit-api';
import type { KitRecord } from '../ledgers/kit/KitValue';
import type { RecordFormExtra } from '../ledgers/kit/KitRecordDialog';
import type { Paged } from '../../../shared/api/schemas';

const t = i18next.t.bind(i18next);

/** SPEC §4.3 the assets register: the kit's screens (its state follows checkouts). */
export const assetsScreens: LedgerScreens = kitScreens(assetsDefinition, { path: '/assets', icon: Laptop, group: 'registers' });

/** The assets not in storage now, by id, with their state (持出中, 修理中…). */
async function assetsNotInStorage(): Promise<Record<string, string>> {
  // Asked by state, as the picker's list is (500 at most each): not one page of every asset (a review).
  const states = ASSET_STATES.filter((s) => s !== 'in_storage');
  const pages = await Promise.all(states.map((state) => ledgerApi<Paged<KitRecord>>(assetsDefinition, 'list', { page: 0, pageSize: 500, desc: false, state })));
  return Object.fromEntries(pages.flatMap((r, i) => (r.ok ? r.value.rows.map((a): [string, string] => [a.id, t(`assets.values.state.${states[i]}`)]) : [])));
}

/** A checkout's own parts of the form: a second person's approval, and the return of a slip typed in after it. */
const checkoutForm: RecordFormExtra = {
  Controls: (props) => (
    <>
      <PastReturnControls {...props} />
      <approvalForm.Controls {...props} />
    </>
  ),
  input: (values) => ({ ...approvalForm.input(values), ...pastReturnInput(values) }),
  // The approval is the save's to check: a preview takes it as given.
  previewInput: (values) => pastReturnInput(values),
  fields: [...approvalForm.fields, ...PAST_RETURN_FIELDS],
  fieldAddons: approvalForm.fieldAddons,
};

/** SPEC §4.3 ノートPC・可搬媒体持ち出し記録: the kit's screens, approval, return and loss report, and the dashboard's tiles. */
export const checkoutsScreens: LedgerScreens = {
  ...kitScreens(checkoutsDefinition, {
    path: '/checkouts',
    icon: ArrowRightLeft,
    extras: {
      recordForm: checkoutForm,
      Panel: OutNowLink,
      rowActionCount: 2,
      // Only an asset in storage goes out: the others are offered with their state, not to be chosen —
      // unless the slip is typed in with its return (the asset may be out or lost by now).
      refUnavailable: { assetId: assetsNotInStorage },
      refUnavailableUnless: { assetId: 'returnedAt' },
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
