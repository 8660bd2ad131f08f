import { jstDate, jstDayEnd, jstMonthRange } from '../../../../shared/calendar';
import { defaultSort, type FieldDef, type LedgerDefinition } from '../../../../shared/ledgers/kit';
import { FOLDABLE_GLOBS, searchForms } from '../../../../shared/search';
import type { Row, Store } from '../../store/store';
import type { ListQuery } from './record-parts';

// A ledger's list on the kit (record-book.ts list): the SQL of a list query — its filters, site,
// month, status and search — and one page of what it finds, with the count.

/**
 * A text column matched by a list's search (`@search`, a LIKE pattern of the search text's form):
 * as stored, or as `daicho_fold` reads it where it may differ (FOLDABLE_GLOBS), so that a name typed
 * in full-width letters or with an ideographic space is found as the search text reads it.
 */
export function searchedColumn(column: string): string {
  return `(${column} LIKE @search ESCAPE '\\' OR ((${FOLDABLE_GLOBS.map((g) => `${column} GLOB '${g}'`).join(' OR ')}) AND daicho_fold(${column}) LIKE @search ESCAPE '\\'))`;
}

/**
 * What a list's search looks for in the rows a ledger's references point to: the codes and names the
 * list shows for them (a walk-through: searching a checkout list for the asset tag PC-OSK-01 in its
 * first column, a visitor list for a guest card's number, a cabinet log for the cabinet's code, a
 * checklist for the last person's name found nothing). Sites are the list's own filter.
 */
const REF_SEARCHED: Readonly<Record<string, readonly string[]>> = {
  people: ['name', 'kana', 'employee_no'],
  assets: ['asset_tag', 'serial', 'model'],
  cabinets: ['code', 'name'],
  guest_cards: ['number'],
  log_systems: ['code', 'name'],
  accounts: ['display_name'],
};

/** The search's matches through a ledger's ref fields (REF_SEARCHED), one condition a field. */
export function refSearches(def: LedgerDefinition): string[] {
  return def.fields.flatMap((f) => {
    if (f.type.kind !== 'ref' || f.search === false) return [];
    const columns = REF_SEARCHED[f.type.table];
    if (!columns) return [];
    return [`${def.table}.${f.column} IN (SELECT r.id FROM ${f.type.table} r WHERE ${columns.map((c) => searchedColumn(`r.${c}`)).join(' OR ')})`];
  });
}

/** What a list's SQL needs of its ledger, worked out once from the definition (recordBook). */
export interface ListShape {
  def: LedgerDefinition;
  byKey: ReadonlyMap<string, FieldDef>;
  timeCol: string;
  siteCol?: string;
  monthField?: FieldDef;
  /** The text columns searched as they are, and the matches through its references (the ledger adds its own per call). */
  textCols: readonly string[];
  refSearches: readonly string[];
  /** The column of the person whose records alone some callers keep (`def.own`). */
  personCol?: string;
  sortCol(key: string): string;
  /** The ledger's own last sort key (else the id). */
  tieBreak?: string;
}

/** Who asks, for the list's SQL: the records they may see, and the ledger's own search matches. */
export interface ListCaller {
  /** The person whose records alone they keep, or null. */
  ownPerson: string | null;
  /** A site head's sites, when the query names none (auth/site-scope.ts). */
  readableSites?: readonly string[] | null;
  now: Date;
  /** The ledger's own search matches besides its text columns (searchedColumn forms). */
  search: readonly string[];
}

export interface ListSql {
  /** ` WHERE …`, or '' */
  where: string;
  /** ` ORDER BY …` */
  order: string;
  params: Record<string, string | number>;
}

