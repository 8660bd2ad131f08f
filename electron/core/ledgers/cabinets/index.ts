import { siteFilter } from '../../auth/site-scope';
import { peopleDefinition } from '../../../../shared/ledgers/people';
import { readsAlikeAs } from '../../../../shared/search';
import { refuseOverlap, refuseTakenCode, touches, type ExclusiveUse } from '../kit/uniqueness';
import { DaichoError } from '../../../../shared/api/errors';
import { cabinetLogContract, cabinetLogDefinition, cabinetsContract, cabinetsDefinition, type CabinetAuthorization, type OpenCabinet } from '../../../../shared/ledgers/cabinets';
import type { Role } from '../../../../shared/domain/roles';
import { requireSession, type HandlerContext } from '../../context';
import { getAccount } from '../../auth/accounts-repo';
import { parseTimeOfDay } from '../../../../shared/calendar';
import type { Row, Store } from '../../store/store';
import type { JournaledTable } from '../../store/migrations';
import { recordBook, refuseFuture } from '../kit/record-book';
import { AUTHORIZATIONS_TABLE, authorizedAt, cabinetArea, custodianArea, openAuthorizations, setAuthorized, type AuthorizationRow } from '../people/authorizations';
import { cabinetLockRecordedMigration, cabinetsMigration, LOCK_CLOSING, LOCK_RECORDED_COLUMN } from './migration';
import { closingRecordedColumns } from '../kit/closing';
import { sessionAnomalies } from './rules';
import { personActiveAt, recordRegisterChange, registerValueAt } from '../../setting-versions';

// SPEC §4.2 in the core: the cabinets register and the open/lock log, on the ledger kit. The kit
// gives list, get, add, amend, void and history; this adds the rules, who may open a cabinet, and
// locking.

const KEEPERS: readonly Role[] = ['clerk', 'safety_manager'];
// Kit tables: journaled, declared by their create_table changes (migration.ts).
const CABINETS = cabinetsDefinition.table as JournaledTable;
const SESSIONS = cabinetLogDefinition.table as JournaledTable;

function cabinetRow(store: Store, id: string): Row {
  const row = store.rowById(CABINETS, id);
  if (!row) throw new DaichoError('not_found', 'errors.not_found', 'cabinetId');
  return row;
}

/** The person of the caller's account, or null. */
function callerPerson(ctx: HandlerContext): string | null {
  return getAccount(ctx.store, requireSession(ctx).accountId)?.person_id ?? null;
}

/** Every period of the cabinet's authorizations: the current ones (oldest first), then the ended ones (newest first). */
function authorizedList(store: Store, cabinetId: string): CabinetAuthorization[] {
  const rows = store
    .stmt(`SELECT a.*, p.name, p.employee_no, g.display_name AS granted_name, e.display_name AS ended_name FROM authorizations a
      JOIN people p ON p.id = a.person_id LEFT JOIN accounts g ON g.id = a.granted_by LEFT JOIN accounts e ON e.id = a.ended_by
      WHERE a.area = ? ORDER BY a.valid_to IS NOT NULL, CASE WHEN a.valid_to IS NULL THEN a.valid_from END, a.valid_to DESC`)
    .all(cabinetArea(cabinetId)) as (AuthorizationRow & { name: string; employee_no: string; granted_name: string | null; ended_name: string | null })[];
  return rows.map((a) => ({
    personId: a.person_id, name: a.name, employeeNo: a.employee_no, since: a.valid_from, until: a.valid_to, grantedBy: a.granted_name, reason: a.reason,
    endedBy: a.ended_name, endReason: a.end_reason,
  }));
}

