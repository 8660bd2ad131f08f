import { z } from 'zod';
import { method } from '../api/kit';
import { filledText, id, line, optionalText, page, reason, type Paged, msg } from '../api/schemas';
import { shownVersion, type LedgerDefinition } from './kit';

// SPEC §4.1: the people register.
export interface Person {
  id: string;
  name: string;
  kana: string;
  employeeNo: string;
  department: string;
  siteId: string;
  siteName: string;
  active: boolean;
  cardNo: string | null;
  serverRoomAuthorized: boolean;
  createdAt: string;
  /** The journal sequence number of the last act on what the register shows of them: sent back with a correction (people.amend). */
  version: number;
}

export const personFields = z
  .object({
    // Not a placeholder (a review: a person named ー of department - was taken).
    name: filledText(60),
    // Half-width ｶﾅ kept full-width (it sorted after ワ), and at least one kana (ーー or ・ alone read as nothing): a bad-input probe.
    // Hiragana typed for the reading kept as katakana, as the field says (a walk-through: 「てすと たろう」 was kept and sorted apart).
    kana: line()
      .overwrite((v) => v.normalize('NFKC').replace(/[\u3041-\u3096\u309d\u309e]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60)))
      .trim()
      .min(1, msg('errors.field.required'))
      .max(60, msg('errors.field.too_long'))
      .regex(/^[\p{Script=Katakana}\p{Script=Hiragana}ー・\s]+$/u, msg('people.errors.kana'))
      .refine((v) => /[\p{Script=Katakana}\p{Script=Hiragana}]/u.test(v), msg('people.errors.kana')),
    employeeNo: line().trim().min(1, msg('errors.field.required')).regex(/^[A-Za-z0-9-]{1,20}$/, msg('people.errors.employee_no')),
    department: filledText(60),
    siteId: id,
    // Kept in capitals: a reader types a card's number in one case or the other, and it is one card.
    cardNo: optionalText(32)
      .refine((v) => v === null || /^[A-Za-z0-9]{4,32}$/.test(v), msg('people.errors.card_no'))
      .transform((v) => v?.toUpperCase() ?? null),
    serverRoomAuthorized: z.boolean(),
  })
  .strict();

export type PersonFields = z.output<typeof personFields>;

export const PEOPLE_SORTS = ['kana', 'employeeNo', 'department', 'site', 'createdAt'] as const;

const READERS = ['clerk', 'site_head', 'safety_manager', 'sysadmin'] as const;
const KEEPERS = ['clerk', 'safety_manager'] as const;

/**
 * The register as the ledger kit knows it (shared/ledgers/kit.ts): the columns of `people`. A person
 * is active or not (never voided); their card and server-room authorization are rows of other tables
 * (`door_credentials`, `authorizations`), written with the person by the register's own methods. Its
 * API is its own (the contract below), registered with it in shared/ledgers/index.ts.
 */
export const peopleDefinition = {
  key: 'people',
  table: 'people',
  i18n: 'people',
  fields: [
    { key: 'name', column: 'name', type: { kind: 'text', max: 60 }, required: true, label: 'people.fields.name' },
    { key: 'kana', column: 'kana', type: { kind: 'text', max: 60 }, required: true, label: 'people.fields.kana' },
    { key: 'employeeNo', column: 'employee_no', type: { kind: 'text', max: 20, verbatim: true, code: true }, required: true, label: 'people.fields.employeeNo' },
    { key: 'department', column: 'department', type: { kind: 'text', max: 60 }, required: true, label: 'people.fields.department' },
    { key: 'siteId', column: 'site_id', type: { kind: 'ref', table: 'sites', nameColumn: 'name' }, required: true, label: 'people.fields.site' },
    // Set by leaving and returning (people.setActive), with a reason.
    { key: 'active', column: 'active', type: { kind: 'boolean' }, required: true, label: 'people.fields.active', create: false, amendable: false },
  ],
  siteField: 'siteId',
  sorts: ['kana', 'employeeNo', 'department'],
  filters: [{ key: 'active', field: 'active', kind: 'equals' }],
  anomalyCodes: [],
  access: { read: READERS, write: KEEPERS },
} as const satisfies LedgerDefinition;

export const peopleContract = {
  'people.list': method<Paged<Person>>()({
    input: page
      .extend({
        siteId: id.optional(),
        search: line().trim().max(60, msg('errors.field.too_long')).optional(),
        active: z.enum(['active', 'inactive', 'all']).default('active'),
        sort: z.enum(PEOPLE_SORTS).default('kana'),
        desc: z.boolean().default(false),
      })
      .strict(),
    // Staff: their own entry alone (the pickers of their own records).
    access: [...READERS, 'staff'],
    // A search of the register (former employees too) over the years: in the reader worker.
    inReader: true,
  }),
  'people.get': method<Person>()({ input: z.object({ id }).strict(), access: READERS }),
  'people.add': method<Person>()({ input: personFields, access: KEEPERS }),
  'people.amend': method<Person>()({
    input: z.object({ id, changes: personFields.partial().strict(), reason, version: shownVersion }).strict(),
    access: KEEPERS,
  }),
  'people.setActive': method<Person>()({
    input: z.object({ id, active: z.boolean(), reason }).strict(),
    access: KEEPERS,
  }),
} as const;
