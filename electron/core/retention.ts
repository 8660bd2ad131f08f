import { jstMonth } from '../../shared/calendar';
import { DaichoError } from '../../shared/api/errors';
import { RETENTION_LEDGERS, type RetentionLedger, type RetentionStatus } from '../../shared/api/retention-contract';
import { requireSession, type HandlerContext, type Handlers } from './context';
import { getAccount, passwordNotOwn, rolesOf } from './auth/accounts-repo';
import { checkPassword } from './auth/handlers';
import { approveAsSafetyManager, approverStands } from './auth/account-rules';
import { addNotice } from './auth/notices';
import type { JournaledTable } from './store/migrations';
import type { Settings } from './settings';
import { erasureApprovalStatement, retentionCutoff, retentionYears, shortenApprovalStatement, signedCutoff } from './retention-rules';
import { sign } from 'node:crypto';
import { activeKey, openSigningKey, type UsableKey } from './review/keys';
import { erasableSql, RETENTION_PARTS, retentionCounts, type PartCounts, type RetentionPart, type RetentionParams } from './retention-counts';
import type { Store, Tx } from './store/store';
import { isBusy } from './store/errors';
import { noteKept, RETENTION_KEPT_TABLE } from './retention-kept';

// SPEC §8 retention (issue 7): each ledger keeps its records' personal data for a number of years
// after the month's sign-off (a month never signed is kept until it is; retention-counts.ts); after that a system
// administrator may erase it, with a reason and their own password. Each record's erasure is a
// journaled row change through the one write path; its digests in the chain then commit to nothing
// recoverable, and verify reports the record as erased (消去済).

/** Records erased per write: each write is short, so the app keeps answering during a large erasure. */
const BATCH = 100;


function paramsOf(settings: Settings, ledger: RetentionLedger, now: Date): { years: number; params: RetentionParams } {
  const years = retentionYears(settings, ledger);
  return { years, params: { cutoff: retentionCutoff(now, years).toISOString(), signedCutoff: signedCutoff(now, years) } };
}

/** A ledger's period now, and each of its parts' counts over it, counted off the main thread (JobRunner.read). */
async function countsOf(ctx: HandlerContext, ledger: RetentionLedger) {
  const { years, params } = paramsOf(ctx.settings, ledger, ctx.now);
  const counts = await ctx.jobs.read('retentionCounts', { ledger, params }, () => retentionCounts((sql) => ctx.store.stmt(sql), ledger, params));
  return { years, params, parts: RETENTION_PARTS[ledger].map((part, i) => withKept(ctx.store, ledger, params, part, counts[i])) };
}

/** A ledger's retention now, counted on this thread (the handlers count in a worker). */
export function retentionStatus(store: Store, settings: Settings, ledger: RetentionLedger, now: Date): RetentionStatus {
  const { years, params } = paramsOf(settings, ledger, now);
  const counts = retentionCounts((sql) => store.stmt(sql), ledger, params);
  return statusOf(ledger, { years, params, parts: RETENTION_PARTS[ledger].map((part, i) => withKept(store, ledger, params, part, counts[i])) });
}

/** A part's counts, less the records an earlier erasure kept that are still erasable and still changed outside Daicho. */
function withKept(store: Store, ledger: RetentionLedger, params: RetentionParams, part: RetentionPart, counts: PartCounts) {
  const kept = keptOutside(store, ledger, params, part);
  const erasable = counts.erasable - kept.length;
  // The oldest of those left (a kept record's month was named while others of a later month remained).
  const oldest = erasable <= 0 ? null : kept.length === 0 ? counts.oldest : oldestLeft(store, ledger, params, part, kept);
  return { part, ...counts, erasable, oldest, kept };
}

/** The oldest erasable record's time, the kept ones left out. */
function oldestLeft(store: Store, ledger: RetentionLedger, params: RetentionParams, part: RetentionPart, kept: readonly string[]): string | null {
  const t = part.table;
  return store
    .stmt(`SELECT min(${t}.${part.timeColumn}) FROM ${t} WHERE ${erasableSql(ledger, part)} AND ${t}.id NOT IN (SELECT value FROM json_each(@kept))`)
    .pluck()
    .get({ ...params, kept: JSON.stringify(kept) }) as string | null;
}

/**
 * The records an erasure kept because they were changed outside Daicho (its end row names them) that
 * are still past their period, still hold their personal data and are still not as the journal has
 * them. They are not counted erasable again: a second erasure would only keep them again, and its
 * button would stay on for nothing (a review). One restored from a backup, or accepted as found
 * (outside-acceptance.ts), is erasable again. Read from the table of the records kept (retention-kept.ts), by its index: a few rows.
 */
