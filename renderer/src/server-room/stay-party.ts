import type { SessionInfo } from '../../../shared/domain/session';
import type { ServerRoomStay } from '../../../shared/ledgers/serverRoom';

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
