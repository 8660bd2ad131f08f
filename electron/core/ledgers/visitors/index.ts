import { siteFilter } from '../../auth/site-scope';
import { refuseOverlap, refuseTakenCode, touches, type ExclusiveUse } from '../kit/uniqueness';
import { DaichoError } from '../../../../shared/api/errors';
import { readsAlike } from '../../../../shared/search';
import { jstDate, parseTimeOfDay, toMinute } from '../../../../shared/calendar';
import { arrivedEarlierDay, guestCardsContract, guestCardsDefinition, visitorsContract, visitorsDefinition, type CardState, type Visit } from '../../../../shared/ledgers/visitors';
import type { HandlerContext } from '../../context';
import type { JournaledTable } from '../../store/migrations';
import type { Row, Store, Tx } from '../../store/store';
import { recordBook, refuseFuture } from '../kit/record-book';
import { HOURS_RULE_FROM, LATE_RULE_FROM, LEFT_RECORDED_COLUMN, VISIT_OPEN, visitorHoursRuleMigration, visitorLateRuleMigration, visitorLeftRecordedMigration, visitorsErasableMigration, visitorsMigration } from './migration';
import { closingRecordedColumns, recordedLate } from '../kit/closing';
import { ruleFromReader } from '../kit/rule-from';
import { visitAnomalies } from './rules';
import type { JournalAction } from '../../../../shared/domain/journal-actions';
import type { HistoryEntry } from '../../../../shared/domain/session';
import type { ReviewFact } from '../../../../shared/api/review-contract';
import { historyOf } from '../../record-history';
import { businessHoursFact } from '../kit/facts';

// SPEC §4.5 in the core: the guest-card register and visitor reception on the ledger kit. A card's
// state follows its visitor in the same act: lent at arrival, in stock when it comes back.

const CARDS = guestCardsDefinition.table as JournaledTable;
const VISITS = visitorsDefinition.table as JournaledTable;

function cardRow(store: Pick<Store, 'stmt'>, id: string): Row | undefined {
  return store.stmt('SELECT * FROM guest_cards WHERE id = ?').get(id) as Row | undefined;
}

function setCardState(tx: Tx, cardId: string, from: CardState | readonly CardState[], to: CardState, meta: { action: JournalAction; reason?: string | null }): void {
  const card = cardRow(tx, cardId);
  if (card && (typeof from === 'string' ? [from] : from).includes(card.state as CardState)) tx.update(CARDS, cardId, { state: to, amended_at: tx.now }, meta);
}

/** A visit still holding the card (it never came back: lent, or reported lost). */
function holdingVisit(store: Pick<Store, 'stmt'>, cardId: string): boolean {
  return !!store.stmt("SELECT 1 FROM visitor_visits WHERE guest_card_id = ? AND status = 'valid' AND card_returned_at IS NULL LIMIT 1").get(cardId);
}

export const guestCardsModule = recordBook(
  guestCardsDefinition,
  {
    derive: (_input, ctx) => (ctx.verb === 'add' ? { state: 'in_stock' as const } : {}),
    inUse: (card) => (card.state === 'lent' ? 'visitors.cards.errors.in_use' : null),
    identity: ['number'],
    check: (r, ctx) => {
      if (touches(ctx.changed, ['number'])) refuseTakenCode(ctx.store, { table: 'guest_cards', column: 'number', code: r.number, selfId: ctx.selfId, message: 'visitors.cards.errors.number_taken', field: 'number' });
      if (ctx.selfId !== null) {
        const before = cardRow(ctx.store, ctx.selfId);
        if (before && r.state !== before.state) {
          if (before.state === 'lent') throw new DaichoError('conflict', 'visitors.cards.errors.state_while_lent', 'state');
          if (r.state === 'lent') throw new DaichoError('invalid_input', 'visitors.cards.errors.state_by_visit', 'state');
          // A card lost by a visitor and found comes back on that visit's slip (its return recorded), not by the register.
          if (before.state === 'lost' && holdingVisit(ctx.store, ctx.selfId)) throw new DaichoError('conflict', 'visitors.cards.errors.found_by_visit', 'state');
        }
      }
    },
  },
  { migrations: [visitorsMigration, visitorsErasableMigration, visitorLeftRecordedMigration, visitorHoursRuleMigration, visitorLateRuleMigration], contract: guestCardsContract },
);

