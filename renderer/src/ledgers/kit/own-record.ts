import type { SessionInfo } from '../../../../shared/domain/session';
import type { LedgerDefinition } from '../../../../shared/ledgers/kit';

/**
 * The signed-in person is the record's person (its definition's `own.personField`: a checkout's
 * borrower, a cabinet's opener, a checklist's last person): the core refuses their correction and
 * void of it (errors.own_record, assets.errors.own_checkout), so neither is offered — a walk-through:
 * 訂正 was offered on one's own stay, and refused only on save.
 */
export function isOwnRecord(def: LedgerDefinition, record: Readonly<Record<string, unknown>>, session: SessionInfo | null): boolean {
  const me = session?.person?.id;
  return !!me && !!def.own && record[def.own.personField] === me;
}
