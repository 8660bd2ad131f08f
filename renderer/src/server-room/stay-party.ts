import type { SessionInfo } from '../../../shared/domain/session';
import type { ServerRoomStay } from '../../../shared/ledgers/serverRoom';
import { noPersonBehind } from '../ledgers/kit/own-record';

/**
 * The signed-in person is a party to the stay: the one who went in, a companion, or a visitor's escort.
 * The core refuses their correction and void of it (errors.own_record: server-room/repo.ts stayParties),
 * so neither is offered (a walk-through: 訂正 was offered on one's own stay, and refused only on save).
 */
export function isStayParty(stay: ServerRoomStay, session: SessionInfo | null): boolean {
  const me = session?.person?.id;
  if (!me) return false;
  const c = stay.companions;
  return stay.personId === me || c.employees.some((e) => e.personId === me) || c.visitors.some((v) => v.escortPersonId === me);
}

/** Why the stay's 訂正 and 無効化 are not offered: the signed-in person is a party to it, or the account has no person behind it (errors.no_person_behind); null when they are. */
export function stayWithheld(stay: ServerRoomStay, session: SessionInfo | null): 'own' | 'no_person' | null {
  if (noPersonBehind(session)) return 'no_person';
  return isStayParty(stay, session) ? 'own' : null;
}
