import type { Input, MethodName, Output } from '../../../shared/api/contract';
import type { ApiResult } from '../../../shared/api/errors';

/**
 * The one typed client (DESIGN rule 1). The renderer does not know its transport: the Electron
 * preload's `window.daicho.call` when present, else the browser-mode host's `POST /api/<method>`.
 * It never throws for an API failure: every outcome is an ApiResult.
 */
export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<ApiResult<Output<M>>> {
  try {
    if (window.daicho) return (await window.daicho.call(method, input)) as ApiResult<Output<M>>;
    const res = await fetch(`/api/${method}`, {
      method: 'POST',
      // The door-terminal screen keeps a session of its own, apart from the desk's in another tab.
      headers: { 'Content-Type': 'application/json', 'X-Daicho-Channel': window.location.hash.startsWith('#/terminal') ? 'terminal' : 'desk' },
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
    });
    // Non-2xx responses carry an ApiResult too; anything else means the host is unreachable or broken.
    const body = (await res.json()) as ApiResult<Output<M>>;
    if (body && typeof body === 'object' && 'ok' in body) return body;
    return { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } };
  } catch {
    return { ok: false, error: { code: 'internal', messageKey: 'shell.offline' } };
  }
}