export const cabinetsModule = recordBook(
  cabinetsDefinition,
  {
    // The key custodian, dated like an authorization (custodianArea): a cabinet's first custodian from
    // the beginning (openings typed in from the paper log before it was registered), each later one
    // from the correction that named them — an opening is judged by who held the key then.
    alsoWrite: (tx, record, ctx) => {
      const area = custodianArea(record.id);
      const meta = { by: ctx.actor, action: 'cabinets.set_custodian' as const, reason: ctx.reason, field: 'custodianId' };
      if (ctx.verb === 'add') return setAuthorized(ctx.store, tx, record.custodianId, area, true, { ...meta, from: SINCE_EVER });
      if (ctx.verb !== 'amend' || !ctx.before) return;
      // Its site, dated (setting-versions.ts): a session typed in later belongs to the site it was at then.
      recordRegisterChange(ctx.store, tx, 'cabinets', 'site_id', record.id, ctx.before.siteId, record.siteId, { action: ctx.action, reason: ctx.reason ?? undefined });
      if (ctx.before.custodianId === record.custodianId) return;
      // A cabinet registered before custodians were dated: its custodian until now, from the beginning.
      if (!hasCustodianPeriods(ctx.store, record.id)) setAuthorized(ctx.store, tx, ctx.before.custodianId, area, true, { ...meta, from: SINCE_EVER, until: tx.now });
      else setAuthorized(ctx.store, tx, ctx.before.custodianId, area, false, meta);
      setAuthorized(ctx.store, tx, record.custodianId, area, true, meta);
    },
    inUse: (cabinet, ctx) =>
      ctx.store.stmt("SELECT 1 FROM cabinet_sessions WHERE cabinet_id = ? AND locked_at IS NULL AND status = 'valid'").get(cabinet.id) ? 'cabinets.errors.in_use' : null,
    // Its name too: the log names a cabinet by it (a review of the change: C-01 人事書類庫 renamed while open,
    // a new C-02 named 人事書類庫 and opened, and the log showed 人事書類庫 open twice).
    identity: ['code', 'name'],
    check: (r, ctx) => {
      // A cabinet number names one cabinet in use (a retired one's number may be used again).
      if (touches(ctx.changed, ['code'])) refuseTakenCode(ctx.store, { table: 'cabinets', column: 'code', code: r.code, selfId: ctx.selfId, message: 'cabinets.errors.code_taken', field: 'code' });
      // And a name one cabinet of its site: the open/lock log and its paper name a cabinet by it (an insider
      // probe: two 人事書類庫 at 本社, and the paper could not say which was opened).
      if (touches(ctx.changed, ['name', 'siteId']) && r.siteId)
        refuseTakenCode(ctx.store, { table: 'cabinets', column: 'name', code: r.name, selfId: ctx.selfId, message: 'cabinets.errors.name_taken', field: 'name', siteId: r.siteId });
    },
  },
  {
    migrations: [cabinetsMigration, cabinetLockRecordedMigration],
    contract: cabinetsContract,
    handlers: {
      'cabinets.authorized': (ctx: HandlerContext, { cabinetId }: { cabinetId: string }) => {
        cabinetRow(ctx.store, cabinetId);
        const list = authorizedList(ctx.store, cabinetId);
        // Staff read no one's register entry but their own (people.list): of who may open it, only
        // themselves — the open/lock form asks whether they may (an insider probe read the names,
        // employee numbers and grant reasons of every site's authorized people here).
        const session = requireSession(ctx);
        if (session.roles.some((r) => peopleDefinition.access.read.includes(r as never))) return list;
        const own = getAccount(ctx.store, session.accountId)?.person_id ?? null;
        return list.filter((a) => own !== null && a.personId === own);
      },
      'cabinets.setAuthorized': (ctx: HandlerContext, { cabinetId, personId, authorized, reason }: { cabinetId: string; personId: string; authorized: boolean; reason: string | null }) => {
        const cabinet = cabinetRow(ctx.store, cabinetId);
        if (cabinet.status === 'void') throw new DaichoError('conflict', 'cabinets.errors.retired', 'cabinetId');
        const person = ctx.store.rowById('people', personId);
        if (!person) throw new DaichoError('not_found', 'errors.not_found', 'personId');
        if (authorized && person.active !== 1) throw new DaichoError('invalid_input', 'errors.person_left', 'personId', { name: String(person.name) });
        const now = openAuthorizations(ctx.store, cabinetArea(cabinetId)).some((a) => a.person_id === personId);
        if (now === authorized) throw new DaichoError('invalid_input', 'errors.no_change', 'authorized');
        const who = ctx.actor();
        ctx.store.write(who, (tx) => setAuthorized(ctx.store, tx, personId, cabinetArea(cabinetId), authorized, { by: who.actor, action: 'cabinets.set_authorized', reason }));
        return authorizedList(ctx.store, cabinetId);
      },
    },
  },
);

