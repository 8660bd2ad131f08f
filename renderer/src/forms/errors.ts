import type { FieldValues, Path, Resolver, UseFormSetError } from 'react-hook-form';
import type { z } from 'zod';
import { zodResolver } from '@hookform/resolvers/zod';
import type { ApiError } from '../../../shared/api/errors';
import { messageKeyOr, type MessageKey } from '../../../shared/i18n';
import { clearFlash } from '../state/flash';

// Form messages are catalog keys (the shared zod schemas carry keys such as "people.errors.kana",
// and so do errors from the core); they are translated when shown, so switching the language
// also switches the messages already on screen. Parameters travel inside the message string.

const SEP = '::';

export function encodeMessage(messageKey: MessageKey, params?: Record<string, string | number>): string {
  return params && Object.keys(params).length ? `${messageKey}${SEP}${JSON.stringify(params)}` : messageKey;
}

/**
 * A form field's message back to its key and parameters. The message is a string to the form
 * library (from a schema, `issueKey` or `encodeMessage`), so its key is checked: one the catalogs
 * do not have shows the generic message.
 */
export function decodeMessage(message: string): { messageKey: MessageKey; params?: Record<string, string | number> } {
  const i = message.indexOf(SEP);
  const messageKey = messageKeyOr(i < 0 ? message : message.slice(0, i), 'errors.invalid_input');
  if (i < 0) return { messageKey };
  try {
    return { messageKey, params: JSON.parse(message.slice(i + SEP.length)) as Record<string, string | number> };
  } catch {
    return { messageKey };
  }
}

/** Keys for zod's own issues, the same choice the dispatcher makes (electron/core/dispatcher.ts). */
function issueKey(issue: { code?: string; input?: unknown; expected?: string }): MessageKey {
  switch (issue.code) {
    case 'too_big':
      return 'errors.field.too_long';
    case 'too_small':
      return 'errors.field.required';
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || Number.isNaN(issue.input)) return 'errors.field.required';
      return issue.expected === 'int' && typeof issue.input === 'number' ? 'errors.field.integer' : 'errors.field.invalid_type';
    case 'unrecognized_keys':
      return 'errors.field.unknown_key';
    default:
      return 'errors.field.invalid';
  }
}

/** react-hook-form resolver for a shared zod schema, with catalog keys as messages. */
export function formResolver<S extends z.ZodType<unknown, FieldValues>>(schema: S) {
  // Messages declared on the schema win over this map; it only names zod's built-in issues.
  const resolve = zodResolver(schema as never, { error: (issue) => issueKey(issue as { code?: string; input?: unknown; expected?: string }) }) as unknown as Resolver<z.input<S>, unknown, z.output<S>>;
  return (async (...args: Parameters<typeof resolve>) => {
    const out = await resolve(...args);
    // A form refused is not followed by the last save's confirmation (a user probe: 「PINを設定しました。」
    // stayed beside the next try's errors).
    if (Object.keys(out.errors).length > 0) clearFlash();
    return out;
  }) as typeof resolve;
}

/**
 * On a screen that asks only for the password (the lock screen, re-authentication, the PIN page,
 * starting the door terminal, the current password of a change), the core's "login ID or password
 * is not correct" can only mean the password: say so, at the password field.
 */
export function passwordRefusal(error: ApiError, field: string): ApiError {
  return error.messageKey === 'auth.errors.bad_credentials' ? { ...error, messageKey: 'auth.errors.wrong_password', field, issues: undefined } : error;
}

/**
 * A second person's login id or password that is not right (a checkout's approver, a return's
 * receiver): said as theirs, at their password, which is emptied to be typed again (a walk-through:
 * a second try was typed after the wrong one).
 */
export function secondPersonRefusal(error: ApiError, clear: (field: string) => void): ApiError {
  if (error.messageKey !== 'auth.errors.bad_credentials' || !error.field) return error;
  const messageKey = error.field.startsWith('approval.') ? 'auth.errors.approver_credentials' : error.field.startsWith('receiver.') ? 'auth.errors.receiver_credentials' : null;
  if (!messageKey) return error;
  clear(error.field);
  return { ...error, messageKey };
}

/**
 * Put an API error on the form: each issue at its field when the form has that field
 * (`mapField` renames core field paths to form fields); returns the error when some part of it
 * has no field to sit on, so the caller shows it above the form. Nothing was stored either way.
 */
export function applyApiError<T extends FieldValues>(
  error: ApiError,
  setError: UseFormSetError<T>,
  fields: readonly string[],
  mapField: (field: string) => string = (f) => f,
): ApiError | null {
  // As a refusal by the form itself (formResolver): the last save's confirmation goes.
  clearFlash();
  const issues = error.issues?.length ? error.issues : error.field ? [{ field: error.field, messageKey: error.messageKey, params: error.params }] : [];
  let placed = 0;
  let focused = false;
  // Focus goes to the first field in the form's order, not the core's (a walk-through: the approver's
  // login ID took focus while the due time above it was wrong too).
  const at = (issue: { field: string }) => {
    const name = mapField(issue.field);
    return fields.findIndex((f) => name === f || name.startsWith(`${f}.`));
  };
  for (const issue of [...issues].sort((a, b) => at(a) - at(b))) {
    const name = mapField(issue.field);
    if (at(issue) < 0) continue;
    setError(name as Path<T>, { type: 'server', message: encodeMessage(issue.messageKey, issue.params) }, { shouldFocus: !focused });
    focused = true;
    placed++;
  }
  if (placed === issues.length && placed > 0) return null;
  // Said above the form: the first refusal this form has no field for (a conflict said with the
  // fields' refusals), else the error as it came.
  const left = placed > 0 ? issues.find((i) => at(i) < 0) : undefined;
  return left ? { ...error, field: left.field, messageKey: left.messageKey, params: left.params } : error;
}

/**
 * A refusal of a form whose reason box is not a react-hook-form field (a calendar, a station's rename,
 * 開けてよい人): what is said at the reason box (encoded, null: nothing), and what is said above the
 * form (null: nothing), so that the box can take the focus when it is the one to correct.
 */
export function reasonRefusal(error: ApiError): { reason: string | null; rest: ApiError | null } {
  const issues = error.issues ?? (error.field ? [{ field: error.field, messageKey: error.messageKey, params: error.params }] : []);
  const atReason = issues.find((i) => i.field === 'reason');
  const rest = issues.find((i) => i.field !== 'reason');
  return {
    reason: atReason ? encodeMessage(atReason.messageKey, atReason.params) : null,
    rest: !atReason ? error : rest ? { ...error, field: rest.field, messageKey: rest.messageKey, params: rest.params } : null,
  };
}
