import { peopleContract, peopleDefinition, type Person } from '../../../../shared/ledgers/people';
import type { Handlers } from '../../context';
import { DOOR_CREDENTIALS_TABLE } from '../server-room/door-credentials';
import { readAgain, recordBook, type RecordBook } from '../kit/record-book';
import { getPerson, PERSON_SELECT, seesCards, peopleHandlers, shownPerson, toPerson, type PersonRow } from './handlers';
import { requireSession } from '../../context';
import { getAccount } from '../../auth/accounts-repo';
import { searchFold, searchForms } from '../../../../shared/search';

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
    // A card number only by what the register shows of it (shownCard: its last four), exactly, to those
    // who issue cards (seesCards). Never whole: a search is no refusal that could be counted, and a
    // whole number found confirmed a guess, as often as asked (insider probes: a site head, then a clerk).
    // Cards are letters and digits: a search with a LIKE escape in it names none.
    search: (ctx) =>
      seesCards(ctx.session)
        ? [`people.id IN (SELECT c.person_id FROM ${DOOR_CREDENTIALS_TABLE} c WHERE length(c.card_no) >= 4
            AND upper(substr(c.card_no, -min(4, length(c.card_no) / 2))) = upper(substr(@search, 2, length(@search) - 2)))`]
        : [],
    messages: { notFound: 'people.errors.not_found' },
    handlers: {
      ...peopleHandlers,
      // A person is never voided (status 'all'); active or not is the `active` column's 1 or 0 (the filter's value, compared as a number by SQLite).
      // A card number only by its last four (shownCard).
      'people.list': ((ctx, { active, ...q }) => {
        // Staff read no one's entry but their own: the pickers of their own records offer them alone
        // (a walk-through: every person field found no one, not even themselves, so a cleared 開錠者
        // could not be put back and 施錠者 could not be filled in).
        const session = requireSession(ctx);
        if (!session.roles.some((r) => peopleDefinition.access.read.includes(r as never))) {
          const own = getAccount(ctx.store, session.accountId)?.person_id ?? null;
          const me = own ? getPerson(ctx.store, own) : null;
          const rows = me && (active === 'all' || me.active === (active === 'active')) && matches(me, q.search) ? [shownPerson(me)] : [];
          return { rows: q.page === 0 ? rows : [], total: rows.length, page: q.page, pageSize: q.pageSize };
        }
        const page = book.list(ctx, { ...q, status: 'all', anomaliesOnly: false, active: active === 'active' ? '1' : active === 'inactive' ? '0' : undefined });
        return { ...page, rows: page.rows.map(shownPerson) };
      }) satisfies Handlers<'people.list'>['people.list'],
      'people.get': ((ctx, { id }) => {
        return shownPerson(book.get(ctx, id));
      }) satisfies Handlers<'people.get'>['people.get'],
    } satisfies Handlers<keyof typeof peopleContract> as unknown as Book['handlers'],
  },
});

/** Does a search (as typed: かな or カナ, full-width or not, any case) find the person by name, kana or number? */
function matches(p: Person, search: string | undefined): boolean {
  const forms = searchForms(search ?? '').map((f) => f.toLowerCase());
  if (forms.length === 0) return true;
  const said = [p.name, p.kana, p.employeeNo].map((v) => searchFold(v).toLowerCase());
  return forms.some((f) => said.some((v) => v.includes(f)));
}

export const peopleModule: Book = book;