/** The WHERE (with its parameters) and the ORDER BY of a list query. */
export function listSql(shape: ListShape, q: ListQuery, caller: ListCaller): ListSql {
  const { def, byKey, timeCol, siteCol, monthField } = shape;
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (caller.ownPerson !== null) {
    where.push(`${shape.personCol} = @ownPerson`);
    params.ownPerson = caller.ownPerson;
  }
  for (const f of def.filters ?? []) {
    const v = (q as unknown as Record<string, string | undefined>)[f.key];
    if (v === undefined) continue;
    const col = byKey.get(f.field)!.column;
    if (f.kind === 'presence') where.push(`${col} IS ${v === 'set' ? 'NOT ' : ''}NULL`);
    else if (f.kind === 'due') {
      // Instants are stored as toISOString's text, so they compare as text.
      where.push(v === 'overdue' ? `${col} < @f_${f.key}_now` : `${col} >= @f_${f.key}_now AND ${col} < @f_${f.key}_end`);
      for (const open of f.open) where.push(`${byKey.get(open)!.column} IS NULL`);
      params[`f_${f.key}_now`] = caller.now.toISOString();
      if (v !== 'overdue') params[`f_${f.key}_end`] = jstDayEnd(jstDate(caller.now)).toISOString();
    } else {
      where.push(`${col} = @f_${f.key}`);
      params[`f_${f.key}`] = v;
    }
  }
  if (q.siteId && siteCol) {
    where.push(`${siteCol} = @siteId`);
    params.siteId = q.siteId;
  }
  // A site head with more than one site, none named: theirs only (auth/site-scope.ts).
  else if (caller.readableSites && siteCol) {
    where.push(`${siteCol} IN (SELECT value FROM json_each(@readableSites))`);
    params.readableSites = JSON.stringify(caller.readableSites);
  }
  if (q.month && monthField) {
    // The month a record belongs to, as the review and the paper have it: the month checked, the business day's.
    if (monthField.type.kind === 'month') where.push(`${monthField.column} = @month`);
    else where.push(`${monthField.column} >= @month || '-01' AND ${monthField.column} < @month || '-32'`);
    params.month = q.month;
  } else if (q.month && def.timeField) {
    const { start, end } = jstMonthRange(q.month);
    where.push(`${timeCol} >= @start AND ${timeCol} < @end`);
    params.start = start.toISOString();
    params.end = end.toISOString();
  }
  if (q.status !== 'all') {
    where.push('status = @status');
    params.status = q.status;
  }
  const searched = [...shape.textCols.map(searchedColumn), ...shape.refSearches, ...caller.search];
  // Each form of the text (shared/search.ts: full-width digits, half-width kana, hiragana for katakana) as its own pattern.
  const forms = q.search ? searchForms(q.search) : [];
  if (forms.length > 0 && searched.length > 0) {
    where.push(`(${forms.flatMap((_, i) => searched.map((c) => c.replace(/@search\b/g, `@search${i}`))).join(' OR ')})`);
    forms.forEach((f, i) => (params[`search${i}`] = `%${f.replace(/[\\%_]/g, (m) => '\\' + m)}%`));
  }
  const dir = q.desc ? 'DESC' : 'ASC';
  // Equal in another sort: by time, in the same direction; equal in both: the ledger's tie-break,
  // else the id in the same direction (so desc reverses asc).
  const order = ` ORDER BY ${shape.sortCol(q.sort)} ${dir}${q.sort !== defaultSort(def) && def.timeField ? `, ${timeCol} ${dir}` : ''}, ${shape.tieBreak ?? `id ${dir}`}`;
  return { where: where.length ? ` WHERE ${where.join(' AND ')}` : '', order, params };
}

/**
 * One page of the records a list query finds, and how many it finds. A page that is not full and
 * not past the end tells the count, so the records are counted only otherwise: a search over the
 * whole history reads every record, once for the page and again for the count, and one that finds
 * fewer than a page needs only the first.
 */
export function pageOf(store: Store, table: string, sql: ListSql, q: { page: number; pageSize: number }): { rows: Row[]; total: number } {
  // As the contract's list schemas have them (a page size of 0 or a page below 0 would tell a wrong count).
  if (!(q.pageSize >= 1 && q.page >= 0)) throw new Error(`a list page ${q.page} of size ${q.pageSize}`);
  const offset = q.page * q.pageSize;
  const rows = store.stmt(`SELECT * FROM ${table}${sql.where}${sql.order} LIMIT @limit OFFSET @offset`).all({ ...sql.params, limit: q.pageSize, offset }) as Row[];
  const total =
    rows.length > 0 && rows.length < q.pageSize ? offset + rows.length
    : rows.length === 0 && offset === 0 ? 0
    : (store.stmt(`SELECT count(*) AS n FROM ${table}${sql.where}`).get(sql.params) as { n: number }).n;
  return { rows, total };
}