/** When a card was last reported lost, and what the report said happened. */
function cardLoss(store: Pick<Store, 'stmt'>, cardId: string): ReviewFact[] | null {
  const report = store
    .stmt("SELECT at, reason FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ? AND action = 'visitors.report_card_lost' ORDER BY seq DESC LIMIT 1")
    .get(CARDS, cardId) as { at: string; reason: string | null } | undefined;
  if (!report) return null;
  return [{ term: 'lostAt', values: [{ at: report.at }] }, ...(report.reason ? [{ term: 'lossReason' as const, values: [{ text: report.reason }] }] : [])];
}


/** A guest card is with one visitor at a time. */
const CARD_USE: ExclusiveUse = { table: VISITS, thing: 'guest_card_id', start: 'arrived_at', end: 'card_returned_at', message: 'visitors.errors.card_period_overlaps', field: 'arrivedAt' };

const LEFT_CLOSING = { field: 'leftAt', recordedColumn: LEFT_RECORDED_COLUMN };
const leftRecorded = closingRecordedColumns(LEFT_CLOSING);

/** From when visits are judged by the whole business day (migration 37), read once per rule context (a month's review judges thousands). */
const hoursRuleFrom = ruleFromReader(HOURS_RULE_FROM);
const lateRuleFrom = ruleFromReader(LATE_RULE_FROM);