/** The start of a period "from the beginning": a cabinet's first custodian. */
const SINCE_EVER = '1970-01-01T00:00:00.000Z';

function hasCustodianPeriods(store: Store, cabinetId: string): boolean {
  return store.stmt('SELECT 1 AS found FROM authorizations WHERE area = ? LIMIT 1').get(custodianArea(cabinetId)) !== undefined;
}

/**
 * Was the person allowed to open the cabinet then: its key custodian then, or authorized for it at
 * that moment. A cabinet registered before custodians were dated, never changed since: its custodian now.
 */
function mayOpen(store: Store, cabinetId: string, personId: string, at: string): boolean {
  if (authorizedAt(store, personId, cabinetArea(cabinetId), at)) return true;
  if (hasCustodianPeriods(store, cabinetId)) return authorizedAt(store, personId, custodianArea(cabinetId), at);
  return store.rowById(CABINETS, cabinetId)?.custodian_id === personId;
}

/** A cabinet is open in one session at a time. */
const SESSION_USE: ExclusiveUse = { table: 'cabinet_sessions', thing: 'cabinet_id', start: 'opened_at', end: 'locked_at', message: 'cabinets.errors.period_overlaps', field: 'openedAt' };

export const cabinetLogModule = recordBook(
  cabinetLogDefinition,
  {
    // A session belongs to its cabinet's site; a retired cabinet is not opened.
    derive: (input, ctx) => {
      // An amendment keeps the session's site (the cabinet may have moved since; a signed month stays as it was).
      if (ctx.verb === 'amend') return {};
      const cabinet = cabinetRow(ctx.store, String(input.cabinetId));
      if (cabinet.status === 'void') throw new DaichoError('conflict', 'cabinets.errors.retired', 'cabinetId');
      // Someone keeping only their own sessions records a locking by themselves only.
      const keeper = requireSession(ctx.handler).roles.some((r) => KEEPERS.includes(r));
      if (!keeper && input.lockedBy && input.lockedBy !== input.openedBy) throw new DaichoError('forbidden', 'cabinets.errors.lock_others', 'lockedBy');
      // The site the cabinet was at when it was opened (a session typed in after the cabinet moved).
      const at = typeof input.openedAt === 'string' ? input.openedAt : ctx.now;
      return { siteId: registerValueAt(ctx.store, 'cabinets', 'site_id', String(cabinet.id), String(cabinet.site_id), at) };
    },
    // Business hours end after they start.
    checkSettings: (v) => {
      if (parseTimeOfDay(String(v.businessEnd)) <= parseTimeOfDay(String(v.businessStart))) throw new DaichoError('invalid_input', 'cabinets.errors.hours_order', 'changes.businessEnd');
    },
    check: (r, ctx) => {
      // Said as the pair it is: 施錠者 has no asterisk, so a bare 「入力してください」 at it read as a fault of the form (a walk-through).
      if ((r.lockedAt ?? null) === null !== ((r.lockedBy ?? null) === null))
        throw new DaichoError('invalid_input', r.lockedAt ? 'cabinets.errors.locked_by_needed' : 'cabinets.errors.locked_at_needed', r.lockedAt ? 'lockedBy' : 'lockedAt');
      // Said at the time corrected (a probe: the opening moved past the lock, told at the untouched 施錠日時).
      if (r.lockedAt && r.openedAt && Date.parse(r.lockedAt) < Date.parse(r.openedAt))
        throw touches(ctx.changed, ['openedAt']) && !touches(ctx.changed, ['lockedAt'])
          ? new DaichoError('invalid_input', 'cabinets.errors.open_after_lock', 'openedAt')
          : new DaichoError('invalid_input', 'cabinets.errors.lock_before_open', 'lockedAt');
      // One open session per cabinet.
      if (!r.lockedAt && r.cabinetId) {
        const open = ctx.store.stmt("SELECT id, opened_at FROM cabinet_sessions WHERE cabinet_id = ? AND locked_at IS NULL AND status = 'valid'").get(r.cabinetId) as { id: string; opened_at: string } | undefined;
        if (open && open.id !== ctx.selfId) throw new DaichoError('conflict', 'cabinets.errors.already_open', ctx.selfId ? 'lockedAt' : 'cabinetId', { since: open.opened_at });
        // A session made open again by a correction needs its cabinet still in use (an insider probe:
        // a retired cabinet's last session, unlocked, showed it open on the dashboard and at last exit).
        if (ctx.selfId !== null && touches(ctx.changed, ['lockedAt']) && cabinetRow(ctx.store, r.cabinetId).status === 'void')
          throw new DaichoError('conflict', 'cabinets.errors.retired', 'lockedAt');
      }
      // Nor two sessions of one cabinet at the same time (one typed in later, or corrected into another's time).
      // Said at the lock time when only that was corrected (a probe: the open time, untouched, took the message and the focus).
      if (touches(ctx.changed, ['cabinetId', 'openedAt', 'lockedAt']))
        refuseOverlap(ctx.store, SESSION_USE, { thingId: r.cabinetId, from: r.openedAt, until: r.lockedAt ?? (ctx.selfId === null ? 'unknown' : null), selfId: ctx.selfId, field: touches(ctx.changed, ['cabinetId', 'openedAt']) ? undefined : 'lockedAt' });
    },
    // When the lock was recorded (migration 17): with the time it gives, the book at the deadline.
    systemColumns: closingRecordedColumns(LOCK_CLOSING),
    closing: LOCK_CLOSING,
    anomalies: (r, ctx, row) =>
      sessionAnomalies({ ...r, lockRecordedAt: row[LOCK_RECORDED_COLUMN] as string | null | undefined }, {
        // The rules in force when it was opened (setting-versions.ts).
        settings: ctx.site(r.siteId, r.openedAt),
        calendar: ctx.calendar(r.siteId),
        authorized: (personId, at) => mayOpen(ctx.store, r.cabinetId, personId, at),
        now: ctx.now,
      }),
  },
  { contract: cabinetLogContract },
);

