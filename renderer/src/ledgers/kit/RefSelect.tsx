import { useEffect, useState } from 'react';
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

/**
 * Choose a record of another register (a cabinet, an asset): a select of its valid records. The
 * current value stays offered even when it is no longer among them (an amendment of an old record).
 * Records not free now (a cabinet already open) are listed with why, and cannot be chosen.
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
  testId?: string;
}) {
  const { t } = useTranslation();
  const rows = useRegisterOptions(props.def, props.filter);
  const [busy, setBusy] = useState<Record<string, string>>({});
  const { unavailable } = props;
  useEffect(() => {
    // None busy once it no longer asks (the form's end time filled in).
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
  return (
    <select {...props.control} className="input" value={props.value} onChange={(e) => props.onChange(e.target.value)} onBlur={props.onBlur} data-testid={props.testId}>
      <option value="">{props.required ? t('common.choose') : '—'}</option>
      {props.value && !known && <option value={props.value}>{props.currentName ?? props.value}</option>}
      {(rows ?? []).map((r) => (
        <option key={r.id} value={r.id} disabled={r.id in busy && r.id !== props.value}>
          {r.id in busy ? t('ledgerKit.form.unavailable', { name: optionLabel(props.def, props.nameColumn, r), why: busy[r.id] }) : optionLabel(props.def, props.nameColumn, r)}
        </option>
      ))}
    </select>
  );
}
