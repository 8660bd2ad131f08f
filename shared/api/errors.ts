import type { MessageKey } from '../i18n';

// DESIGN rule 6: errors are values at the edge. Every failure leaving the dispatcher is one of
// these codes, with a message key from the i18n catalog and, for bad input, the field.
export const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'not_signed_in',
  'forbidden',
  'session_locked',
  'reauth_required',
  'password_change_required',
  'bad_credentials',
  'account_locked',
  'not_found',
  'conflict',
  'setup_done',
  /** Too many password checks: from this client, or at once; try again later (params.seconds). */
  'too_many_attempts',
  /** The database file was found damaged: nothing more is saved until it is restored (SPEC §8). */
  'data_damaged',
  /** A LAN station cannot reach its ledger host, or the host refused the station (SPEC §11): nothing was saved. */
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  /** i18n key: "errors.<code>" or "<feature>.errors.<rule>" (a key the catalogs have: a typo does not compile) */
  messageKey: MessageKey;
  /** Dotted path of the offending input field, when there is one. */
  field?: string;
  params?: Record<string, string | number>;
  /** Per-field issues for invalid_input. */
  issues?: { field: string; messageKey: MessageKey; params?: Record<string, string | number> }[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown inside the core; the dispatcher turns it into an ApiError value. */
export class DaichoError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly field?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(`${code}: ${messageKey}${field ? ` (${field})` : ''}`);
    this.name = 'DaichoError';
  }
  /** More fields wrong at once (invalidFields): each said at its field together, not one per try. */
  private more: { field: string; messageKey: MessageKey; params?: Record<string, string | number> }[] = [];

  /**
   * Invalid input at several fields, each with its message: the first is the error, the others come
   * with it (a walk-through: a visitor beyond the reception room without card and escort was told of
   * the card, and of the escort only on the next try). Returns null when the list is empty.
   */
  static invalidFields(issues: readonly { field: string; messageKey: MessageKey; params?: Record<string, string | number> }[]): DaichoError | null {
    if (issues.length === 0) return null;
    const e = new DaichoError('invalid_input', issues[0].messageKey, issues[0].field, issues[0].params);
    e.more = issues.slice(1);
    return e;
  }

  /** Each field this invalid input names, with its message (none for another kind of error, or one without a field). */
  fieldIssues(): { field: string; messageKey: MessageKey; params?: Record<string, string | number> }[] {
    return this.field && this.code === 'invalid_input' ? [{ field: this.field, messageKey: this.messageKey, params: this.params }, ...this.more] : [];
  }

  /**
   * Two refusals said together: the second's fields that the first does not name come after it. A
   * conflict at a field (the asset already out, the day already checked) comes too, at its field (a
   * walk-through: with a time ahead of now, the asset already out was said only on the next save).
   */
  static together(first: DaichoError, second: DaichoError): DaichoError {
    const firstIssues = first.fieldIssues();
    if (firstIssues.length === 0) return first;
    const named = new Set(firstIssues.map((i) => i.field));
    const atField = second.code === 'conflict' && second.field ? [{ field: second.field, messageKey: second.messageKey, params: second.params }] : second.fieldIssues();
    return DaichoError.invalidFields([...firstIssues, ...atField.filter((i) => !named.has(i.field))]) ?? first;
  }

  toApiError(): ApiError {
    const e: ApiError = { code: this.code, messageKey: this.messageKey };
    if (this.field) e.field = this.field;
    if (this.params) e.params = this.params;
    const issues = this.fieldIssues();
    if (issues.length > 0) e.issues = issues;
    return e;
  }
}

/**
 * A wait before trying again, as an error's parameters: its seconds, and the same number as `count`
 * so that English says 「1 second」 apart (i18next's `_one` forms go by `count`).
 */
export function waitParams(ms: number): { seconds: number; count: number } {
  const seconds = Math.ceil(ms / 1000);
  return { seconds, count: seconds };
}
