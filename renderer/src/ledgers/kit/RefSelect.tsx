import { Fragment, useEffect, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Paged } from '../../../../shared/api/schemas';
import type { LedgerDefinition } from '../../../../shared/ledgers/kit';
import type { ControlProps } from '../../components/Field';
import { ledgerApi } from './kit-api';
import type { KitRecord } from './KitValue';

/** The records of a register to choose from (its valid ones, by its first sort), for a form's select. */
export function useRegisterOptions(def: LedgerDefinition | undefined, filter: Record<string, unknown> = {}) {
  const [rows, setRows] = useState<KitRecord[] | null>(null);
  const key = JSON.stringify(filter);
  useEffect(() => {
    if (!def) return;
    let live = true;
    void ledgerApi<Paged<KitRecord>>(def, 'list', { page: 0, pageSize: 500, desc: false, ...(JSON.parse(key) as object) }).then((r) => {
      if (live) setRows(r.ok ? r.value.rows : []);
    });
    return () => {
      live = false;
    };
  }, [def, key]);
  return rows;
}

/**
 * How a register's record is named in a select: its code (its first field) and its name (C-01
 * 人事書類庫); where the code is the name, with the next text that tells it apart (PC-001 Panasonic CF-SV1).
 */
export function optionLabel(def: LedgerDefinition, nameColumn: string | undefined, r: KitRecord): string {
  const texts = def.fields.filter((f) => f.type.kind === 'text' && f.required);
  const first = texts[0];
  const nameField = def.fields.find((f) => f.column === nameColumn) ?? first;
  if (!first || !nameField) return r.id;
  const second = nameField === first ? texts[1] : nameField;
  return [r[first.key], second ? r[second.key] : null].filter((v) => v !== null && v !== undefined && v !== '').map(String).join(' ');
}

/** Per ref field: the records not free now (by id), each with why, in the language on screen. */
export type RefUnavailable = Record<string, () => Promise<Record<string, string>>>;

/** A select's options, in groups where there is more than one kind (this site's, another site's, not free now). */
interface OptionGroup {
  key: string;
  label: string | null;
  rows: KitRecord[];
}

/**
 * A register's records in the order a form offers them: those free now at the person's own site,
 * then those free at each other site (named), then those not free now (with why) — a user probe: a
 * checkout's assets came in tag order, 持出中, 紛失 and other sites' mixed in with the ones to take.
 */
export function groupOptions(
  def: LedgerDefinition,
  rows: readonly KitRecord[],
  busy: Record<string, string>,
  homeSite: string | null,
  siteOrder: readonly string[],
  words: { here: (site: string) => string; elsewhere: (site: string) => string; site: (site: string) => string; free: string; busy: string },
): OptionGroup[] {
  const free = rows.filter((r) => !(r.id in busy));
  const taken = rows.filter((r) => r.id in busy);
  const siteKey = def.siteField;
  const siteOf = (r: KitRecord) => (siteKey ? String(r[siteKey] ?? '') : '');
  const nameOf = (site: string) => siteName(free.find((r) => siteOf(r) === site)!, siteKey);
  // The person's own site first, then the others in the company's order of its sites (本社 first).
  const rank = (site: string) => (site === homeSite ? -1 : siteOrder.includes(site) ? siteOrder.indexOf(site) : siteOrder.length);
  const sites = [...new Set(free.map(siteOf))].sort((a, b) => rank(a) - rank(b) || nameOf(a).localeCompare(nameOf(b), 'ja'));
  const groups: OptionGroup[] = sites.map((site) => ({
    key: `site-${site}`,
    label: !siteKey ? words.free : homeSite === null ? words.site(nameOf(site)) : site === homeSite ? words.here(nameOf(site)) : words.elsewhere(nameOf(site)),
    rows: free.filter((r) => siteOf(r) === site),
  }));
  if (taken.length > 0) groups.push({ key: 'busy', label: words.busy, rows: taken });
  // Nothing to tell apart (one group, of no site or the person's own): the options as they are.
  const plain = groups.length === 1 && groups[0]!.key !== 'busy' && (!siteKey || homeSite === null || sites[0] === homeSite);
  return plain ? [{ ...groups[0]!, label: null }] : groups;
}