export const visitorsModule = recordBook(
  visitorsDefinition,
  {
    check: (r, ctx) => {
      // Art. 8: beyond the reception room, a guest card, and an escort unless designated.
      const missing = DaichoError.invalidFields([
        ...(r.area === 'office' && !r.guestCardId ? [{ field: 'guestCardId', messageKey: 'visitors.errors.card_required' as const }] : []),
        ...(r.area === 'office' && !r.escortId && !r.designatedBy ? [{ field: 'escortId', messageKey: 'visitors.errors.escort_required' as const }] : []),
      ]);
      if (missing) throw missing;
      // And a card only beyond it: a card opens the office's doors, so a slip of 来客室のみ with a card
      // let its visitor go on unescorted with nothing on the slip to say so (a walk-through). Judged
      // when either changes (a slip written before this rule is not refused for another correction).
      if (r.area === 'reception' && r.guestCardId && touches(ctx.changed, ['area', 'guestCardId']))
        throw new DaichoError('invalid_input', ctx.selfId === null ? 'visitors.errors.card_reception_only' : 'visitors.errors.reception_with_card', ctx.selfId === null ? 'guestCardId' : 'area');
      if (r.leftAt && r.arrivedAt && Date.parse(r.leftAt) < Date.parse(r.arrivedAt)) throw new DaichoError('invalid_input', 'visitors.errors.left_before_arrival', 'leftAt');
      // A card that came back on its own after its visitor left: they had left by then (a review: the
      // sign-out corrected to after the card's return was taken). One that came back with them moves
      // with the correction (systemColumns).
      if (ctx.selfId !== null && r.leftAt && r.cardReturnedAt && Date.parse(r.leftAt) > Date.parse(r.cardReturnedAt)) {
        const before = ctx.store.rowById(VISITS, ctx.selfId);
        if (before && before.card_returned_at !== before.left_at) throw new DaichoError('invalid_input', 'visitors.errors.left_after_card_back', 'leftAt');
      }
      // A visitor whose card came back is not put back inside by a correction (an insider probe: they were
      // "inside" again with no card, the card already lent to the next visitor).
      if (ctx.selfId !== null && !r.leftAt && r.cardReturnedAt) throw new DaichoError('conflict', 'visitors.errors.reopen_card_returned', 'leftAt');
      // Nor one whose card was reported lost after they left (an insider probe: signed out again, the
      // slip said the card came back before it was lost, while the register still said 紛失).
      if (ctx.selfId !== null && !r.leftAt && r.guestCardId && !r.cardReturnedAt && cardRow(ctx.store, String(r.guestCardId))?.state === 'lost')
        throw new DaichoError('conflict', 'visitors.errors.reopen_card_lost', 'leftAt');
      // One slip for one visitor's arrival: the same name and company at the same site in the same minute
      // is the slip already made (sent twice, or typed at two desks), offered for correction (an insider probe).
      // The same as a person reads it (readsAlike): 高橋誠 of 株式会社ＡＢＣ is 高橋 誠 of 株式会社ABC (a second probe).
      if (ctx.selfId === null && r.name && r.company && r.siteId && r.arrivedAt) {
        const minute = Math.floor(Date.parse(r.arrivedAt) / 60_000) * 60_000;
        const [name, company] = [readsAlike(String(r.name)), readsAlike(String(r.company))];
        const same = (ctx.store
          .stmt(`SELECT id, name, company FROM ${VISITS} WHERE site_id = ? AND arrived_at >= ? AND arrived_at < ? AND status = 'valid'`)
          .all(r.siteId, new Date(minute).toISOString(), new Date(minute + 60_000).toISOString()) as { id: string; name: string | null; company: string | null }[])
          .find((v) => readsAlike(v.name ?? '') === name && readsAlike(v.company ?? '') === company);
        if (same) throw new DaichoError('conflict', 'visitors.errors.already_recorded', 'name', { name: r.name, recordId: same.id });
      }
      if (ctx.selfId === null && r.guestCardId) {
        const card = cardRow(ctx.store, r.guestCardId);
        if (!card) throw new DaichoError('not_found', 'errors.not_found', 'guestCardId');
        if (card.site_id !== r.siteId) throw new DaichoError('invalid_input', 'visitors.errors.card_other_site', 'guestCardId');
        // A retired card says so (its state is still 在庫: "cannot lend, it is in stock" read as a contradiction).
        if (card.status === 'void') throw new DaichoError('conflict', 'visitors.errors.card_retired', 'guestCardId');
        if (card.state !== 'in_stock') throw new DaichoError('conflict', 'visitors.errors.card_not_available', 'guestCardId', { state: `visitors.cards.values.state.${String(card.state)}` });
      }
      // Designated by one of the site's company representatives (its settings now: a check of the write, as the card's).
      if (r.designatedBy && r.siteId && touches(ctx.changed, ['designatedBy', 'siteId'])) {
        const person = ctx.store.rowById('people', r.designatedBy);
        const listed = new Set(ctx.site(r.siteId, ctx.now).representatives.map((n) => n.toUpperCase()));
        if (person && !listed.has(String(person.employee_no).toUpperCase()))
          throw new DaichoError('invalid_input', listed.size === 0 ? 'visitors.errors.no_representatives' : 'visitors.errors.not_representative', 'designatedBy', { name: String(person.name) });
      }
      // One visitor holds a card at a time: from arrival until the card came back (a visit typed in later, or corrected into another's time).
      if (touches(ctx.changed, ['guestCardId', 'arrivedAt', 'cardReturnedAt', 'leftAt'])) {
        // A card that came back with its visitor moves with a correction of when they left (systemColumns): asked as it will be (a probe).
        const before = ctx.selfId ? ctx.store.rowById(VISITS, ctx.selfId) : undefined;
        const moves = before && ctx.changed !== 'all' && ctx.changed.has('leftAt') && before.card_returned_at !== null && before.card_returned_at === before.left_at && r.leftAt;
        const until = moves ? r.leftAt : (r.cardReturnedAt ?? (ctx.selfId === null ? 'unknown' : null));
        refuseOverlap(ctx.store, CARD_USE, { thingId: r.guestCardId, from: r.arrivedAt, until, selfId: ctx.selfId, field: moves ? 'leftAt' : undefined });
      }
    },
    // The card goes out with its visitor, in the same act (checked again inside the transaction).
    alsoWrite: (tx, record, ctx) => {
      if (ctx.verb !== 'add' || !record.guestCardId) {
        // A visit voided as a mistake gives its card back.
        if (ctx.verb === 'void' && record.guestCardId && record.cardReturnedAt === null) setCardState(tx, record.guestCardId, 'lent', 'in_stock', ctx);
        return;
      }
      const card = cardRow(tx, record.guestCardId);
      if (card?.state !== 'in_stock') throw new DaichoError('conflict', 'visitors.errors.card_not_available', 'guestCardId', { state: `visitors.cards.values.state.${String(card?.state)}` });
      tx.update(CARDS, record.guestCardId, { state: 'lent', amended_at: tx.now }, { action: ctx.action });
    },
    // When the sign-out was recorded (migration 19): with the time it gives, the book at the end of the day.
    // A card that came back with its visitor comes back when they left: a correction of the time they
    // left moves it too (the review found a sign-out clicked at 10:00, corrected to 09:50, holding the
    // card until 10:00 against the next visitor's true arrival).
    systemColumns: (record, ctx) => {
      const closing = leftRecorded(record, ctx);
      const before = ctx.before;
      const moves = ctx.verb === 'amend' && before && before.cardReturnedAt !== null && before.cardReturnedAt === before.leftAt && record.leftAt && record.leftAt !== before.leftAt;
      return moves ? { ...closing, card_returned_at: new Date(record.leftAt!).toISOString() } : closing;
    },
    closing: LEFT_CLOSING,
    // Business hours end after they start; the representatives are people of the register, each once (an employee number no one has is a typing mistake).
    checkSettings: (v, ctx) => {
      if (parseTimeOfDay(String(v.businessEnd)) <= parseTimeOfDay(String(v.businessStart))) throw new DaichoError('invalid_input', 'visitors.errors.hours_order', 'changes.businessEnd');
      const seen = new Set<string>();
      (v.representatives as string[]).forEach((no, i) => {
        const person = ctx.store.stmt('SELECT name, active FROM people WHERE upper(employee_no) = upper(?)').get(no) as { name: string; active: number } | undefined;
        if (!person) throw new DaichoError('invalid_input', 'visitors.errors.representative_unknown', `changes.representatives.${i}`, { no });
        if (person.active !== 1) throw new DaichoError('invalid_input', 'errors.person_left', `changes.representatives.${i}`, { name: person.name });
        if (seen.has(no.toUpperCase())) throw new DaichoError('invalid_input', 'visitors.errors.representative_twice', `changes.representatives.${i}`, { no });
        seen.add(no.toUpperCase());
      });
    },
    anomalies: (r, ctx, row) => {
      const site = ctx.site(r.siteId, r.arrivedAt);
      // Before migration 37's instant, as that version judged: the end of the day alone.
      const whole = Date.parse(r.arrivedAt) >= hoursRuleFrom(ctx);
      const hours = whole ? { start: site.businessStart, end: site.businessEnd, businessDay: ctx.calendar(r.siteId).isBusinessDay(jstDate(r.arrivedAt)) } : { start: '00:00', end: site.businessEnd, businessDay: true };
      const found = visitAnomalies({ ...r, leftRecordedAt: row[LEFT_RECORDED_COLUMN] as string | null | undefined }, hours, ctx.now).map((a) =>
        // Why it was raised, under it: the day's hours and when the visitor left (a user probe: 「営業時間外に館内」 at
        // 11:46, the arrival, and the sign-out at 20:40 only in the record's history). Not for the rule before migration 37.
        a.code === 'inside_after_hours' && whole ? { ...a, facts: hoursFacts(hours, r.leftAt) } : a,
      );
      // The card not back and reported lost since: when, and what happened, under it (the review, the paper, the row).
      const lost = r.guestCardId && r.leftAt && !r.cardReturnedAt && cardRow(ctx.store, r.guestCardId)?.state === 'lost' ? cardLoss(ctx.store, r.guestCardId) : null;
      // Written more than a day after the visit (from migration 51's instant on): when, under it.
      const late = r.recordedAt !== undefined && Date.parse(r.recordedAt) >= lateRuleFrom(ctx) ? recordedLate(jstDate(r.arrivedAt), r.recordedAt) : null;
      const all = late ? [...found, { ...late, facts: [{ term: 'recordedAt' as const, values: [{ at: r.recordedAt! }] }] }] : found;
      return lost ? all.map((a) => (a.code === 'card_not_returned' ? { ...a, facts: lost } : a)) : all;
    },
  },
  { contract: visitorsContract },
);

