import { readsAlike } from '../search';
import { z } from 'zod';
import { method } from '../api/kit';
import { filledText, id, month, msg, optionalText, plainDate, reason, saysNothing, text } from '../api/schemas';
import type { Role } from '../domain/roles';
import type { DayKind } from '../calendar';
import { ledgerContract, type LedgerDefinition, type LedgerRecord } from './kit';

// SPEC §4.4 — 最終退出点検表 (Art. 9), on the ledger kit: one checklist per site per business day, its
// items OK or NG (an NG with a remark); and the business-day calendar of each site that every
// ledger's rules use (company holidays, worked holidays).

const EVERYONE: readonly Role[] = ['staff', 'clerk', 'site_head', 'safety_manager', 'sysadmin'];
const READERS: readonly Role[] = ['clerk', 'site_head', 'safety_manager', 'sysadmin'];
const KEEPERS: readonly Role[] = ['clerk', 'safety_manager'];
const CALENDAR_KEEPERS: readonly Role[] = ['sysadmin', 'safety_manager'];

export const DEFAULT_CHECK_ITEMS = ['窓の施錠', '出入口の施錠', 'キャビネットの施錠', 'サーバルームの施錠', 'PCの電源断・ロック', '照明の消灯', '空調の停止', '火気・電気機器の確認', '機械警備のセット'];

/** The product's own items by a key of the catalog (lastExit.defaultItems): said in the screen's language; a company's own items stay as typed. */
const DEFAULT_CHECK_ITEM_KEYS = ['windows', 'doors', 'cabinets', 'serverRoom', 'pcs', 'lights', 'airConditioning', 'fireAndPower', 'alarm'] as const;

/** The catalog key of a checklist item that is one of the product's own (saved in Japanese, as they are kept), or undefined. */
export function checkItemKey(item: string): `lastExit.defaultItems.${(typeof DEFAULT_CHECK_ITEM_KEYS)[number]}` | undefined {
  const i = DEFAULT_CHECK_ITEMS.indexOf(item);
  return i < 0 ? undefined : `lastExit.defaultItems.${DEFAULT_CHECK_ITEM_KEYS[i]}`;
}

/** One item of a checklist: OK, or NG with a remark saying what was wrong and what was done. */
export const checkItem = z
  .object({ item: text(40), ok: z.boolean(msg('errors.field.required_choice')), remark: optionalText(200) })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.ok && (!v.remark || saysNothing(v.remark))) ctx.addIssue({ code: 'custom', path: ['remark'], ...msg('lastExit.errors.ng_remark') });
  });
export type CheckItem = z.output<typeof checkItem>;

export const checkItems = z
  .array(checkItem)
  .min(1, msg('errors.field.required'))
  .max(30, msg('errors.field.too_long'))
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (seen.has(it.item)) ctx.addIssue({ code: 'custom', path: [i, 'item'], ...msg('lastExit.errors.item_twice') });
      seen.add(it.item);
    });
  });

/** Until when, the next morning, a business day's last exit may be (Japan time, hours after midnight). */
export const NEXT_MORNING_HOURS = 6;

export const LAST_EXIT_ANOMALY_CODES = ['ng_items', 'recorded_late', 'left_open'] as const;