function siteName(r: KitRecord, siteKey: string | undefined): string {
  return siteKey ? (r.names[siteKey] ?? String(r[siteKey] ?? '')) : '';
}

/**
 * Choose a record of another register (a cabinet, an asset): a select of its valid records. The
 * current value stays offered even when it is no longer among them (an amendment of an old record).
 * Records not free now (a cabinet already open) are listed last with why, and cannot be chosen;
 * the site chosen in the form (else the person's own site) comes first, other sites' after it under their site's name.
 */
export function RefSelect(props: {
  def: LedgerDefinition;
  nameColumn?: string;
  value: string;
  currentName?: string | null;
  onChange: (id: string) => void;
  onBlur?: () => void;
  control: ControlProps;
  required: boolean;
  filter?: Record<string, unknown>;
  unavailable?: () => Promise<Record<string, string>>;
  /**
   * The records not free now may be chosen after all (a past record typed in with its end: a cabinet's
   * session with its lock time, a checkout with its return): still last, with why, under words that say so.
   */
  unavailableAllowed?: boolean;
  /** The site whose records come first (a register with sites): the one chosen in the form, else the signed-in person's. */
  homeSite?: string | null;
  /** …and it is the form's site, not (or not only) the signed-in person's: its group is named as the record's site. */
  homeIsRecords?: boolean;
  /** The company's sites in order (本社 first): other sites' records in that order. */
  siteOrder?: readonly string[];
  testId?: string;
  /** The select, for the form to focus when its save is refused here (react-hook-form's field ref). */
  selectRef?: Ref<HTMLSelectElement>;
}) {
  const { t } = useTranslation();
  const rows = useRegisterOptions(props.def, props.filter);
  const [busy, setBusy] = useState<Record<string, string>>({});
  const { unavailable } = props;
  useEffect(() => {
    if (!unavailable) return setBusy({});
    let live = true;
    void unavailable().then((b) => {
      if (live) setBusy(b);
    });
    return () => {
      live = false;
    };
  }, [unavailable]);
  const known = rows?.some((r) => r.id === props.value);
  const label = (r: KitRecord) => optionLabel(props.def, props.nameColumn, r);
  const groups = groupOptions(props.def, rows ?? [], busy, props.homeSite ?? null, props.siteOrder ?? [], {
    here: (site) => t(props.homeIsRecords ? 'ledgerKit.form.refChosen' : 'ledgerKit.form.refHere', { site }),
    elsewhere: (site) => t('ledgerKit.form.refElsewhere', { site }),
    site: (site) => site,
    free: t('ledgerKit.form.refFree'),
    busy: t(props.unavailableAllowed ? 'ledgerKit.form.refBusyPast' : 'ledgerKit.form.refBusy'),
  });
  const option = (r: KitRecord) => (
    <option key={r.id} value={r.id} disabled={r.id in busy && !props.unavailableAllowed && r.id !== props.value}>
      {r.id in busy ? t('ledgerKit.form.unavailable', { name: label(r), why: busy[r.id] }) : label(r)}
    </option>
  );
  return (
    <select {...props.control} ref={props.selectRef} className="input" value={props.value} onChange={(e) => props.onChange(e.target.value)} onBlur={props.onBlur} data-testid={props.testId}>
      <option value="">{props.required ? t('common.choose') : '—'}</option>
      {props.value && !known && <option value={props.value}>{props.currentName ?? props.value}</option>}
      {groups.map((g) =>
        g.label === null ? (
          <Fragment key={g.key}>{g.rows.map(option)}</Fragment>
        ) : (
          <optgroup key={g.key} label={g.label} data-testid={`ref-group-${g.key === 'busy' ? 'busy' : 'free'}`}>
            {g.rows.map(option)}
          </optgroup>
        ),
      )}
    </select>
  );
}
