import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { CallOutcome, CallRequest } from '../core';
import type { ApiResult } from '../../shared/api/errors';
import { API_CHANNEL } from '../preload/channel';
import { APP_ORIGIN } from './protocol';

const FORBIDDEN: ApiResult<never> = { ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } };

/**
 * The Electron transport over the one dispatcher: the `daicho:api` channel. Unlike many apps it
 * checks who is calling — the main frame of one of our windows, showing app://daicho/ — and keeps
 * the session token here, per window, where the page cannot read it.
 */
export function installApiBridge(opts: {
  /** The one dispatcher here, or (a station of a ledger host) the station's transport. */
  dispatch: (req: CallRequest) => Promise<CallOutcome>;
  /** End a session (its window closed). */
  forget: (token: string) => void;
  station: string;
  isOurWindow: (contents: WebContents) => boolean;
}): void {
  const tokens = new Map<number, string | null>();
  // This PC is one device: its proof of the accounts signed in here lives as long as the app runs.
  let device: string | null = null;

  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    if (!frame || !opts.isOurWindow(event.sender)) return false;
    const main = event.sender.mainFrame;
    return frame.parent === null && frame.frameTreeNodeId === main.frameTreeNodeId && frame.url.startsWith(`${APP_ORIGIN}/`);
  };

  ipcMain.handle(API_CHANNEL, async (event, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    if (!trusted(event)) return FORBIDDEN;
    if (typeof method !== 'string' || method.length > 100) return { ok: false, error: { code: 'unknown_method', messageKey: 'errors.unknown_method' } };
    const contents = event.sender;
    if (!tokens.has(contents.id)) {
      tokens.set(contents.id, null);
      // A closed window's session ends with it.
      contents.once('destroyed', () => {
        const token = tokens.get(contents.id);
        if (token) opts.forget(token);
        tokens.delete(contents.id);
      });
    }
    const out = await opts.dispatch({ token: tokens.get(contents.id) ?? null, method, input, station: opts.station, client: 'ipc', device });
    if (out.device !== undefined) device = out.device;
    if (out.token !== undefined) {
      // The window may have been destroyed while the call ran (a sign-in takes a while): its new session ends here.
      if (tokens.has(contents.id)) tokens.set(contents.id, out.token);
      else if (out.token) opts.forget(out.token);
    }
    return out.result;
  });
}