/** A visit's business hours that day (or that it was not a business day) and when the visitor left, for the review. */
function hoursFacts(hours: { start: string; end: string; businessDay: boolean }, leftAt: string | null): ReviewFact[] {
  return [
    businessHoursFact(hours.start, hours.end, hours.businessDay),
    { term: 'leftAt', values: [leftAt ? { at: leftAt } : { key: 'review.factValues.notLeft' }] },
  ];
}

visitorsModule.handlers['visitors.signOut'] = (ctx: HandlerContext, { id, leftAt, cardReturned }: { id: string; leftAt?: string; cardReturned: boolean }) => {
  const v = visitorsModule.getLive(ctx, id);
  if (v.leftAt !== null) throw new DaichoError('conflict', 'visitors.errors.already_left', 'id');
  // A visit of an earlier day is signed out with the time the visitor left, never now by default (a user
  // probe recorded a visit of three days with one key; a dashboard left open past midnight would too).
  if (!leftAt && arrivedEarlierDay(v, ctx.now)) throw new DaichoError('invalid_input', 'visitors.errors.left_at_needed', 'leftAt');
  const at = leftAt ? new Date(leftAt).toISOString() : ctx.now.toISOString();
  if (Date.parse(at) < Date.parse(v.arrivedAt)) throw new DaichoError('invalid_input', 'visitors.errors.left_before_arrival', 'leftAt');
  refuseFuture(ctx.now, at, 'leftAt');
  // The card back with them: its whole period now known. Not back: still held when they left, so lent
  // to no one before then (a probe: a paper slip typed in after the card's next visitor, signed out at
  // now without it, held the card for good — its return could only come after the next lending).
  if (cardReturned) refuseOverlap(ctx.store, CARD_USE, { thingId: v.guestCardId, from: v.arrivedAt, until: at, selfId: v.id, field: 'leftAt' });
  else refuseOverlap(ctx.store, { ...CARD_USE, message: 'visitors.errors.card_lent_before_sign_out' }, { thingId: v.guestCardId, from: v.arrivedAt, until: at, selfId: v.id, field: 'leftAt' });
  const action = 'visitors.sign_out';
  ctx.store.write(ctx.actor(), (tx) => {
    const returned = cardReturned && v.guestCardId !== null;
    tx.update(VISITS, id, { left_at: at, [LEFT_RECORDED_COLUMN]: tx.now, ...(returned ? { card_returned_at: at } : {}) }, { action });
    if (returned) setCardState(tx, v.guestCardId!, 'lent', 'in_stock', { action });
  });
  return visitorsModule.get(ctx, id);
};

