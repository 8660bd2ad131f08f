import { firstText, refNames, type LedgerDefinition } from '../../../../shared/ledgers/kit';
import type { KitRecord } from './KitValue';

/**
 * A record in a few words, for its buttons, its history's title and the message after a save:
 * a visitor by name and company (the definition's `nameFields`); a record of something that
 * happened by what and whom it names (人事書類庫 / 山田 太郎 for a cabinet opened, the asset and the
 * borrower for a checkout; a walk-through found them named by their purpose text); a register's
 * record, and anything else, by its first text (its code: C-01, PC-001).
 */
export function recordWords(def: LedgerDefinition, r: KitRecord): string[] {
  const own = (def.nameFields ?? []).map((key) => r[key]).filter((v): v is string => typeof v === 'string' && v !== '');
  if (own.length > 0) return own;
  const refs = def.timeField ? refNames(def, r) : [];
  if (refs.length > 0) return refs;
  const text = firstText(def, r);
  return text ? [text] : [];
}
