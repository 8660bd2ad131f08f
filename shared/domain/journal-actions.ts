import type { MessageKey } from '../i18n';
import type { PasswordCheck, PasswordCheckOutcome } from './password-checks';
import type { AccountNotice } from './session';

// Every action the core writes to the journal (SPEC §8), with the label a record's history shows
// for it (history/HistoryTimeline.tsx), or null for an action no record history shows (an event, a
// row of an account or a setting, which their own screens name). The store takes only these
// (store/store.ts `Tx`), so a new action is a compile error until it is listed here, and a label
// that is not in the catalogs is one too. The journal keeps the names it was written with: an
// action is never renamed or taken out of this list once shipped.

export const JOURNAL_ACTIONS = {
  // The people register and its server-room data.
  'people.add': 'history.actions.people_add',
  'people.amend': 'history.actions.people_amend',
  'people.deactivate': 'history.actions.people_deactivate',
  'people.reactivate': 'history.actions.people_reactivate',
  // A card number refused as someone else's, counted against guessing: an event of the account (people/card-waits.ts).
  'people.card_no_refused': null,
  'me.set_pin': 'history.actions.me_set_pin',
  'serverRoom.clear_pin': 'history.actions.serverRoom_clear_pin',
  'accounts.set_person.clear_pin': 'history.actions.accounts_set_person_clear_pin',
  'terminal.pin_fail': 'history.actions.terminal_pin_fail',
  'terminal.pin_lock': 'history.actions.terminal_pin_lock',
  'terminal.pin_reset_failures': 'history.actions.terminal_pin_reset_failures',
  'migration.authorization': null,
  'migration.companion_facts': null,
  'migration.visitor_hours_rule': null,
  'migration.visitor_late_rule': null,
  'migration.access_log_finding_rule': null,
  'migration.door_credential': null,
  'migration.asset_state_since': null,
  'migration.changed_outside_kept': null,
  'migration.password_history': null,
  'migration.retention_kept_outside': null,
  'serverRoom.authorization.backfill': null,
  'settings.versions.backfill': null,
  // The server-room book and its door terminal.
  'serverRoom.record': 'history.actions.serverRoom_record',
  'serverRoom.record_exit': 'history.actions.serverRoom_record_exit',
  'serverRoom.amend': 'history.actions.serverRoom_amend',
  'serverRoom.void': 'history.actions.serverRoom_void',
  'terminal.enter': 'history.actions.terminal_enter',
  'terminal.exit': 'history.actions.terminal_exit',
  'terminal.deliver': null,
  'terminal.pin_report': null,
  'terminal.start': null,
  'terminal.stop': null,
  'terminal.stop.refused': null,
  'terminal.refused_no_pin': 'history.actions.terminal_refused_no_pin',
  'terminal.refused_not_authorized': 'history.actions.terminal_refused_not_authorized',
  'terminal.refused_pin_locked': 'history.actions.terminal_refused_pin_locked',
  'terminal.refused_unknown_card': null,
  'terminal.refused_offline': 'history.actions.terminal_refused_offline',
  'terminal.refused_unknown_employee': null,
  'terminal.refused_inactive': 'history.actions.terminal_refused_inactive',
  'terminal.refused_inside_elsewhere': 'history.actions.terminal_refused_inside_elsewhere',
  // The kit ledgers' own acts (their add, amend and void are `KitAction`s, labelled by the kit's
  // history page), and the kit acts that also change a row of another register, whose history
  // labels them here: a checkout takes its asset out, a visitor's receipt lends a guest card.
  'checkouts.add': 'history.actions.checkouts_add',
  'checkouts.amend': 'history.actions.checkouts_amend',
  'checkouts.void': 'history.actions.checkouts_void',
  'visitors.add': 'history.actions.visitors_add',
  'visitors.void': 'history.actions.visitors_void',
  'cabinets.set_authorized': 'history.actions.cabinets_set_authorized',
  'cabinets.set_custodian': 'history.actions.cabinets_set_custodian',
  'cabinetLog.lock': 'history.actions.cabinetLog_lock',
  'checkouts.return': 'history.actions.checkouts_return',
  'checkouts.report_loss': 'history.actions.checkouts_report_loss',
  'visitors.sign_out': 'history.actions.visitors_sign_out',
  'visitors.return_card': 'history.actions.visitors_return_card',
  'visitors.report_card_lost': 'history.actions.visitors_report_card_lost',
  'visitors.undo_card_return': 'history.actions.visitors_undo_card_return',
  'personal.erase': 'history.actions.personal_erase',
  // Accounts, sign-in and setup.
  'accounts.create': null,
  'accounts.set_roles': null,
  'accounts.set_sites': null,
  'accounts.set_person': null,
  'accounts.suspend': null,
  'accounts.reactivate': null,
  'accounts.reset_password': null,
  'accounts.reset_password.clear_lock': null,
  'accounts.reset_password.recovery_code_wrong': null,
  'accounts.approval.refused_temporary_password': null,
  'accounts.notice.seen': null,
  'auth.signin': null,
  'auth.signin.refused_left': null,
  'auth.signout': null,
  'auth.idle_lock': null,
  'auth.unlock': null,
  'auth.elevate': null,
  'auth.change_password': null,
  'auth.lock': null,
  'auth.lock_known_device': null,
  'setup.site': null,
  'setup.account': null,
  'setup.recovery_code_issued': null,
  'settings.set': null,
  // Review, seals and keys.
  'review.dispose': null,
  'review.sign': null,
  'review.reopen': null,
  'review.sealed_change': null,
  'review.anomaly_cleared': null,
  'designations.add': null,
  'designations.void': null,
  'signing_keys.create': null,
  'signing_keys.revoke': null,
  // Retention, jobs, printing, the data itself.
  'retention.erase.start': null,
  'retention.erase.done': null,
  // A record an erasure kept, changed outside Daicho: its row of retention_kept_outside (retention-kept.ts), in the act's end.
  'retention.erase.kept': null,
  'retention.shorten.approved': null,
  // A record changed outside Daicho, accepted as found (an approved act: outside-acceptance.ts).
  'records.outside.accepted': null,
  'records.outside.accept': 'history.actions.records_outside_accept',
  'job.verify': null,
  'jobs.cancel': null,
  'data.backup': null,
  'print.export': null,
  'print.print': null,
  'print.csv': null,
  'print.pdf': null,
  'schema.change': null,
  'schema.migrate': null,
  'schema.migrated': null,
  'schema.made': null,
  'clock.anomaly': null,
  // Stations and the office LAN.
  'stations.seen': null,
  'stations.rename': null,
  'stations.pair': null,
  'stations.enroll': null,
  'stations.revoke': null,
  'lan.certificate': null,
  'lan.refused': null,
  'lan.witness_mismatch': null,
  'lan.witness_acknowledged': null,
  'lan.configure': null,
} as const satisfies Record<string, MessageKey | null>;

