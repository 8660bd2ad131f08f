import { z } from 'zod';
import { method } from '../api/kit';
import { loginIdSchema } from '../api/core-contract';
import { id, instant, msg, optionalMultilineText, optionalText, reason, saysNothing, secret } from '../api/schemas';
import type { Role } from '../domain/roles';
import { ledgerContract, type LedgerDefinition, type LedgerRecord } from './kit';

// SPEC §4.3 — the assets register and ノートPC・可搬媒体持ち出し記録 (Art. 11(5)), on the ledger kit.

const EVERYONE: readonly Role[] = ['staff', 'clerk', 'site_head', 'safety_manager', 'sysadmin'];
const READERS: readonly Role[] = ['clerk', 'site_head', 'safety_manager', 'sysadmin'];
const KEEPERS: readonly Role[] = ['clerk', 'safety_manager'];

export const ASSET_KINDS = ['laptop', 'usb_memory', 'external_disk', 'sd_card', 'optical_disc', 'other'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
/** 保管中, 持出中, 修理中, 紛失, 廃棄. */
export const ASSET_STATES = ['in_storage', 'out', 'repair', 'lost', 'disposed'] as const;
export type AssetState = (typeof ASSET_STATES)[number];
/** The states a correction of the register may set: 持出中 and 紛失 come only from a checkout and a loss report. */
export const SETTABLE_ASSET_STATES: readonly AssetState[] = ['in_storage', 'repair', 'disposed'];

export const assetsDefinition = {
  key: 'assets',
  table: 'assets',
  i18n: 'assets',
  fields: [
    { key: 'assetTag', column: 'asset_tag', type: { kind: 'text', max: 30, verbatim: true, code: true }, required: true, label: 'assets.fields.assetTag' },
    { key: 'kind', column: 'kind', type: { kind: 'enum', values: ASSET_KINDS }, required: true, label: 'assets.fields.kind' },
    { key: 'model', column: 'model', type: { kind: 'text', max: 80 }, required: true, label: 'assets.fields.model' },
    { key: 'serial', column: 'serial', type: { kind: 'text', max: 60, verbatim: true }, required: false, label: 'assets.fields.serial', inList: false },
    { key: 'siteId', column: 'site_id', type: { kind: 'ref', table: 'sites', nameColumn: 'name' }, required: true, label: 'assets.fields.site' },
    { key: 'storagePlace', column: 'storage_place', type: { kind: 'text', max: 60 }, required: true, label: 'assets.fields.storagePlace' },
    { key: 'encrypted', column: 'encrypted', type: { kind: 'boolean' }, required: true, label: 'assets.fields.encrypted' },
    // A new asset is 保管中; a checkout, a return and a loss report change it in the same act.
    { key: 'state', column: 'state', type: { kind: 'enum', values: ASSET_STATES }, required: true, label: 'assets.fields.state', create: false, settable: SETTABLE_ASSET_STATES },
    { key: 'notes', column: 'notes', type: { kind: 'text', max: 500, multiline: true }, required: false, label: 'assets.fields.notes', inList: false },
  ],
  siteField: 'siteId',
  sorts: ['assetTag', 'kind', 'model'],
  filters: [
    { key: 'kind', field: 'kind', kind: 'equals' },
    { key: 'state', field: 'state', kind: 'equals' },
  ],
  anomalyCodes: [],
  // Its history holds the checkouts' acts (who took it out, why it was lost): the checkouts' readers only.
  access: { read: EVERYONE, write: KEEPERS, history: READERS },
} as const satisfies LedgerDefinition;

export type Asset = LedgerRecord<typeof assetsDefinition>;

export const CONDITIONS = ['good', 'damaged', 'faulty'] as const;

/** A checkout's due time is at most this many days after it went out (a longer use is returned and checked out again). */
export const MAX_CHECKOUT_DAYS = 366;

export const CHECKOUT_ANOMALY_CODES = ['overdue', 'out_at_month_end', 'missing_approval', 'receiver_is_borrower', 'borrower_inactive', 'lost', 'recorded_late', 'returned_damaged', 'returned_faulty'] as const;
export type CheckoutAnomalyCode = (typeof CHECKOUT_ANOMALY_CODES)[number];

/** A second person's confirmation (SPEC §4.3): a clerk or safety manager other than the borrower, with their own password, in the same dialog. */
export const checkoutApproval = z.object({ approverLoginId: loginIdSchema, approverPassword: secret() }).strict();

export const checkoutsDefinition = {
  key: 'checkouts',
  table: 'asset_checkouts',
  i18n: 'assets.checkouts',
  fields: [
    { key: 'assetId', column: 'asset_id', type: { kind: 'ref', table: 'assets', nameColumn: 'asset_tag' }, required: true, label: 'assets.checkouts.fields.asset', amendable: false },
    { key: 'siteId', column: 'site_id', type: { kind: 'ref', table: 'sites', nameColumn: 'name' }, required: true, label: 'assets.checkouts.fields.site', create: false, amendable: false, inList: false },
    { key: 'borrowerId', column: 'borrower_id', type: { kind: 'ref', table: 'people', nameColumn: 'name' }, required: true, label: 'assets.checkouts.fields.borrower', amendable: false, defaultSelf: true },
    { key: 'purpose', column: 'purpose', type: { kind: 'text', max: 100 }, required: true, label: 'assets.checkouts.fields.purpose', inList: false, listUnder: 'destination', inPrint: true },
    { key: 'destination', column: 'destination', type: { kind: 'text', max: 100 }, required: true, label: 'assets.checkouts.fields.destination' },
    { key: 'checkedOutAt', column: 'checked_out_at', type: { kind: 'instant' }, required: true, label: 'assets.checkouts.fields.checkedOutAt', defaultNow: true, past: true },
    { key: 'dueAt', column: 'due_at', type: { kind: 'instant' }, required: true, label: 'assets.checkouts.fields.dueAt' },
    { key: 'approvedBy', column: 'approved_by', type: { kind: 'ref', table: 'accounts', nameColumn: 'display_name' }, required: false, label: 'assets.checkouts.fields.approvedBy', create: false, amendable: false, inList: false, listUnder: 'borrowerId', inPrint: true },
    { key: 'returnedAt', column: 'returned_at', type: { kind: 'instant' }, required: false, label: 'assets.checkouts.fields.returnedAt', create: false, past: true },
    { key: 'receivedBy', column: 'received_by', type: { kind: 'ref', table: 'people', nameColumn: 'name' }, required: false, label: 'assets.checkouts.fields.receivedBy', create: false, inList: false, listUnder: 'returnedAt', inPrint: true, at: 'returnedAt' },
    { key: 'condition', column: 'condition', type: { kind: 'enum', values: CONDITIONS }, required: false, label: 'assets.checkouts.fields.condition', create: false, inList: false, inPrint: true },
    { key: 'dataHandling', column: 'data_handling', type: { kind: 'text', max: 100 }, required: false, label: 'assets.checkouts.fields.dataHandling', create: false, inList: false, inPrint: true },
    { key: 'lostAt', column: 'lost_at', type: { kind: 'instant' }, required: false, label: 'assets.checkouts.fields.lostAt', create: false, amendable: false, inList: false },
    { key: 'notes', column: 'notes', type: { kind: 'text', max: 500, multiline: true }, required: false, label: 'assets.checkouts.fields.notes', inList: false, inPrint: true },
  ],
  timeField: 'checkedOutAt',
  siteField: 'siteId',
  sorts: ['checkedOutAt', 'dueAt', 'returnedAt'],
  filters: [
    { key: 'assetId', field: 'assetId', kind: 'equals' },
    { key: 'personId', field: 'borrowerId', kind: 'equals' },
    { key: 'returned', field: 'returnedAt', kind: 'presence' },
    // Out now is neither returned nor reported lost (the dashboard's count, and its link).
    { key: 'lost', field: 'lostAt', kind: 'presence' },
    // The dashboard's 返却予定超過 and 本日返却予定 tiles open the list with these.
    { key: 'due', field: 'dueAt', kind: 'due', open: ['returnedAt', 'lostAt'] },
  ],
  anomalyCodes: CHECKOUT_ANOMALY_CODES,
  access: { read: READERS, write: KEEPERS },
  // An employee records their own checkouts and returns at the desk, and sees only their own.
  own: { roles: ['staff'], personField: 'borrowerId' },
  // A paper slip typed in after its return (a clerk at the desk): the return with it, in the same act — the
  // asset may be out again by now (a walk-through: last month's slip of a laptop out today could not be entered).
  createExtra: {
    approval: checkoutApproval.optional(),
    returnedAt: instant.optional(),
    receivedBy: id.optional(),
    condition: z.enum(CONDITIONS, msg('errors.field.required_choice')).optional(),
    dataHandling: optionalText(100),
  },
  siteSettings: {
    // Which kinds need a second person's approval (SPEC §4.3: a policy per asset kind).
    schema: z.object({ approvalKinds: z.array(z.enum(ASSET_KINDS, msg('errors.field.invalid'))).max(ASSET_KINDS.length, msg('errors.field.invalid')) }).strict(),
    defaults: { approvalKinds: ['laptop', 'usb_memory', 'external_disk'] as AssetKind[] },
    sets: { approvalKinds: ASSET_KINDS },
  },
} as const satisfies LedgerDefinition;

export type Checkout = LedgerRecord<typeof checkoutsDefinition>;

/** The dashboard's view of checkouts (SPEC §4.3): out now, due today, overdue. */
export interface CheckoutsNow {
  out: Checkout[];
  dueToday: number;
  overdue: number;
}

export const assetsContract = {
  ...ledgerContract(assetsDefinition),
} as const;

export const checkoutsContract = {
  ...ledgerContract(checkoutsDefinition),
  /** Does checking out this asset need a second person's approval (its kind, its site's policy)? */
  // `at`: when it goes (went) out — the asset's kind and site and the site's policy then (a paper slip typed in later).
  'checkouts.policy': method<{ approvalRequired: boolean }>()({ input: z.object({ assetId: id, at: instant.optional() }).strict(), access: EVERYONE }),
  /**
   * The return: when, received by whom (not the borrower), in what condition, what was done with its
   * data. A clerk records it naming the receiver; a borrower recording their own at the desk has the
   * receiver (a clerk or safety manager) confirm with their own login ID and password, in the same
   * dialog — the receiver is then that person.
   */
  'checkouts.return': method<Checkout>()({
    input: z
      .object({
        id,
        returnedAt: instant.optional(),
        receivedBy: id.optional(),
        receiver: z.object({ loginId: loginIdSchema, password: secret() }).strict().optional(),
        condition: z.enum(CONDITIONS, msg('errors.field.required_choice')),
        dataHandling: optionalText(100),
        notes: optionalMultilineText(500),
      })
      .strict()
      // Damaged or faulty: what is wrong, in the return's notes — the review and the paper say nothing else of it (a user probe:
      // 不具合あり with no word of what, the month's review none the wiser).
      .refine((r) => r.condition === 'good' || (r.notes !== null && r.notes !== undefined && !saysNothing(r.notes)), { ...msg('assets.errors.condition_needs_notes'), path: ['notes'] }),
    access: EVERYONE,
  }),
  /** A loss report: the asset becomes 紛失 and the checkout an anomaly; the reason says what happened. */
  'checkouts.reportLoss': method<Checkout>()({ input: z.object({ id, lostAt: instant.optional(), reason }).strict(), access: EVERYONE }),
  /** Out now (oldest due first), and how many are due today and overdue: every site, or one. Polled by the dashboard. */
  'checkouts.now': method<CheckoutsNow>()({ input: z.object({ siteId: id.optional() }).strict(), access: EVERYONE, passive: true }),
} as const;
