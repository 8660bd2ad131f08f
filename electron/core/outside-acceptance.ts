import { hash, sign } from 'node:crypto';
import { DaichoError } from '../../shared/api/errors';
import { OUTSIDE_TABLES, type OutsideField, type OutsideRecord } from '../../shared/api/outside-contract';
import { requireSession, type Handlers } from './context';
import { getAccount, rolesOf } from './auth/accounts-repo';
import { checkPassword } from './auth/handlers';
import { approveAsSafetyManager, approverStands } from './auth/account-rules';
import { addNotice } from './auth/notices';
import { journalForm, personalFieldsOf, SALT_COLUMN } from './journal/journal-form';
import { LEDGER_DEFINITIONS } from '../../shared/ledgers';
import { ACCEPT_ROW, ACCEPTED_EVENT, acceptanceStatement } from './outside-rules';
import { herKey, keyStillHers } from './retention';
import type { JournaledTable } from './store/migrations';
import type { Row, Store } from './store/store';

// A record changed outside Daicho (issue 7): every write refuses it (Store.changedOutside) and verify
// names it. When it cannot be put back from a backup, a system administrator accepts it as found: she
// looks it up, sees each field that differs from its history, and accepts it with a reason, her
// password and a safety manager's approval signed with the approver's key. The record is journaled as
// it stands (Tx.acceptAsFound: the review notes it as a change, 封印後修正 in a sealed month), and verify
// holds the act to its approval (journal/verify-acceptances.ts).

type Table = (typeof OUTSIDE_TABLES)[number];
const isTable = (t: string): t is Table => (OUTSIDE_TABLES as readonly string[]).includes(t);

const fingerprint = (table: string, row: Row) => hash('sha256', journalForm(table, row));

/** A value as a person reads it (null: empty). */
const shown = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));