export const lastExitDefinition = {
  key: 'lastExit',
  table: 'last_exit_checks',
  i18n: 'lastExit',
  fields: [
    { key: 'siteId', column: 'site_id', type: { kind: 'ref', table: 'sites', nameColumn: 'name' }, required: true, label: 'lastExit.fields.site', amendable: false },
    { key: 'businessDay', column: 'business_day', type: { kind: 'date' }, required: true, label: 'lastExit.fields.businessDay', amendable: false, defaultNow: true, dayTurnsAt: NEXT_MORNING_HOURS },
    { key: 'exitedAt', column: 'exited_at', type: { kind: 'instant' }, required: true, label: 'lastExit.fields.exitedAt', defaultNow: true, past: true },
    { key: 'lastPersonId', column: 'last_person_id', type: { kind: 'ref', table: 'people', nameColumn: 'name' }, required: true, label: 'lastExit.fields.lastPerson', defaultSelf: true },
    { key: 'items', column: 'items', type: { kind: 'json', schema: checkItems }, required: true, label: 'lastExit.fields.items', inList: false },
    { key: 'notes', column: 'notes', type: { kind: 'text', max: 500, multiline: true }, required: false, label: 'lastExit.fields.notes', inList: false },
  ],
  timeField: 'exitedAt',
  monthField: 'businessDay',
  siteField: 'siteId',
  sorts: ['exitedAt', 'businessDay'],
  filters: [{ key: 'personId', field: 'lastPersonId', kind: 'equals' }],
  anomalyCodes: LAST_EXIT_ANOMALY_CODES,
  // The last person out records it (anyone, for themselves); clerks keep the book for everyone.
  access: { read: READERS, write: KEEPERS },
  own: { roles: ['staff'], personField: 'lastPersonId' },
  siteSettings: {
    schema: z
      .object({
        items: z
          .array(filledText(40))
          .min(1, msg('lastExit.errors.no_items'))
          .max(30, msg('errors.field.too_long'))
          // Each item once (窓の施錠 twice, or PC and ＰＣ, made a checklist no one could submit).
          .superRefine((items, ctx) => {
            const seen = new Set<string>();
            items.forEach((it, i) => {
              if (seen.has(readsAlike(it))) ctx.addIssue({ code: 'custom', path: [i], ...msg('lastExit.errors.item_twice') });
              seen.add(readsAlike(it));
            });
          }),
      })
      .strict(),
    defaults: { items: DEFAULT_CHECK_ITEMS },
  },
} as const satisfies LedgerDefinition;

export type LastExitCheck = LedgerRecord<typeof lastExitDefinition>;

/** What is still open or inside while a checklist is being recorded (SPEC §4.4): who, and since when. */
export interface LastExitWarnings {
  openCabinets: { cabinet: string; openedBy: string; since: string }[];
  inServerRoom: { person: string; since: string }[];
  visitorsInside: { name: string; company: string; since: string }[];
}

/** A business day of a site without a checklist (SPEC §4.4). */
export interface MissingChecklist {
  siteId: string;
  siteName: string;
  day: string;
}

/** A site's calendar (SPEC §4.4): days off besides weekends and national holidays, and holidays worked. */
export interface SiteCalendarView {
  siteId: string;
  companyHolidays: string[];
  workedHolidays: string[];
}

const day = plainDate;

export const lastExitContract = {
  ...ledgerContract(lastExitDefinition),
  /** Open cabinets and people in the server room at a site now, to warn the last person out. Polled while the dialog is open. */
  'lastExit.warnings': method<LastExitWarnings>()({ input: z.object({ siteId: id }).strict(), access: EVERYONE, passive: true }),
  /** The items a site's checklist asks about (its settings, or the defaults), for the form. */
  'lastExit.items': method<string[]>()({ input: z.object({ siteId: id, day: plainDate.optional() }).strict(), access: EVERYONE }),
  /** The checklist already kept for a site's business day, if any (the form says so as the day is chosen, not at save). */
  'lastExit.dayRecorded': method<{ recordId: string; /** The signed-in keeper is its last person out: another keeper corrects it. */ own: boolean } | null>()({ input: z.object({ siteId: id, day: plainDate }).strict(), access: EVERYONE }),
  /** Business days of a month (default: this month, up to yesterday) without a checklist, per site. */
  'lastExit.missing': method<MissingChecklist[]>()({ input: z.object({ month: month.optional(), siteId: id.optional() }).strict(), access: READERS, passive: true }),
  /** A site's company holidays and worked holidays: everyone's (an employee's own checkout warns of a due day the site is closed). */
  'calendar.get': method<SiteCalendarView>()({ input: z.object({ siteId: id }).strict(), access: EVERYONE }),
  /**
   * The days of a month that have begun (up to today), each as the rules judge it: by the site's
   * calendar as it stood when that day began — a change saved since does not move them.
   */
  'calendar.month': method<{ today: string; days: { date: string; kind: DayKind }[] }>()({ input: z.object({ siteId: id, month }).strict(), access: EVERYONE }),
  /** A site's company holidays and worked holidays; the rules of every ledger judge by them from now on. */
  'calendar.update': method<SiteCalendarView>()({
    input: z.object({ siteId: id, companyHolidays: z.array(day).max(400, msg('errors.field.too_long')), workedHolidays: z.array(day).max(400, msg('errors.field.too_long')), reason }).strict(),
    access: CALENDAR_KEEPERS,
    elevated: true,
  }),
} as const;
