import type { Daicho } from '../core';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import type { ApiError, ApiResult } from '../../shared/api/errors';

/** A call that came back with an error value. */
export class ApiCallError extends Error {
  constructor(
    readonly method: string,
    readonly error: ApiError,
  ) {
    super(`${method} failed: ${error.code} ${error.messageKey}${error.field ? ` (${error.field})` : ''}`);
    this.name = 'ApiCallError';
  }
}

/**
 * One caller of the real API, holding its session token the way a transport does. The demo and
 * the bench go through the dispatcher like the UI, so everything they do is validated,
 * authorized and journaled.
 */
export class ApiCaller {
  token: string | null = null;
  constructor(
    private readonly daicho: Daicho,
    readonly station = 'cli',
  ) {}

  async call<M extends MethodName>(method: M, input: Input<M>): Promise<ApiResult<Output<M>>> {
    const out = await this.daicho.dispatcher.call({ token: this.token, method, input, station: this.station, client: 'cli' });
    if (out.token !== undefined) this.token = out.token;
    return out.result as ApiResult<Output<M>>;
  }

  async ok<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    const r = await this.call(method, input);
    if (!r.ok) throw new ApiCallError(method, r.error);
    return r.value;
  }
}