/**
 * A cabinets register change that loosens who may open it: its key custodian changed (the custodian
 * opens it without an authorization, and the rule asks who the custodian is now). Found by an insider
 * probe: an unauthorized opening, then the opener made custodian, and the month reviewed clean. It
 * comes up in the log's review of the cabinet's site for the month it was made. So does a move to another
 * site (whose business hours then judge its openings).
 */
cabinetLogModule.review = {
  // Took part in it: locked it (the opener is the record's own person).
  involves: 'locked_by = @person',
  open: 'locked_at IS NULL',
  registerChange: [{
    table: CABINETS,
    judge: (_ctx, before, after) => {
      // The new custodian by id (may open it unflagged from then on): the item is theirs, not for them to dispose of (an insider probe).
      const params = { cabinet: `${String(after.code)} ${String(after.name)}`, label: String(after.code), ...(after.custodian_id ? { custodianId: String(after.custodian_id) } : {}) };
      return [
        ...(before.custodian_id === after.custodian_id ? [] : [{ siteId: String(before.site_id), code: 'custodian_changed', params }]),
        // Moved to another site: its openings go by that site's hours from then (an item of the site it left).
        ...(before.site_id === after.site_id ? [] : [{ siteId: String(before.site_id), code: 'cabinet_moved', params }]),
      ];
    },
    // A cabinet registered again under the code of a voided one, with another custodian: as a change of
    // its custodian (an insider probe voided C-01 and registered it again with the unauthorized opener as
    // its custodian; the openings after that went unflagged, and nothing showed the change).
    judgeNew: (ctx, row) => {
      // Its code as the register's uniqueness reads it (C01, Ｃ－０１ are C-01: insider probe 13).
      const sameAs = readsAlikeAs(String(row.code), true);
      const voided = (ctx.store.stmt(`SELECT code, custodian_id FROM ${CABINETS} WHERE status = 'void' AND id <> ? ORDER BY rowid DESC`).all(row.id) as { code: string; custodian_id: string | null }[]).find((v) => sameAs(v.code));
      if (!voided || voided.custodian_id === row.custodian_id) return null;
      return { siteId: String(row.site_id), code: 'custodian_changed', params: { cabinet: `${String(row.code)} ${String(row.name)}`, label: String(row.code), ...(row.custodian_id ? { custodianId: String(row.custodian_id) } : {}) } };
    },
  },
    // A grant of the authorization to open a cabinet: its openings from then on are not flagged (found
    // by an insider probe: granted for half an hour around an opening, then ended, and the month
    // reviewed clean). An item of the log's review of the cabinet's site, for the month it was granted.
    {
      table: AUTHORIZATIONS_TABLE as JournaledTable,
      judgeNew: (ctx, row) => {
        const area = String(row.area);
        if (!area.startsWith('cabinet:')) return null;
        const cabinet = ctx.store.rowById(CABINETS, area.slice('cabinet:'.length));
        if (!cabinet) return null;
        // The person by id: their name is personal data, read when the review is shown (erasable), not copied here.
        return { siteId: String(cabinet.site_id), code: 'authorization_granted', params: { personId: String(row.person_id), cabinet: `${String(cabinet.code)} ${String(cabinet.name)}` } };
      },
    },
  ],
};