/** The record book's own acts on a kit ledger's records (`<ledger key>.add`...; ledgers/kit/record-book.ts). */
export type KitVerb = 'add' | 'amend' | 'void';
export type KitAction = `${string}.${KitVerb}`;

/** An account notice's row (auth/notices.ts): `accounts.notice.<kind>`. */
export type NoticeAction = `accounts.notice.${AccountNotice['kind']}`;

/** Every action the journal may be written with. */
export type JournalAction = keyof typeof JOURNAL_ACTIONS | KitAction | NoticeAction | `${PasswordCheck}.${PasswordCheckOutcome}`;

/** The history label of an action as stored (data: an action this version does not list has none). */
export function historyActionLabel(action: string): MessageKey | null {
  return Object.hasOwn(JOURNAL_ACTIONS, action) ? JOURNAL_ACTIONS[action as keyof typeof JOURNAL_ACTIONS] : null;
}

/**
 * An account's history (admin/AccountHistoryPage.tsx) shows the account's own rows, its sign-ins and
 * locks, its device lanes and its notices. Their labels, where the account screens name them; a
 * password check's other outcomes are worded from the check and the outcome (password-checks.ts).
 */
export const ACCOUNT_HISTORY_ACTIONS = {
  'setup.account': 'accounts.historyActions.setup_account',
  'accounts.create': 'accounts.historyActions.accounts_create',
  'accounts.set_roles': 'accounts.historyActions.accounts_set_roles',
  'accounts.set_sites': 'accounts.historyActions.accounts_set_sites',
  'accounts.set_person': 'accounts.historyActions.accounts_set_person',
  'accounts.suspend': 'accounts.historyActions.accounts_suspend',
  'accounts.reactivate': 'accounts.historyActions.accounts_reactivate',
  'accounts.reset_password': 'accounts.historyActions.accounts_reset_password',
  'accounts.reset_password.recovery_code_wrong': 'accounts.historyActions.accounts_reset_password_recovery_code_wrong',
  'accounts.reset_password.clear_lock': 'accounts.historyActions.accounts_reset_password_clear_lock',
  'accounts.approval.fail': 'accounts.historyActions.accounts_approval_fail',
  'accounts.approval.refused_temporary_password': 'accounts.historyActions.accounts_approval_refused_temporary_password',
  'accounts.notice.seen': 'accounts.historyActions.accounts_notice_seen',
  'auth.change_password': 'accounts.historyActions.auth_change_password',
  'auth.change_password.fail': 'accounts.historyActions.auth_change_password_fail',
  'auth.signin': 'accounts.historyActions.auth_signin',
  'auth.signin.fail': 'accounts.historyActions.auth_signin_fail',
  'auth.signin.refused_locked': 'accounts.historyActions.auth_signin_refused_locked',
  'auth.signin.refused_left': 'accounts.historyActions.auth_signin_refused_left',
  'people.card_no_refused': 'accounts.historyActions.people_card_no_refused',
  'auth.signin.reset_failures': 'accounts.historyActions.auth_signin_reset_failures',
  'auth.lock': 'accounts.historyActions.auth_lock',
  'auth.lock_known_device': 'accounts.historyActions.auth_lock_known_device',
  'auth.signout': 'accounts.historyActions.auth_signout',
  'auth.idle_lock': 'accounts.historyActions.auth_idle_lock',
  'auth.unlock': 'accounts.historyActions.auth_unlock',
  'auth.unlock.fail': 'accounts.historyActions.auth_unlock_fail',
  'auth.elevate': 'accounts.historyActions.auth_elevate',
  'auth.elevate.fail': 'accounts.historyActions.auth_elevate_fail',
  'terminal.stop.fail': 'accounts.historyActions.terminal_stop_fail',
  'terminal.stop.refused': 'accounts.historyActions.terminal_stop_refused',
} as const satisfies Partial<Record<JournalAction, MessageKey>>;

