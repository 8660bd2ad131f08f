import { hash, sign } from 'node:crypto';
import { DaichoError } from '../../shared/api/errors';
import { OUTSIDE_TABLES, type OutsideField, type OutsideRecord } from '../../shared/api/outside-contract';
import { requireSession, type Handlers } from './context';
import { getAccount, rolesOf } from './auth/accounts-repo';
import { checkPassword } from './auth/handlers';
import { approveAsSafetyManager, approverStands } from './auth/account-rules';
import { addNotice } from './auth/notices';
import { commitPersonal, isCommitment, journalForm, journalFormObject, personalFieldsOf, SALT_COLUMN } from './journal/journal-form';
import { ERASED_COLUMN } from './journal/verify-marks';
import { formWithChanges } from './journal/verify-parts';
import { LEDGER_DEFINITIONS } from '../../shared/ledgers';
import { ACCEPT_ROW, ACCEPTABLE_TABLES, ACCEPTED_EVENT, acceptanceStatement } from './outside-rules';
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
  // 「ID:」 first: a record added outside Daicho with an ID of digits only is not a history number.
  const byId = /^id:(.+)$/i.exec(ref)?.[1];
  if (byId === undefined && /^\d+$/.test(ref)) {
    const seq = Number(ref);
    const j = store.stmt('SELECT kind, entity, entity_id AS id FROM journal WHERE seq = ?').get(seq) as { kind: string; entity: string; id: string | null } | undefined;
    if (!j) throw new DaichoError('not_found', 'outside.errors.no_such_row', 'ref', { seq });
    if (j.kind !== 'row' || j.id === null || !isTable(j.entity)) throw new DaichoError('invalid_input', 'outside.errors.not_a_record', 'ref', { seq });
    const latest = store.latestRowChange(j.entity, j.id)?.seq ?? seq;
    if (latest !== seq) throw new DaichoError('invalid_input', 'outside.errors.not_latest', 'ref', { seq, latest });
    return { table: j.entity, id: j.id };
  }
  const id = byId ?? ref;
  const found = OUTSIDE_TABLES.filter((table) => tableExists(store, table) && store.stmt(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined);
  if (found.length === 0) throw new DaichoError('not_found', 'outside.errors.no_such_record', 'ref');
  // Records of two kinds with one ID (one added outside Daicho): neither is guessed.
  if (found.length > 1) throw new DaichoError('invalid_input', 'outside.errors.ambiguous', 'ref', { tables: found.join(', ') });
  return { table: found[0], id };
}

/**
 * A record as its journal row has it (later schema changes applied), each personal value read back
 * from the values kept for its history (historyStands has checked each against the record's salt).
 */
function journaledRow(store: Store, table: string, j: { seq: number; after: string }): Row {
  const row = JSON.parse(formWithChanges(table, j, store.schemaChangesNow())) as Row;
  for (const field of personalFieldsOf(table)) {
    const c = row[field];
    if (isCommitment(c)) row[field] = (store.stmt('SELECT value FROM personal_values WHERE digest = ?').pluck().get(c.$p) as string | number | undefined) ?? null;
  }
  return row;
}

/** A salt as the app makes one (store.ts insert: 16 random bytes in hex). */
const SALT = /^[0-9a-f]{32}$/;

/**
 * The record as found, if it can be accepted: of a ledger, it stands, differs from its history, holds
 * only what the journal can hold, and nothing else of it was changed that verify would still name
 * after the acceptance (a review of the act: a salt changed, a kept history value changed or deleted,
 * the mark of erasure set outside an erasure — each accepted, and verify still failed, the record then
 * "not changed"). Those are put back from a backup.
 */
function acceptable(store: Store, table: Table, id: string): { row: Row; seq: number } {
  if (!ACCEPTABLE_TABLES.has(table)) throw new DaichoError('conflict', 'outside.errors.not_acceptable');
  const row = store.rowById(table as JournaledTable, id);
  if (!row) throw new DaichoError('conflict', 'outside.errors.missing');
  // What the write path would refuse (Store.appendRow), said before anyone types a password.
  if (Object.values(row).some((v) => v !== null && typeof v !== 'string' && typeof v !== 'number')) throw new DaichoError('conflict', 'outside.errors.not_storable');
  historyStands(store, table, id, row);
  const seq = store.changedOutside(table as JournaledTable, id);
  if (seq === null) throw new DaichoError('conflict', 'outside.errors.not_changed');
  return { row, seq };
}

