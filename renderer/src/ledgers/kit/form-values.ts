import type { FieldDef } from '../../../../shared/ledgers/kit';
import type { PersonRef } from '../../components/PersonPicker';
import { fromLocalInput, toLocalInput } from '../../lib/japan-time';
import type { KitRecord } from './KitValue';

/** A kit record dialog's values as its form holds them, and as the API takes them. */
export type FormValue = string | boolean | PersonRef | null | Record<string, string> | unknown[];
export type FormValues = Record<string, FormValue>;

/** A field's value as the form holds it (text in inputs, Japan time in datetime-local). */
export function toForm(f: FieldDef, v: unknown, name: string | null | undefined): FormValue {
  switch (f.type.kind) {
    case 'json':
      return (v ?? null) as FormValue;
    case 'boolean':
      // A new record's yes/no is chosen, not assumed (a walk-through: 取得 and 保管 started as 不足あり).
      return v === true || v === 1 ? true : v === false || v === 0 ? false : null;
    case 'instant':
      return typeof v === 'string' ? toLocalInput(v) : '';
    case 'integer':
      return typeof v === 'number' ? String(v) : '';
    case 'ref':
      if (f.type.table === 'people') return typeof v === 'string' ? { id: v, name: name ?? v, employeeNo: '' } : null;
      return typeof v === 'string' ? v : '';
    default:
      return typeof v === 'string' ? v : '';
  }
}

/** The form's value as the API takes it; an empty optional field is null. */
export function fromForm(f: FieldDef, v: FormValue): unknown {
  if (f.type.kind === 'json') return v ?? null; // set by the ledger's own control
  if (f.type.kind === 'boolean') return typeof v === 'boolean' ? v : f.required ? undefined : null;
  if (v && typeof v === 'object' && !Array.isArray(v)) return (v as { id: string }).id; // a person
  const s = typeof v === 'string' ? v : '';
  if (s.trim() === '') return f.type.kind === 'text' ? (f.required ? s : null) : f.required ? undefined : null;
  switch (f.type.kind) {
    case 'instant':
      return fromLocalInput(s) ?? s;
    case 'integer':
      return /^-?\d+$/.test(s.trim()) ? Number(s) : s;
    default:
      return s;
  }
}

/**
 * Are a record's value and the form's the same? An instant as the form shows it (to the minute): a
 * lock recorded at 10:42:37 and a form still saying 10:42 is no correction of it.
 */
function same(f: FieldDef, before: unknown, after: unknown, shown: FormValue): boolean {
  if (f.type.kind === 'instant' && typeof before === 'string') return typeof shown === 'string' && toLocalInput(before) === shown.trim();
  if (f.type.kind === 'json') return JSON.stringify(before ?? null) === JSON.stringify(after ?? null);
  return (before ?? null) === (after ?? null);
}

/** The fields whose values in `values` differ from the record's: a correction's changes (only those `values` holds). */
export function changedFields(fields: readonly FieldDef[], record: KitRecord, values: FormValues): FieldDef[] {
  return fields.filter((f) => Object.hasOwn(values, f.key) && !same(f, record[f.key], fromForm(f, values[f.key]), values[f.key]));
}