visitorsModule.handlers['visitors.returnCard'] = (ctx: HandlerContext, { id, returnedAt }: { id: string; returnedAt?: string }) => {
  const v = visitorsModule.getLive(ctx, id);
  // A slip that never had a card, or whose card is back already, says so (as reportCardLost does), not "nothing changed".
  if (!v.guestCardId || v.cardReturnedAt !== null) throw new DaichoError('conflict', 'visitors.errors.no_card_out', 'id');
  // The card comes back when the visitor leaves: returned while they are still inside, it could be lent to a second visitor at once (an insider probe).
  if (v.leftAt === null) throw new DaichoError('conflict', 'visitors.errors.card_return_before_sign_out', 'id');
  // When it came back (now by default): a card handed in at 16:00 and typed in at 17:30 is back at 16:00,
  // not before its visitor left (it was with them), nor ahead of now.
  const at = returnedAt ? new Date(returnedAt).toISOString() : ctx.now.toISOString();
  if (Date.parse(at) < Date.parse(v.leftAt)) throw new DaichoError('invalid_input', 'visitors.errors.card_back_before_left', 'returnedAt');
  refuseFuture(ctx.now, at, 'returnedAt');
  // A card reported lost and found: found after it was reported lost (a review: typed back before the report).
  if (cardRow(ctx.store, v.guestCardId)?.state === 'lost') {
    const reported = ctx.store.stmt("SELECT max(at) AS at FROM journal WHERE kind = 'row' AND entity = 'guest_cards' AND entity_id = ? AND action = 'visitors.report_card_lost'").get(v.guestCardId) as { at: string | null };
    // To the minute, as a time is typed: found in the minute it was reported lost is after it.
    if (reported.at && Date.parse(at) < Date.parse(toMinute(reported.at))) throw new DaichoError('invalid_input', 'visitors.errors.card_back_before_lost', 'returnedAt');
  }
  refuseOverlap(ctx.store, CARD_USE, { thingId: v.guestCardId, from: v.arrivedAt, until: at, selfId: v.id, field: returnedAt ? 'returnedAt' : 'id' });
  const action = 'visitors.return_card';
  ctx.store.write(ctx.actor(), (tx) => {
    tx.update(VISITS, id, { card_returned_at: at }, { action });
    // Lent, or reported lost and found since; a card retired meanwhile (lost, and a new one of its
    // number made) stays out of the stock: the slip says it came back, the register that it is
    // retired (an insider probe: two G-05 in stock, the retired one among them).
    if (cardRow(tx, v.guestCardId!)?.status !== 'void') setCardState(tx, v.guestCardId!, ['lent', 'lost'], 'in_stock', { action });
  });
  return visitorsModule.get(ctx, id);
};