/** What verify checks of a record's personal data besides its row (journal/verify-personal.ts, verify-marks.ts) holds now. */
function historyStands(store: Store, table: Table, id: string, row: Row): void {
  const personal = personalFieldsOf(table);
  if (personal.length === 0) return;
  const salt = row[SALT_COLUMN];
  const holds = personal.some((f) => row[f] !== null && row[f] !== undefined);
  // A personal value without the app's salt would be journaled in clear, or under a salt anyone knows.
  if (holds && (typeof salt !== 'string' || !SALT.test(salt))) throw new DaichoError('conflict', 'outside.errors.unsalted');
  // Only an erasure marks a record erased, and an erased record holds no personal value.
  const erasedByAct = store.stmt("SELECT 1 FROM journal WHERE entity = ? AND entity_id = ? AND kind = 'row' AND action = 'personal.erase' LIMIT 1").get(table, id) !== undefined;
  if (ERASED_COLUMN in row && ((row[ERASED_COLUMN] !== null) !== erasedByAct || (row[ERASED_COLUMN] !== null && holds))) throw new DaichoError('conflict', 'outside.errors.erasure_mark');
  // Each value kept for its history proves itself against the record's salt; each one its history commits to is kept (unless erased).
  const kept = store.stmt('SELECT digest, field, value FROM personal_values WHERE entity = ? AND entity_id = ?').all(table, id) as { digest: string; field: string; value: string | number | null }[];
  const proves = (k: (typeof kept)[number]) => typeof salt === 'string' && k.value !== null && commitPersonal(salt, k.field, k.value) === k.digest;
  if (kept.some((k) => !proves(k))) throw new DaichoError('conflict', 'outside.errors.history_values');
  if (erasedByAct) return;
  const digests = new Set(kept.map((k) => k.digest));
  for (const j of store.history(table as JournaledTable, id)) {
    if (j.kind !== 'row' || typeof j.after !== 'string') continue;
    const form = JSON.parse(j.after) as Record<string, unknown>;
    for (const f of personal) {
      const c = form[f];
      if (isCommitment(c) && !digests.has(c.$p)) throw new DaichoError('conflict', 'outside.errors.history_values');
    }
  }
}

/**
 * How the record differs from its history: each field whose journal form differs (a personal value by
 * its commitment, a number stored as text by its type), shown as a person reads it — a personal value
 * as its history kept it, a reference with the name it points to.
 */
function describe(store: Store, table: Table, id: string): OutsideRecord {
  const { row, seq } = acceptable(store, table, id);
  const j = seq > 0 ? store.latestRowChange(table, id) : undefined;
  const formBefore = j ? (JSON.parse(formWithChanges(table, j, store.schemaChangesNow())) as Record<string, unknown>) : {};
  const formNow = journalFormObject(table, row);
  const before = j ? journaledRow(store, table, j) : {};
  const personal = personalFieldsOf(table);
  const refs = new Map<string, { table: string; nameColumn: string }>();
  for (const f of LEDGER_DEFINITIONS.find((d) => d.table === table)?.fields ?? []) if (f.type.kind === 'ref' && f.type.nameColumn) refs.set(f.column, { table: f.type.table, nameColumn: f.type.nameColumn });
  const nameOf = (column: string, v: unknown): string | null => {
    const ref = refs.get(column);
    if (!ref || typeof v !== 'string') return null;
    const r = store.stmt(`SELECT ${ref.nameColumn} AS name FROM ${ref.table} WHERE id = ?`).get(v) as { name: unknown } | undefined;
    return typeof r?.name === 'string' ? r.name : null;
  };
  const fields: OutsideField[] = [];
  for (const column of new Set([...Object.keys(formBefore), ...Object.keys(formNow)])) {
    if (column === SALT_COLUMN || JSON.stringify(formBefore[column] ?? null) === JSON.stringify(formNow[column] ?? null)) continue;
    let journaled = shown(before[column]);
    let found = shown(row[column]);
    // The same words, stored another way (a number as text): said as stored.
    if (journaled === found && !personal.includes(column)) [journaled, found] = [JSON.stringify(formBefore[column] ?? null), JSON.stringify(formNow[column] ?? null)];
    fields.push({ column, journaled, found, personal: personal.includes(column), journaledName: nameOf(column, before[column]), foundName: nameOf(column, row[column]) });
  }
  // An upgrade that found the record changed left it as found, without what it wrote to the others (Store.update).
  const skipped = store.stmt("SELECT 1 FROM journal WHERE kind = 'event' AND action = 'migration.changed_outside_kept' AND entity = ? AND entity_id = ? AND seq > ? LIMIT 1").get(table, id, seq) !== undefined;
  return { table, id, seq, form: fingerprint(table, row), fields, migrationSkipped: skipped };
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
      // With the fields that differed, so she can tell it from what she was shown (an insider probe: the
      // notice named the record by its kind and ID alone).
      const fields = describe(ctx.store, table, id).fields.map((f) => f.column);
      const stated = { table, id, seq, form, approvedBy: approver.id };
      const statement = acceptanceStatement({ ...stated, adminId: account.id, reason, at: tx.now, prevHash: ctx.store.journalHead().hash, keyId: key.keyId });
      const event = tx.event(ACCEPTED_EVENT, table, id, { seq, form, approvedBy: approver.id, keyId: key.keyId, signature: sign(null, statement, key.key).toString('base64') }, reason);
      const last = found.seq > 0 ? ctx.store.latestRowChange(table, id) : undefined;
      tx.acceptAsFound(table as JournaledTable, id, { action: ACCEPT_ROW, reason, before: last ? journaledRow(ctx.store, table, last) : null });
      // Its row is the next after the event (verify holds the two together); what the review notes comes after it.
      const accepted = event.seq + 1;
      // The approver is told that her approval was used (an insider probe: as for every approval).
      addNotice(ctx.store, tx, { accountId: approver.id, kind: 'approval_used', actorId: account.id, approvedBy: approver.id, detail: { action: 'outside.accept', table, id, seq: accepted, fields }, reason });
      return { seq: accepted };
    });
  },
};
