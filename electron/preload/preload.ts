import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNEL } from './channel';

/**
 * The whole bridge: one object with one function. The renderer gets no ipcRenderer, no Node and
 * no other channel; the main process checks the sender frame and the core authorizes the call.
 * Result: Promise<ApiResult> — errors are values (DESIGN rule 6).
 */
const bridge = Object.freeze({
  call: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(API_CHANNEL, String(method), input),
});

contextBridge.exposeInMainWorld('daicho', bridge);
