import { peopleContract, peopleDefinition, type Person } from '../../../../shared/ledgers/people';
import type { Handlers } from '../../context';
import { DOOR_CREDENTIALS_TABLE } from '../server-room/door-credentials';
import { readAgain, recordBook, type RecordBook } from '../kit/record-book';
import { cardShownTo, PERSON_SELECT, seesCards, peopleHandlers, toPerson, type PersonRow } from './handlers';

// SPEC §4.1 the people register as a module of the ledger registry (ledgers/registry.ts), on the kit's
// record book: its definition (shared/ledgers/people.ts) gives the list (site, active or not, search,
// sort, paging) and get; the register's API is its own — a person with their site's name, card number
// and server-room authorization. Its own methods write a person with their card and authorization in
// one act, and set them active or not (./handlers.ts); a person's history is shown whole
// (./history.ts). Its table's migrations (2, 5, 7) are among the core's (store/migrations.ts).

type Book = RecordBook<typeof peopleDefinition, Person>;

const book: Book = recordBook(peopleDefinition, {}, {
  contract: peopleContract,
  own: {
    present: (ctx, rows) => readAgain<PersonRow>(ctx.store, rows, PERSON_SELECT, 'p.id').map(toPerson),
    sorts: { site: '(SELECT s.sort_order FROM sites s WHERE s.id = people.site_id)', createdAt: 'people.created_at' },
    tieBreak: 'people.employee_no',
    // A card number whole (cards are letters and digits: a search with a LIKE escape in it names none).
    // Only for those who see card numbers whole (cardShownTo): to the others a search would confirm a guessed card (a review).
    search: (ctx) => (seesCards(ctx.session) ? [`people.id IN (SELECT c.person_id FROM ${DOOR_CREDENTIALS_TABLE} c WHERE upper(c.card_no) = upper(substr(@search, 2, length(@search) - 2)))`] : []),
    messages: { notFound: 'people.errors.not_found' },
    handlers: {
      ...peopleHandlers,
      // A person is never voided (status 'all'); active or not is the `active` column's 1 or 0 (the filter's value, compared as a number by SQLite).
      // A card number whole only to the register's keepers (cardShownTo).
      'people.list': ((ctx, { active, ...q }) => {
        const page = book.list(ctx, { ...q, status: 'all', anomaliesOnly: false, active: active === 'active' ? '1' : active === 'inactive' ? '0' : undefined });
        const card = cardShownTo(ctx.session);
        return { ...page, rows: page.rows.map((p) => ({ ...p, cardNo: card(p.cardNo) })) };
      }) satisfies Handlers<'people.list'>['people.list'],
      'people.get': ((ctx, { id }) => {
        const p = book.get(ctx, id);
        return { ...p, cardNo: cardShownTo(ctx.session)(p.cardNo) };
      }) satisfies Handlers<'people.get'>['people.get'],
    } satisfies Handlers<keyof typeof peopleContract> as unknown as Book['handlers'],
  },
});

export const peopleModule: Book = book;
