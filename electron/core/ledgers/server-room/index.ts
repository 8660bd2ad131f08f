import { SERVER_ROOM_COMPLETED_BY, serverRoomContract, serverRoomDefinition, type ServerRoomStay, type StoredCompanions } from '../../../../shared/ledgers/serverRoom';
import type { Handlers } from '../../context';
import type { Row } from '../../store/store';
import { getAccount, rolesOf } from '../../auth/accounts-repo';
import { readAgain, recordBook, type RecordBook } from '../kit/record-book';
import { searchedColumn } from '../kit/record-list';
import { serverRoomHandlers } from './handlers';
import { companionChangeWords, purposeWords, serverRoomSheet } from './print';
import { reviewMonthItems, reviewRecords, reviewRecordsById } from './review';
import { checkStay, type StayDraft } from './rules';
import { AUTHORIZATIONS_TABLE } from '../people/authorizations';
import { DOOR_CREDENTIALS_TABLE } from './door-credentials';
import type { JournaledTable } from '../../store/migrations';
import { settingsReader } from './settings';
import { purposeLabelAt, anomaliesOf, companionFacts, companionsJson, exitRecorded, overlapPartners, STAY_CLOSING, STAY_SELECT, stayParties, toStays, type StayFactsRow, type StayListRow } from './repo';

// SPEC §4.1 サーバルーム入退記録簿 as a module of the ledger registry (ledgers/registry.ts), on the
// kit's record book: its definition (shared/ledgers/serverRoom.ts) gives the list (filters, month,
// site, search, sort, paging, anomalies only), get and void; the book's own API — stays with their
// person, site, purpose and companions by name, a list input of its own — is given here. Its own
// methods are the desk's recording of stays and exits, its corrections (rules of a whole stay), who is
// inside, the PIN's and the door terminal's (./handlers.ts), its part of the monthly review and its
// month on paper. Its tables' migrations (3, 5, 7) are among the core's (store/migrations.ts): they
// shipped with the core's own changes.

type Book = RecordBook<typeof serverRoomDefinition, ServerRoomStay>;

/** Table rows → stays as the API gives them (read again by id, with the names a stay shows). */
function present(ctx: Parameters<Book['select']>[0], rows: Row[]): ServerRoomStay[] {
  return toStays(ctx.store, ctx.settings, readAgain<StayListRow>(ctx.store, rows, STAY_SELECT, 's.id'), ctx.now);
}


const book: Book = recordBook(
  serverRoomDefinition,
  {
    // Judged together: a stay overlapping another of the same person, a stay still open after its day.
    anomaliesOfRows: (rows, ctx) => anomaliesOf(ctx.store, ctx.settings, rows as unknown as StayFactsRow[], ctx.now),
    // A correction is checked as a whole stay; rules about the state of the world apply to what it changes.
    check: (r, ctx) => checkStay(ctx.store, ctx.settings, r as unknown as StayDraft, { selfId: ctx.selfId, now: ctx.now, changed: ctx.changed as ReadonlySet<keyof StayDraft> | 'all' }),
    // Its companions and visitors' escorts are parties to it, as its person is: they do not correct or void it.
    parties: (row) => stayParties(row as unknown as StayFactsRow),
    // When the exit was recorded (kit/closing.ts): set when a correction closes an open stay, cleared when one reopens it;
    // and what the rules read of the companions, kept past their erasure (repo.ts companionFacts).
    systemColumns: (record, ctx) => ({
      ...exitRecorded(record, ctx),
      ...(record.companions === undefined ? {} : { companion_facts: companionFacts(companionsJson(record.companions as StoredCompanions)) }),
    }),
    closing: STAY_CLOSING,
  },
  {
    contract: serverRoomContract,
    own: {
      present,
      sorts: {
        person: '(SELECT p.kana FROM people p WHERE p.id = server_room_stays.person_id)',
        site: '(SELECT si.sort_order FROM sites si WHERE si.id = server_room_stays.site_id)',
        recordedAt: 'server_room_stays.recorded_at',
      },
      // A person by name, reading or employee number; a companion or visitor by name or company.
      // The person entering is found by the kit's search through its reference (record-list.ts refSearches); the companions here.
      search: [searchedColumn('server_room_stays.companions')],
      messages: { notFound: 'serverRoom.errors.not_found', voided: 'serverRoom.errors.voided', erased: 'serverRoom.errors.erased' },
      // checkStay names an unknown site or person, and a time in the future, as the desk's recording does.
      checksFields: true,
      handlers: {
        ...serverRoomHandlers,
        'serverRoom.list': ((ctx, { state, includeVoid, ...q }) =>
          book.list(ctx, { ...q, status: includeVoid ? 'all' : 'valid', exited: state === 'open' ? 'unset' : state === 'closed' ? 'set' : undefined })) satisfies Handlers<'serverRoom.list'>['serverRoom.list'],
        'serverRoom.get': ((ctx, { id }) => book.get(ctx, id)) satisfies Handlers<'serverRoom.get'>['serverRoom.get'],
        'serverRoom.void': ((ctx, { id, reason, version }) => book.voidRecord(ctx, id, reason, version)) satisfies Handlers<'serverRoom.void'>['serverRoom.void'],
        // serverRoom.amend is the book's own (its input, { id, changes, reason }, is the kit's).
      } satisfies Handlers<Exclude<keyof typeof serverRoomContract, 'serverRoom.amend'>> as unknown as Book['handlers'],
    },
  },
);

