import { z } from 'zod';
import { method } from '../api/kit';
import { id, line, optionalText, page, reason, text, type Paged, msg } from '../api/schemas';

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
}

export const personFields = z
  .object({
    name: text(60),
    kana: line()
      .trim()
      .min(1, msg('errors.field.required'))
      .max(60, msg('errors.field.too_long'))
      .regex(/^[\p{Script=Katakana}\p{Script=Hiragana}ー・\s]+$/u, msg('people.errors.kana')),
    employeeNo: line().trim().regex(/^[A-Za-z0-9-]{1,20}$/, msg('people.errors.employee_no')),
    department: text(60),
    siteId: id,
    cardNo: optionalText(32).refine((v) => v === null || /^[A-Za-z0-9]{4,32}$/.test(v), msg('people.errors.card_no')),
    serverRoomAuthorized: z.boolean(),
  })
  .strict();

export type PersonFields = z.output<typeof personFields>;

export const PEOPLE_SORTS = ['kana', 'employeeNo', 'department', 'site', 'createdAt'] as const;

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
    access: ['clerk', 'site_head', 'safety_manager', 'sysadmin'],
  }),
  'people.get': method<Person>()({ input: z.object({ id }).strict(), access: ['clerk', 'site_head', 'safety_manager', 'sysadmin'] }),
  'people.add': method<Person>()({ input: personFields, access: ['clerk', 'safety_manager'] }),
  'people.amend': method<Person>()({
    input: z.object({ id, changes: personFields.partial().strict(), reason }).strict(),
    access: ['clerk', 'safety_manager'],
  }),
  'people.setActive': method<Person>()({
    input: z.object({ id, active: z.boolean(), reason }).strict(),
    access: ['clerk', 'safety_manager'],
  }),
} as const;
