import { hash } from 'node:crypto';
import type { Db } from '../store/database';
import { ACCEPT_ROW, ACCEPTABLE_TABLES, ACCEPTANCE_MIGRATION, ACCEPTANCE_ROWS, ACCEPTED_EVENT, acceptanceStatement } from '../outside-rules';
import { ERASURE_ROWS } from '../retention-rules';
import { MIGRATION_ACTOR } from '../store/schema-changes';
import { signedAt } from '../review/seal';
import type { ProblemList, Snapshot } from './verify-parts';
import { readObject } from './verify-json';
import { accountsThen, type ErasureRow } from './verify-erasures';

// A record changed outside Daicho accepted as found (outside-acceptance.ts) is journaled as it stood:
// from then on its table row matches its journal, so verify would see nothing of the change. What
// verify asks instead is that every acceptance is the app's approved act: its approval event, signed
// by an active safety manager's key over the record, its last history entry before, the form it was
// accepted as, the administrator, her reason, the time and the place in the chain; right after it, the
// record's row change, as stated. An acceptance written with the database key (no one's signature) is
// named, and with it the change it would have hidden.

type ActRow = ErasureRow;

export function checkAcceptances(db: Db, snap: Snapshot, problems: ProblemList): void {
  const rows = db
    .prepare(`SELECT seq, at, actor, kind, action, entity, entity_id AS id, after, reason, prev_hash FROM journal WHERE ${ACCEPTANCE_ROWS} AND seq BETWEEN 1 AND ? ORDER BY seq`)
    .all(snap.head) as ActRow[];
  if (rows.length === 0) return;
  // Acceptances are the app's from migration 48 on: from its upgrade row in data made before it
  // (inside an upgrade: not one appended with the key), always in data made since, never in data older.
  const version = Number(db.pragma('user_version', { simple: true }));
  const upgradeRow = (
    db.prepare(`SELECT seq, actor, after FROM journal WHERE ${ERASURE_ROWS} AND action = 'schema.migrate' AND seq BETWEEN 1 AND ? ORDER BY seq`).all(snap.head) as { seq: number; actor: string; after: unknown }[]
  ).find((r) => r.actor === MIGRATION_ACTOR.actor && readObject(r.after)?.to === ACCEPTANCE_MIGRATION && snap.upgrades.some(([from, to]) => r.seq >= from && r.seq <= to));
  const from = upgradeRow ? upgradeRow.seq : version < ACCEPTANCE_MIGRATION ? Infinity : 0;
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  const lastChange = db.prepare(`SELECT seq FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ? AND after IS NOT NULL AND seq BETWEEN 1 AND ? ORDER BY seq DESC LIMIT 1`).pluck();
  const accountThen = accountsThen(db);
  const record = (r: ActRow) => `${r.entity} row ${String(r.id)}`;
  /** The act's two rows belong together: the same record, administrator, time and reason. */
  const pair = (event: ActRow | undefined, row: ActRow | undefined): boolean =>
    !!event && !!row && event.action === ACCEPTED_EVENT && event.kind === 'event' && row.action === ACCEPT_ROW && row.kind === 'row' &&
    event.entity === row.entity && event.id !== null && event.id === row.id && event.actor === row.actor && event.at === row.at && event.reason === row.reason;

  for (const r of rows) {
    if (r.seq <= from) {
      problems.note(r.seq, `journal row ${r.seq} accepts ${record(r)} as found before this data's Daicho could (migration ${ACCEPTANCE_MIGRATION}; not written by Daicho)`);
      continue;
    }
    // Only a ledger's records and registers (outside-rules.ts): an account's roles, a key or a seal accepted would verify a forgery.
    if (!ACCEPTABLE_TABLES.has(r.entity)) {
      problems.note(r.seq, `journal row ${r.seq} accepts ${record(r)} as found, a kind of record Daicho never accepts (not written by Daicho)`);
      continue;
    }
    if (r.action === ACCEPT_ROW) {
      if (!pair(bySeq.get(r.seq - 1), r)) problems.note(r.seq, `journal row ${r.seq} accepts ${record(r)} as found without its approval right before it (not written by Daicho)`);
      continue;
    }
    const row = bySeq.get(r.seq + 1);
    if (!pair(r, row)) {
      problems.note(r.seq, `journal row ${r.seq} approves accepting ${record(r)} as found, but the record's change does not follow it (not written by Daicho)`);
      continue;
    }
    const why = approvalProblem(r, row!);
    if (why) problems.note(r.seq, `the acceptance of ${record(r)} as found at journal row ${r.seq}: ${why} (not written by Daicho)`);
  }

  function approvalProblem(e: ActRow, row: ActRow): string | null {
    const a = readObject(e.after);
    if (!a) return 'its approval cannot be read';
    if (typeof e.reason !== 'string' || e.reason.trim() === '') return 'it gives no reason';
    const before = (lastChange.get(e.entity, e.id, e.seq - 1) as number | undefined) ?? 0;
    if (a.seq !== before) return `it states the record's last change as ${String(a.seq)}, where it was ${before}`;
    if (typeof row.after !== 'string' || a.form !== hash('sha256', row.after)) return 'the record it journals is not the one approved';
    const admin = accountThen(e.actor, e.seq);
    if (!admin?.active || !admin.roles.includes('sysadmin')) return `${e.actor} was not an active system administrator then`;
    const approver = typeof a.approvedBy === 'string' ? a.approvedBy : null;
    if (approver === null) return 'it names no approver';
    if (approver === e.actor) return 'the administrator approved it herself';
    const account = accountThen(approver, e.seq);
    if (!account?.active || !account.roles.includes('safety_manager') || account.temporary) return `${approver} was not an active safety manager on her own password then`;
    if (typeof a.keyId !== 'string' || typeof a.signature !== 'string') return 'it carries no signature of the approver';
    const statement = acceptanceStatement({ table: e.entity, id: e.id!, seq: before, form: a.form, approvedBy: approver, adminId: e.actor, reason: e.reason, at: e.at, prevHash: e.prev_hash, keyId: a.keyId });
    const signed = signedAt((sql) => db.prepare(sql), { keyId: a.keyId, signerId: approver, seq: e.seq, head: snap.head, statement, signature: a.signature });
    if (signed.length > 0) return `its approval's signature does not hold (${signed.join(', ')})`;
    return null;
  }
}