/** A register change that holds at every site's server room: an item of each site's review. */
function everySite(ctx: { store: { stmt(sql: string): { all(): unknown[] } } }, code: string, personId: string) {
  const sites = ctx.store.stmt('SELECT id FROM sites ORDER BY sort_order').all() as { id: string }[];
  return sites.map((site) => ({ siteId: site.id, code, params: { personId } }));
}

export const serverRoomModule: Book = {
  ...book,
  review: {
    // Art. 13(1): the safety manager checks the book every month; a site head's 確認 does not do it for her.
    completedBy: SERVER_ROOM_COMPLETED_BY,
    records: reviewRecords,
    recordsById: reviewRecordsById,
    monthItems: reviewMonthItems,
    // A door terminal's refused or conflicting record is about its person (its subject is the delivery).
    monthInvolves: 'EXISTS (SELECT 1 FROM door_deliveries WHERE id = @subject AND person_id = @person)',
    partners: (ctx, row) => overlapPartners(ctx.store, row as unknown as StayFactsRow, ctx.now),
    open: 'exited_at IS NULL',
    // Went in with it, as a companion or as a visitor's escort.
    involves: `EXISTS (SELECT 1 FROM json_each(coalesce(companions, companion_facts), '$.employees') e WHERE json_extract(e.value, '$.personId') = @person)
      OR EXISTS (SELECT 1 FROM json_each(coalesce(companions, companion_facts), '$.visitors') v WHERE json_extract(v.value, '$.escortPersonId') = @person)`,
    // A grant of the server-room authorization: the person's entries from then on are not flagged (found
    // by an insider probe: granted for half an hour around an entry, then ended, and the month reviewed
    // clean). It holds at every site's server room, so it is an item of every site's review, for the
    // month it was granted (the read-through: an Osaka person granted, entering the head office's room).
    registerChange: [
      {
        table: AUTHORIZATIONS_TABLE as JournaledTable,
        judgeNew: (ctx, row, action, actor) => {
          if (row.area !== 'server_room') return null;
          if (action !== 'people.add') return everySite(ctx, 'authorization_granted', String(row.person_id));
          // A person registered with it by a clerk is a grant too: an entry of theirs from before the
          // registration is judged as at it (anomalies.ts wasAuthorized), so a probe registered someone,
          // authorized, an hour after their own entry and recorded it at once, and nothing said so.
          // Registered so by a safety manager, the one who reviews it: their register entry is the record.
          const by = getAccount(ctx.store, actor);
          if (by && rolesOf(by).includes('safety_manager')) return null;
          return everySite(ctx, 'registered_authorized', String(row.person_id));
        },
      },
      // A card given to a person (a new number): the door lets whoever holds it in as them, at every site.
      // A probe: an administrator made a clerk account alone, gave an employee a card of his own, and went
      // in at the door as that employee — the review of the month now asks who gave it and why.
      {
        table: DOOR_CREDENTIALS_TABLE as JournaledTable,
        judge: (ctx, before, after) => (after.card_no && String(after.card_no).toUpperCase() !== String(before.card_no ?? '').toUpperCase() ? everySite(ctx, 'card_changed', String(after.person_id)) : null),
        judgeNew: (ctx, row, action) => (row.card_no && action !== 'people.add' ? everySite(ctx, 'card_changed', String(row.person_id)) : null),
      },
    ],
  },
  print: {
    body: serverRoomSheet,
    // A purpose by its label as the stay was written (the code is what is stored); companions by name.
    changeValue: (env, column, value, row, lang) =>
      column === 'purpose'
        ? purposeWords(String(value), purposeLabelAt(settingsReader(env.settings), String(row.site_id), String(value), String(row.entered_at), String(row.recorded_at)), lang)
        : column === 'companions'
          ? companionChangeWords(env, value, lang)
          : null,
  },
};
