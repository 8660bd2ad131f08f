import { DaichoError } from '../../../shared/api/errors';
import type { MessageKey } from '../../../shared/i18n';

/**
 * A note written when a record is closed (a return, an exit), added under the one written when it
 * was opened, never in its place: a note already written is changed only by a correction with a
 * reason (insider probes: a borrower's 「問題なし」 replaced the clerk's note of damage at checkout,
 * and a person's 「特記事項なし」 the clerk's note of an undeclared USB stick at entry, with no 訂正).
 * Null when nothing is added; refused at the field when the two together are over `max`.
 */
export function addedNote(before: string | null, added: string | null | undefined, max: number, field: string, messageKey: MessageKey): string | null {
  if (!added) return null;
  const joined = before ? `${before}\n${added}` : added;
  // What is left, also as the count its English message says one apart (「1 character」).
  const left = Math.max(0, max - (before ? before.length + 1 : 0));
  if (joined.length > max) throw new DaichoError('invalid_input', messageKey, field, { left, count: left });
  return joined;
}