/** Each kind of notice an account is sent (`accounts.notice.<kind>`): a kind added without its label does not compile. */
const NOTICE_LABELS = {
  password_reset: 'accounts.historyActions.accounts_notice_password_reset',
  roles_changed: 'accounts.historyActions.accounts_notice_roles_changed',
  approval_used: 'accounts.historyActions.accounts_notice_approval_used',
  recovery_code_used: 'accounts.historyActions.accounts_notice_recovery_code_used',
  person_linked: 'accounts.historyActions.accounts_notice_person_linked',
  signing_key_created: 'accounts.historyActions.accounts_notice_signing_key_created',
  signing_key_revoked: 'accounts.historyActions.accounts_notice_signing_key_revoked',
  seal_reopened: 'accounts.historyActions.accounts_notice_seal_reopened',
  data_older_than_backup: 'accounts.historyActions.accounts_notice_data_older_than_backup',
  clerk_granted: 'accounts.historyActions.accounts_notice_clerk_granted',
} as const satisfies Record<AccountNotice['kind'], MessageKey>;

const NOTICE_PREFIX = 'accounts.notice.';

/** The label of an act in an account's history, when the account screens name it (else see passwordCheckAction). */
export function accountHistoryLabel(action: string): MessageKey | null {
  if (Object.hasOwn(ACCOUNT_HISTORY_ACTIONS, action)) return ACCOUNT_HISTORY_ACTIONS[action as keyof typeof ACCOUNT_HISTORY_ACTIONS];
  const kind = action.startsWith(NOTICE_PREFIX) ? action.slice(NOTICE_PREFIX.length) : '';
  return Object.hasOwn(NOTICE_LABELS, kind) ? NOTICE_LABELS[kind as keyof typeof NOTICE_LABELS] : null;
}
