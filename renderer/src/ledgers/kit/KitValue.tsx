import type { ReactNode } from 'react';
import { Phrased } from '../../components/Phrased';
import { type FieldDef, type LedgerDefinition } from '../../../../shared/ledgers/kit';
import { DateText } from '../../components/DateText';
import { formatDate, formatMonth } from '../../../../shared/dates';
import { useDates } from '../../hooks/useDates';
import { useKitText } from './kit-api';

/** A kit record as the screens see it: its fields by key, and what the record book adds. */
export type KitRecord = Record<string, unknown> & {
  id: string;
  status: 'valid' | 'void';
  voidReason: string | null;
  recordedAt: string;
  recordedBy: string;
  station: string;
  amendedAt: string | null;
  amendCount: number;
  sealedChange: boolean;
  names: Record<string, string | null>;
  anomalies: { code: string; params?: Record<string, string | number> }[];
  personalErasedAt: string | null;
  /** Its personal fields that held a value when erased (消去済); the others read empty. */
  erasedFields: string[];
};

const none = <span className="muted">—</span>;

/** A ledger's own way to show a field's value (its structured json), by field key. */
export type OwnValues = Record<string, (value: unknown) => ReactNode>;

/** One field's value as a list or a history shows it. `name` is a ref's name when known. */
export function useShowValue(def: LedgerDefinition, own?: OwnValues) {
  const k = useKitText(def);
  const { lang, dayShort } = useDates();
  return (f: FieldDef, value: unknown, name?: string | null, short = false, erased = false): ReactNode => {
    // A personal value erased after the retention period (SPEC §8) reads 消去済, not as if never given.
    if ((value === null || value === undefined) && erased && def.personal?.includes(f.key)) return <span className="badge badge-muted">{k.text('history.erased')}</span>;
    if (value === null || value === undefined || value === '') return none;
    const ownShow = own?.[f.key];
    if (ownShow) return ownShow(typeof value === 'string' && f.type.kind === 'json' ? parseJson(value) : value);
    switch (f.type.kind) {
      case 'instant':
        return <DateText value={String(value)} time short={short} />;
      case 'month':
        return formatMonth(String(value), lang);
      case 'date':
        // In a list as its times are (12月4日（金） beside 12月4日 20:41); whole, with its year, in a history.
        return short ? dayShort(String(value)) : formatDate(`${String(value)}T12:00:00+09:00`, lang, { weekday: true, timeZone: 'Asia/Tokyo' });
      case 'enum':
        return k.enumValue(f.key, String(value));
      case 'boolean':
        return k.boolValue(f.key, value === true || value === 1);
      case 'ref':
        return name ? <Phrased text={name} /> : <span className="mono">{String(value).slice(0, 8)}</span>;
      case 'json':
        // A ledger without its own way to show a structured value: it reads as its JSON.
        return <span className="mono">{typeof value === 'string' ? value : JSON.stringify(value)}</span>;
      default:
        return <Phrased text={String(value)} />;
    }
  };
}

/** The journal holds a json field as its canonical text; a record's value is already parsed. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