cabinetLogModule.handlers['cabinetLog.lock'] = (ctx: HandlerContext, { id, lockedAt, lockedBy }: { id: string; lockedAt?: string; lockedBy?: string }) => {
  const session = cabinetLogModule.getLive(ctx, id);
  if (session.lockedAt !== null) throw new DaichoError('conflict', 'cabinets.errors.already_locked', 'id');
  const me = callerPerson(ctx);
  const keeper = requireSession(ctx).roles.some((r) => KEEPERS.includes(r));
  // The opener locks their own; clerks and safety managers lock anyone's.
  if (!keeper && (me === null || me !== session.openedBy)) throw new DaichoError('forbidden', 'cabinets.errors.lock_others', 'id');
  const by = lockedBy ?? me;
  if (!by) throw new DaichoError('invalid_input', 'errors.field.required', 'lockedBy');
  if (!keeper && by !== me) throw new DaichoError('forbidden', 'cabinets.errors.lock_others', 'lockedBy');
  const locker = ctx.store.rowById('people', by);
  if (!locker) throw new DaichoError('not_found', 'errors.not_found', 'lockedBy');
  const at = lockedAt ? new Date(lockedAt).toISOString() : ctx.now.toISOString();
  if (Date.parse(at) < Date.parse(session.openedAt)) throw new DaichoError('invalid_input', 'cabinets.errors.lock_before_open', 'lockedAt');
  refuseFuture(ctx.now, at, 'lockedAt');
  if (!personActiveAt(ctx.store, by, locker.active, at)) throw new DaichoError('invalid_input', 'errors.person_inactive', 'lockedBy', { name: String(locker.name) });
  refuseOverlap(ctx.store, SESSION_USE, { thingId: session.cabinetId, from: session.openedAt, until: at, selfId: id, field: 'lockedAt' });
  ctx.store.write(ctx.actor(), (tx) => tx.update(SESSIONS, id, { locked_at: at, locked_by: by, [LOCK_RECORDED_COLUMN]: tx.now }, { action: 'cabinetLog.lock' }));
  return cabinetLogModule.get(ctx, id);
};

cabinetLogModule.handlers['cabinetLog.openNow'] = (ctx: HandlerContext, { siteId }: { siteId?: string }): OpenCabinet[] => {
  const own = cabinetLogModule.ownPerson(ctx, cabinetLogDefinition.access.read);
  const where = ["status = 'valid'", 'locked_at IS NULL'];
  const params: Record<string, string> = {};
  const sites = siteFilter(ctx, siteId);
  if (sites) {
    where.push(sites.where);
    Object.assign(params, sites.params);
  }
  // Someone who keeps only their own sessions sees their own open cabinets (to lock them).
  if (own !== null) {
    where.push('opened_by = @own');
    params.own = own;
  }
  return cabinetLogModule.select(ctx, where.join(' AND '), params, 'opened_at, id').map((session) => ({
    session,
    cabinetCode: String(ctx.store.rowById(CABINETS, session.cabinetId)?.code ?? ''),
  }));
};