function keptOutside(store: Store, ledger: RetentionLedger, params: RetentionParams, part: RetentionPart): string[] {
  const named = store.stmt(
    `SELECT ${part.table}.id FROM ${part.table}
     WHERE ${part.table}.id IN (SELECT entity_id FROM ${RETENTION_KEPT_TABLE} WHERE entity = @table) AND ${erasableSql(ledger, part)}`,
  ).pluck().all({ ...params, table: part.table }) as string[];
  return named.filter((id) => store.changedOutside(part.table as JournaledTable, id) !== null);
}

async function statusNow(ctx: HandlerContext, ledger: RetentionLedger): Promise<RetentionStatus> {
  return statusOf(ledger, await countsOf(ctx, ledger));
}

function statusOf(ledger: RetentionLedger, { years, params, parts }: { years: number; params: RetentionParams; parts: (PartCounts & { kept: string[] })[] }): RetentionStatus {
  const sum = (k: 'erasable' | 'notErasable' | 'erased' | 'unsigned' | 'stillOpen') => parts.reduce((n, p) => n + p[k], 0);
  const oldest = parts.map((p) => p.oldest).filter((t): t is string => t !== null).sort()[0] ?? null;
  const keptChangedOutside = parts.reduce((n, p) => n + p.kept.length, 0);
  return { ledger, years, cutoff: params.cutoff, erasable: sum('erasable'), notErasable: sum('notErasable'), erased: sum('erased'), unsigned: sum('unsigned'), stillOpen: sum('stillOpen'), keptChangedOutside, oldestMonth: oldest ? jstMonth(new Date(oldest)) : null };
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export const retentionHandlers: Pick<Handlers, 'retention.status' | 'retention.setYears' | 'retention.erase'> = {
  'retention.status': async (ctx) => {
    const out: RetentionStatus[] = [];
    for (const l of RETENTION_LEDGERS) out.push(await statusNow(ctx, l));
    return out;
  },

  'retention.setYears': async (ctx, { ledger, years, reason, approval }) => {
    const current = retentionYears(ctx.settings, ledger);
    if (current === years) throw new DaichoError('invalid_input', 'errors.no_change', 'years');
    // A shorter period makes more records erasable: a safety manager approves it.
    let approvedBy: string | null = null;
    let key: UsableKey | null = null;
    if (years < current) {
      if (!approval) throw new DaichoError('invalid_input', 'retention.errors.approval_required', 'approval');
      approvedBy = (await approveAsSafetyManager(ctx, approval, { targetId: null })).id;
      key = await herKey(ctx, approvedBy, approval.approverPassword);
    }
    const actorId = requireSession(ctx).accountId;
    ctx.store.write(ctx.actor(), (tx) => {
      // What was checked before the approver's password (a wait) still holds: the period it shortens
      // (verify holds the approval to the period in force) and the approver.
      if (retentionYears(ctx.settings, ledger) !== current) throw new DaichoError('conflict', 'retention.errors.period_changed', 'years');
      if (approvedBy && key) {
        approverStands(ctx.store, approvedBy);
        keyStillHers(ctx, approvedBy, key);
        const setting = `retention.${ledger}.years`;
        const stated = { from: current, to: years, approvedBy };
        const statement = shortenApprovalStatement({ setting, ...stated, adminId: actorId, reason, at: tx.now, prevHash: ctx.store.journalHead().hash, keyId: key.keyId });
        tx.event('retention.shorten.approved', 'settings', setting, { ...stated, keyId: key.keyId, signature: sign(null, statement, key.key).toString('base64') }, reason);
        // The approver is told that her approval was used, as for an account's change (an insider probe).
        addNotice(ctx.store, tx, { accountId: approvedBy, kind: 'approval_used', actorId, approvedBy, detail: { action: 'retention.shorten', ledger, from: current, to: years }, reason });
      }
      ctx.settings.set(tx, `retention.${ledger}.years`, years, reason);
    });
    return statusNow(ctx, ledger);
  },

  'retention.erase': async (ctx, { ledger, reason, password, approval }) => {
    // One erasure of a ledger at a time: the acts of two would interleave (verify holds each erasure to its own act).
    const running = erasing.get(ctx.store) ?? new Set<RetentionLedger>();
    erasing.set(ctx.store, running);
    if (running.has(ledger)) throw new DaichoError('conflict', 'retention.errors.erase_running', 'ledger');
    running.add(ledger);
    try {
      return await eraseLedger(ctx, { ledger, reason, password, approval });
    } finally {
      running.delete(ledger);
    }
  },
};

/** The ledgers being erased now, per data (retention.erase). */
const erasing = new WeakMap<HandlerContext['store'], Set<RetentionLedger>>();

type EraseInput = Parameters<Handlers['retention.erase']>[1];

/**
 * The act's start, checked again inside its write: what was checked before the waits (passwords, the
 * counts in the reader worker, the batches of another table) still holds — the period in force, the
 * approver an active safety manager on her own password, the administrator an active administrator
 * (verify holds every act to them, journal/verify-erasures.ts).
 */
function actStillStands(ctx: HandlerContext, ledger: RetentionLedger, years: number, approverId: string, adminId: string): void {
  if (retentionYears(ctx.settings, ledger) !== years) throw new DaichoError('conflict', 'retention.errors.period_changed', 'ledger');
  approverStands(ctx.store, approverId);
  const approver = getAccount(ctx.store, approverId);
  if (!approver || passwordNotOwn(approver, ctx.now) === 'temporary') throw new DaichoError('conflict', 'accounts.errors.approver_changed', 'approval.approverLoginId');
  const admin = getAccount(ctx.store, adminId);
  if (!admin || admin.status !== 'active' || !rolesOf(admin).includes('sysadmin')) throw new DaichoError('forbidden', 'errors.forbidden');
}

/**
 * The approver's signing key, opened with her password (checked by the caller), for her approval's
 * signature (retention-rules.ts SIGNED_APPROVAL_MIGRATION). A key she has not got, or whose wrap no
 * longer opens, is made now as for her first seal — in a write of her own, not inside the
 * administrator's act (a review: a key row by someone else's act would be normal data then).
 */
export async function herKey(ctx: HandlerContext, approverId: string, password: string): Promise<UsableKey> {
  const key = await openSigningKey(ctx.store, approverId, password);
  ctx.store.write({ actor: approverId, station: ctx.actor().station }, (tx) => key.plan(tx));
  return key;
}

/** Inside the act: the key opened before its waits is still her active one (a reset, or another act, may have come between). */
export function keyStillHers(ctx: HandlerContext, approverId: string, key: UsableKey): void {
  if (activeKey(ctx.store, approverId)?.id !== key.keyId) throw new DaichoError('conflict', 'review.errors.key_changed', 'approval.approverPassword');
}

/**
 * An erasure act's start row, its approval signed by the approver's key (retention-rules.ts
 * SIGNED_APPROVAL_MIGRATION): over what the row states, its time and the hash of the row before it.
 */
export function startAct(
  store: Store,
  tx: Tx,
  key: Pick<UsableKey, 'keyId' | 'key'>,
  a: { table: string; ledger: string; cutoff: string; records: number; years: number; approvedBy: string; adminId: string; reason: string },
): void {
  const stated = { ledger: a.ledger, cutoff: a.cutoff, records: a.records, years: a.years, approvedBy: a.approvedBy };
  // The head now is the row this start follows: the rows this write made before it (a clock anomaly, a new station) too.
  const statement = erasureApprovalStatement({ ...a, at: tx.now, prevHash: store.journalHead().hash, keyId: key.keyId });
  tx.event('retention.erase.start', a.table, null, { ...stated, keyId: key.keyId, signature: sign(null, statement, key.key).toString('base64') }, a.reason);
}

async function eraseLedger(ctx: HandlerContext, { ledger, reason, password, approval }: EraseInput) {
  const account = getAccount(ctx.store, requireSession(ctx).accountId);
  if (!account) throw new DaichoError('not_signed_in', 'errors.not_signed_in');
  await checkPassword(ctx, account, password, 'retention.erase');
  const approver = await approveAsSafetyManager(ctx, approval, { targetId: null });
  const key = await herKey(ctx, approver.id, approval.approverPassword);
  const counts = await countsOf(ctx, ledger);
  const status = statusOf(ledger, counts);
  if (status.erasable === 0) throw new DaichoError('invalid_input', 'retention.errors.nothing', 'ledger');
  const who = ctx.actor();
  const { params } = counts;
  let erased = 0;
  let changedOutside = 0;
  // One act per table (verify holds each erasure to its own table's act, journal/verify-erasures.ts).
  // The approver is told what her approval erased, also when the erasure stopped part-way (a disk
  // full, the app closing): it cannot be undone (an insider probe; a second probe: told only at the end).
  try {
    for (const { part, erasable: records, kept: keptBefore } of counts.parts) {
      if (records === 0) continue;
      // Each batch goes on from where the last ended (in the order of the time's index), so a batch
      // never walks again over the records erased or kept before it: each write stays short.
      const t = `${part.table}.${part.timeColumn}`;
      const pick = ctx.store.stmt(
        `SELECT rowid AS r, id, ${t} AS t FROM ${part.table}
         WHERE ${t} >= @fromTime AND (${t} > @fromTime OR rowid > @fromRow) AND ${erasableSql(ledger, part)}
           AND id NOT IN (SELECT value FROM json_each(@keptBefore))
         ORDER BY ${t}, rowid LIMIT ${BATCH}`,
      );
      let from = { fromTime: '', fromRow: 0 };
      let done = 0;
      let seen = 0;
      // A record changed outside Daicho is not erased: its erasure would journal the change as its own
      // (Store.changedOutside). It is kept, named in the act's end with its journal row, and verify names it.
      const kept: { id: string; seq: number }[] = [];
      ctx.store.write(who, (tx) => {
        actStillStands(ctx, ledger, status.years, approver.id, account.id);
        keyStillHers(ctx, approver.id, key);
        startAct(ctx.store, tx, key, { table: part.table, ledger, cutoff: status.cutoff, records, years: status.years, approvedBy: approver.id, adminId: account.id, reason });
      });
      // No more than were counted, which is what she approved (verify names an erasure beyond it).
      while (seen < records) {
        const rows = (pick.all({ ...params, ...from, keptBefore: JSON.stringify(keptBefore) }) as { r: number; id: string; t: string }[]).slice(0, records - seen);
        if (rows.length === 0) break;
        from = { fromTime: rows[rows.length - 1].t, fromRow: rows[rows.length - 1].r };
        seen += rows.length;
        const ids: string[] = [];
        for (const { id } of rows) {
          const seq = ctx.store.changedOutside(part.table as JournaledTable, id);
          if (seq === null) ids.push(id);
          else kept.push({ id, seq });
        }
        ctx.store.write(who, (tx) => {
          for (const id of ids) tx.erasePersonal(part.table as JournaledTable, id, { action: 'personal.erase', reason });
        });
        done += ids.length;
        erased += ids.length;
        await yieldToOthers();
      }
      ctx.store.write(who, (tx) => {
        const end = tx.event('retention.erase.done', part.table, null, { ledger, erased: done, ...(kept.length > 0 ? { keptChangedOutside: kept } : {}) }, reason);
        // What the rules read of the records kept (keptOutside): rows of their own, in the same act.
        noteKept(tx, { ledger, table: part.table, erasureSeq: end.seq, at: tx.now, kept });
      });
      changedOutside += kept.length;
    }
  } catch (e) {
    // Stopped between its acts by a change that came meanwhile (her key reset, the period changed, an
    // account suspended): what was erased stays erased, so the administrator is told how many, with
    // the cause, and that running it again erases the rest (a review: "try again" alone read as if
    // nothing had been done). A store's own failure (disk full, damaged) is reported as it is.
    if (erased > 0 && e instanceof DaichoError) throw new DaichoError('conflict', 'retention.errors.stopped_part_way', undefined, { erased, count: erased, cause: e.messageKey });
    // The file's write lock held too long (dispatcher.ts): the rest can be erased by running it again, as above.
    if (erased > 0 && isBusy(e, ctx.store.failed))
      throw new DaichoError('conflict', 'retention.errors.stopped_part_way', undefined, { erased, count: erased, cause: 'errors.busy_try_again' });
    throw e;
  } finally {
    if (erased > 0) {
      try {
        ctx.store.write(who, (tx) => addNotice(ctx.store, tx, { accountId: approver.id, kind: 'approval_used', actorId: account.id, approvedBy: approver.id, detail: { action: 'retention.erase', ledger, erased }, reason }));
      } catch {
        // The store cannot be written (what stopped the erasure): its own error is the one reported.
      }
      try {
        // The erased values leave the file, also when it stopped part-way: the write-ahead log's older pages go once it is checkpointed.
        ctx.store.checkpoint('TRUNCATE');
      } catch {
        // As above; the next checkpoint empties it.
      }
    }
  }
  return { erased, changedOutside, status: await statusNow(ctx, ledger) };
}

