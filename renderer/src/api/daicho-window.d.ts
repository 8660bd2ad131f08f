import type { ApiResult } from '../../../shared/api/errors';

// What the Electron preload exposes (electron/preload): one function, nothing else.
declare global {
  interface DaichoBridge {
    call(method: string, input: unknown): Promise<ApiResult<unknown>>;
  }
  interface Window {
    /** Present in the Electron window; absent in browser mode, where the client uses fetch. */
    daicho?: DaichoBridge;
  }
}

export {};