/**
 * A card return recorded by mistake is taken back, with its reason (SPEC §3: corrected, never lost):
 * the slip says the card not returned again and the card is lent again — only while the card is in
 * stock and no later visit has had it (a walk-through: one click on 退館・カード返却 recorded a return
 * no one saw, and nothing on the slip could correct it).
 */
visitorsModule.handlers['visitors.undoCardReturn'] = (ctx: HandlerContext, { id, reason }: { id: string; reason: string }) => {
  const v = visitorsModule.getLive(ctx, id);
  if (!v.guestCardId || v.cardReturnedAt === null) throw new DaichoError('conflict', 'visitors.errors.no_card_back', 'id');
  const card = v.names.guestCardId ?? '';
  const action = 'visitors.undo_card_return';
  ctx.store.write(ctx.actor(), (tx) => {
    // Judged inside the act: nothing can lend the card between the check and the write.
    const since = tx.stmt("SELECT 1 FROM visitor_visits WHERE guest_card_id = ? AND status = 'valid' AND id <> ? AND arrived_at >= ? LIMIT 1").get(v.guestCardId, v.id, v.cardReturnedAt);
    if (since) throw new DaichoError('conflict', 'visitors.errors.card_lent_since', 'id', { card });
    const row = cardRow(tx, v.guestCardId!);
    if (!row || row.status === 'void' || row.state !== 'in_stock') throw new DaichoError('conflict', 'visitors.errors.card_not_in_stock', 'id', { card });
    tx.update(VISITS, id, { card_returned_at: null }, { action, reason });
    // Back as it was before the return: lent, or lost where it had been reported lost since the visit
    // began and the return was its finding (a review: a lost card came back as lent).
    const reportedLost = tx
      .stmt("SELECT 1 FROM journal WHERE kind = 'row' AND entity = 'guest_cards' AND entity_id = ? AND action = 'visitors.report_card_lost' AND at >= ? LIMIT 1")
      .get(v.guestCardId, v.arrivedAt);
    setCardState(tx, v.guestCardId!, 'in_stock', reportedLost ? 'lost' : 'lent', { action, reason });
  });
  return visitorsModule.get(ctx, id);
};

/**
 * SPEC §4.5: the visitor left without giving the card back, and it is not found: the card is 紛失, with
 * the reason (an insider probe: the only way to free the card was to record it returned). The slip
 * keeps its card not returned (its anomaly stays for the review); found later, its return is recorded
 * on the slip as any late return.
 */
visitorsModule.handlers['visitors.reportCardLost'] = (ctx: HandlerContext, { id, reason }: { id: string; reason: string }) => {
  const v = visitorsModule.getLive(ctx, id);
  if (!v.guestCardId || v.cardReturnedAt !== null) throw new DaichoError('conflict', 'visitors.errors.no_card_out', 'id');
  if (v.leftAt === null) throw new DaichoError('conflict', 'visitors.errors.card_lost_before_sign_out', 'id');
  const action = 'visitors.report_card_lost';
  ctx.store.write(ctx.actor(), (tx) => {
    if (cardRow(tx, v.guestCardId!)?.state === 'lost') throw new DaichoError('conflict', 'visitors.errors.card_already_lost', 'id');
    setCardState(tx, v.guestCardId!, 'lent', 'lost', { action, reason });
  });
  return visitorsModule.get(ctx, id);
};