function tableExists(store: Store, table: string): boolean {
  return store.stmt("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/** The record a reference names: a history number (its record's latest change) or a record's ID. */
function recordOf(store: Store, ref: string): { table: Table; id: string } {
  if (/^\d+$/.test(ref)) {
    const seq = Number(ref);
    const j = store.stmt('SELECT kind, entity, entity_id AS id FROM journal WHERE seq = ?').get(seq) as { kind: string; entity: string; id: string | null } | undefined;
    if (!j) throw new DaichoError('not_found', 'outside.errors.no_such_row', 'ref', { seq });
    if (j.kind !== 'row' || j.id === null || !isTable(j.entity)) throw new DaichoError('invalid_input', 'outside.errors.not_a_record', 'ref', { seq });
    const latest = store.latestRowChange(j.entity, j.id)?.seq ?? seq;
    if (latest !== seq) throw new DaichoError('invalid_input', 'outside.errors.not_latest', 'ref', { seq, latest });
    return { table: j.entity, id: j.id };
  }
  for (const table of OUTSIDE_TABLES) if (tableExists(store, table) && store.stmt(`SELECT 1 FROM ${table} WHERE id = ?`).get(ref) !== undefined) return { table, id: ref };
  throw new DaichoError('not_found', 'outside.errors.no_such_record', 'ref');
}

/**
 * The records that can be accepted as found: the ledgers' records and registers, which a clerk could
 * have corrected the same way. Not the app's own machinery — accounts and their roles, settings,
 * signing keys, seals and the review's notes, stations, what a door delivered: accepting a change to
 * one would make the key holder's change a role, a key or a signature (an insider's way round the
 * approvals those have). Those are put back from a backup.
 */
const ACCEPTABLE = new Set<string>(['people', 'server_room_stays', 'sites', ...LEDGER_DEFINITIONS.map((d) => d.table)]);

/** The record as found, if it can be accepted: of a ledger, it stands, differs from its history, and holds only what the journal can hold. */
function acceptable(store: Store, table: Table, id: string): { row: Row; seq: number } {
  if (!ACCEPTABLE.has(table)) throw new DaichoError('conflict', 'outside.errors.not_acceptable');
  const row = store.rowById(table as JournaledTable, id);
  if (!row) throw new DaichoError('conflict', 'outside.errors.missing');
  const seq = store.changedOutside(table as JournaledTable, id);
  if (seq === null) throw new DaichoError('conflict', 'outside.errors.not_changed');
  // What the write path would refuse (Store.appendRow), said before anyone types a password.
  if (Object.values(row).some((v) => v !== null && typeof v !== 'string' && typeof v !== 'number')) throw new DaichoError('conflict', 'outside.errors.not_storable');
  // A personal value without its salt would be journaled in clear, for good (never erasable).
  const personal = personalFieldsOf(table);
  if (personal.some((f) => row[f] !== null && row[f] !== undefined) && typeof row[SALT_COLUMN] !== 'string') throw new DaichoError('conflict', 'outside.errors.unsalted');
  return { row, seq };
}

function describe(store: Store, table: Table, id: string): OutsideRecord {
  const { row, seq } = acceptable(store, table, id);
  const j = seq > 0 ? store.latestRowChange(table, id) : undefined;
  const before = j ? store.journaledRow(table, j) : {};
  const personal = personalFieldsOf(table);
  const fields: OutsideField[] = [];
  for (const column of new Set([...Object.keys(before), ...Object.keys(row)])) {
    if (column === SALT_COLUMN) continue;
    const journaled = shown(before[column]);
    const found = shown(row[column]);
    if (journaled !== found) fields.push({ column, journaled, found, personal: personal.includes(column) });
  }
  return { table, id, seq, form: fingerprint(table, row), fields };
}

export const outsideHandlers: Pick<Handlers, 'outside.find' | 'outside.accept'> = {
  'outside.find': async (ctx, { ref }) => {
    const { table, id } = recordOf(ctx.store, ref);
    return describe(ctx.store, table, id);
  },

  'outside.accept': async (ctx, { table, id, seq, form, reason, password, approval }) => {
    const account = getAccount(ctx.store, requireSession(ctx).accountId);
    if (!account) throw new DaichoError('not_signed_in', 'errors.not_signed_in');
    // Checked before the passwords: nothing to accept is said without a wait.
    if (!tableExists(ctx.store, table)) throw new DaichoError('not_found', 'outside.errors.no_such_record');
    acceptable(ctx.store, table, id);
    await checkPassword(ctx, account, password, 'outside.accept');
    const approver = await approveAsSafetyManager(ctx, approval, { targetId: null });
    const key = await herKey(ctx, approver.id, approval.approverPassword);
    return ctx.store.write(ctx.actor(), (tx) => {
      // What was checked before the waits still holds: the approver, her key, the administrator, and the record as looked up.
      approverStands(ctx.store, approver.id);
      keyStillHers(ctx, approver.id, key);
      const admin = getAccount(ctx.store, account.id);
      if (!admin || admin.status !== 'active' || !rolesOf(admin).includes('sysadmin')) throw new DaichoError('forbidden', 'errors.forbidden');
      const found = acceptable(ctx.store, table, id);
      if (found.seq !== seq || fingerprint(table, found.row) !== form) throw new DaichoError('conflict', 'outside.errors.changed_again');
      const stated = { table, id, seq, form, approvedBy: approver.id };
      const statement = acceptanceStatement({ ...stated, adminId: account.id, reason, at: tx.now, prevHash: ctx.store.journalHead().hash, keyId: key.keyId });
      const event = tx.event(ACCEPTED_EVENT, table, id, { seq, form, approvedBy: approver.id, keyId: key.keyId, signature: sign(null, statement, key.key).toString('base64') }, reason);
      tx.acceptAsFound(table as JournaledTable, id, { action: ACCEPT_ROW, reason });
      // Its row is the next after the event (verify holds the two together); what the review notes comes after it.
      const accepted = event.seq + 1;
      // The approver is told that her approval was used (an insider probe: as for every approval).
      addNotice(ctx.store, tx, { accountId: approver.id, kind: 'approval_used', actorId: account.id, approvedBy: approver.id, detail: { action: 'outside.accept', table, id, seq: accepted }, reason });
      return { seq: accepted };
    });
  },
};
