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

/**
 * The signed-in account has no person of the people register behind it (and is no safety manager): the
 * core refuses its corrections and voids of records that name a person (errors.no_person_behind, kit/saying.ts
 * personBehind), so neither is offered, and it is said why. The core says so by its own rule (SessionInfo.noPersonBehind).
 */
export function noPersonBehind(session: SessionInfo | null): boolean {
  return !!session?.noPersonBehind;
}

/** Why the record's 訂正 and 無効化 are not offered: its person is the signed-in one, or the account has no person; null when they are. */
export function correctionWithheld(def: LedgerDefinition, record: Readonly<Record<string, unknown>>, session: SessionInfo | null): 'own' | 'no_person' | null {
  if (!def.own) return null;
  if (noPersonBehind(session)) return 'no_person';
  return isOwnRecord(def, record, session) ? 'own' : null;
}