/**
 * A card's history names the visit each of its acts was about (a probe: lent, returned and lost, and
 * never to whom): the slip written in the same act (the same transaction: rows next to each other in
 * the journal), or, for a loss report (the card's row only), the visit holding the card then.
 */
const cardHistory = guestCardsModule.handlers['guestCards.history'] as (ctx: HandlerContext, input: { id: string }) => HistoryEntry[];
guestCardsModule.handlers['guestCards.history'] = (ctx: HandlerContext, input: { id: string }): HistoryEntry[] => {
  const sameAct = ctx.store
    .stmt(
      `SELECT j.entity_id FROM journal j JOIN ${VISITS} v ON v.id = j.entity_id
       WHERE j.kind = 'row' AND j.entity = ? AND j.seq BETWEEN ? AND ? AND j.at = ? AND j.actor = ? AND j.action = ? AND v.guest_card_id = ?
       ORDER BY abs(j.seq - ?) LIMIT 1`,
    )
    .pluck();
  const holding = ctx.store.stmt("SELECT id FROM visitor_visits WHERE guest_card_id = ? AND status = 'valid' AND arrived_at <= ? AND (card_returned_at IS NULL OR card_returned_at >= ?) ORDER BY arrived_at DESC LIMIT 1").pluck();
  return cardHistory(ctx, input).map((e) => {
    if (!e.action.startsWith('visitors.')) return e;
    const visitId = (sameAct.get(VISITS, e.seq - 8, e.seq + 8, e.at, e.actor, e.action, input.id, e.seq) ?? (e.action === 'visitors.report_card_lost' ? holding.get(input.id, e.at, toMinute(e.at)) : undefined)) as string | undefined;
    const visit = visitId ? ctx.store.rowById(VISITS, visitId) : undefined;
    if (!visit) return e;
    const erased = !!visit.personal_erased_at;
    return { ...e, about: { text: erased ? null : [visit.name, visit.company].filter(Boolean).join(' / '), erased } };
  });
};

/**
 * A slip's history with its guest card's loss report in its place (a walk-through: the report was
 * only in the card's history, so the slip's story ended at "not returned" and then "returned").
 * A report belongs to the visit that held the card then: its slip's version before the report has
 * that card, the visitor gone and the card not back (one visit holds a card at a time, CARD_USE).
 */
const slipHistory = visitorsModule.handlers['visitors.history'] as (ctx: HandlerContext, input: { id: string }) => HistoryEntry[];
visitorsModule.handlers['visitors.history'] = (ctx: HandlerContext, input: { id: string }): HistoryEntry[] => {
  const slip = slipHistory(ctx, input);
  const cards = new Set(slip.map((e) => e.after?.guest_card_id).filter((c): c is string => typeof c === 'string'));
  const acts: HistoryEntry[] = [];
  for (const card of cards) {
    const reports = ctx.store.history(CARDS, card).filter((r) => {
      if (r.action !== 'visitors.report_card_lost') return false;
      const then = slip.filter((e) => e.seq < r.seq && e.after !== null).at(-1)?.after;
      return !!then && then.guest_card_id === card && then.status === 'valid' && then.left_at != null && then.card_returned_at == null;
    });
    if (reports.length) acts.push(...historyOf(ctx, CARDS, card, reports).map((e): HistoryEntry => ({ ...e, before: null, after: null, erased: [], act: true })));
  }
  return acts.length ? [...slip, ...acts].sort((a, b) => a.seq - b.seq) : slip;
};

visitorsModule.handlers['visitors.inside'] = (ctx: HandlerContext, { siteId }: { siteId?: string }): Visit[] => {
  const where = ["status = 'valid'", 'left_at IS NULL'];
  const params: Record<string, string> = {};
  const sites = siteFilter(ctx, siteId);
  if (sites) {
    where.push(sites.where);
    Object.assign(params, sites.params);
  }
  return visitorsModule.select(ctx, where.join(' AND '), params, 'arrived_at, id');
};

/** Art. 9 in the monthly review: the visitor's host, escort and whoever let them go unescorted took part in the visit. */
visitorsModule.review = {
  ...visitorsModule.review,
  involves: 'host_id = @person OR escort_id = @person OR designated_by = @person',
  // Still inside, or gone with the card.
  open: VISIT_OPEN,
};
