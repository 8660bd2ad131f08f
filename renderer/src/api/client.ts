import type { Input, MethodName, Output } from '../../../shared/api/contract';
import type { ApiError, ApiResult } from '../../../shared/api/errors';
import { messageKeyOr } from '../../../shared/i18n';

/**
 * The one typed client (DESIGN rule 1). The renderer does not know its transport: the Electron
 * preload's `window.daicho.call` when present, else the browser-mode host's `POST /api/<method>`.
 * It never throws for an API failure: every outcome is an ApiResult.
 */
export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<ApiResult<Output<M>>> {
  try {
    if (window.daicho) return checked((await window.daicho.call(method, input)) as ApiResult<Output<M>>);
    const res = await fetch(`/api/${method}`, {
      method: 'POST',
      // The door-terminal screen keeps a session of its own, apart from the desk's in another tab.
      headers: { 'Content-Type': 'application/json', 'X-Daicho-Channel': window.location.hash.startsWith('#/terminal') ? 'terminal' : 'desk' },
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
    });
    // Non-2xx responses carry an ApiResult too; anything else means the host is unreachable or broken.
    const body = (await res.json()) as ApiResult<Output<M>>;
    if (body && typeof body === 'object' && 'ok' in body) return checked(body);
    return { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } };
  } catch {
    return { ok: false, error: { code: 'internal', messageKey: 'shell.offline' } };
  }
}

/**
 * The message keys of an error are data that crossed the transport: each is checked against the
 * catalogs (`MessageKey` then holds on this side too); one the renderer does not know shows the
 * generic message, never a raw key.
 */
function checked<T>(result: ApiResult<T>): ApiResult<T> {
  if (result.ok) return result;
  const e: ApiError = { ...result.error, messageKey: messageKeyOr(result.error?.messageKey, 'errors.invalid_input') };
  if (e.issues) e.issues = e.issues.map((i) => ({ ...i, messageKey: messageKeyOr(i.messageKey, 'errors.invalid_input') }));
  return { ok: false, error: e };
}
