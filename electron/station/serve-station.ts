import { startHost, type RunningHost } from '../host/host';
import type { StationStatus } from '../../shared/api/lan-contract';
import type { CallOutcome, CallRequest, KeyStore } from '../core';
import { readStation, StationClient } from './station';
import { DoorStation } from './door-station';

/** How often an idle station tells the host it is there (and learns whether the host is). */
export const HEARTBEAT_MS = 15_000;

export interface RunningStation {
  url: string;
  client: StationClient;
  door: DoorStation | null;
  close(): Promise<void>;
}

/**
 * Where a station's calls go (its third transport, SPEC §11): `station.status` is answered here; a
 * door terminal's own calls go through its door (offline queue); everything else to the host, signed.
 */
export function stationDispatch(client: StationClient, door: DoorStation | null): (req: CallRequest) => Promise<CallOutcome> {
  const status = (): StationStatus => ({
    mode: 'station', name: client.config.name, host: client.config.host, connected: client.connected,
    lastContactAt: client.lastContactAt?.toISOString() ?? null, waiting: door?.waiting() ?? 0, rejected: door?.rejected() ?? 0, revoked: door?.isRevoked() ?? false,
  });
  return async (req) => {
    if (req.method === 'station.status') return { result: { ok: true, value: status() } };
    if (door && req.method.startsWith('terminal.')) return door.call(req.method, req.input);
    return client.call({ method: req.method, input: req.input, token: req.token, device: req.device ?? null });
  };
}

/** The station keeps telling the host it is there; a door terminal then delivers what waits and refreshes its copy. Returns stop. */
export function stationHeartbeat(client: StationClient, door: DoorStation | null, everyMs: number, log: (line: string) => void): () => void {
  const beat = () =>
    void client
      .call({ method: 'station.status', input: {}, token: null })
      .then(async () => {
        if (door && client.connected) {
          await door.flush();
          await door.refresh();
        }
      })
      .catch((err: unknown) => log(`station: ${(err as Error)?.message ?? String(err)}`));
  beat();
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The folder's enrolled station, its secrets opened by its key store; a door terminal with its
 * queue, which keeps it working when the host cannot be reached (delivered in order later).
 */
export async function openStation(dir: string, keyStore: KeyStore, log: (line: string) => void = () => undefined): Promise<{ client: StationClient; door: DoorStation | null }> {
  const s = await readStation(dir, keyStore);
  if (!s) throw new Error(`no enrolled station in ${dir}: enroll it first (daicho station --pair CODE)`);
  const client = new StationClient(s.config, s.key, dir);
  if (s.config.profile !== 'terminal') return { client, door: null };
  // Its key in the vault says the queue was made: it is not made anew if it is gone (door-queue.ts).
  const existing = s.vault.hasQueueKey();
  return { client, door: new DoorStation(client, dir, s.vault.queueKey(), log, existing) };
}

/**
 * A station's own window onto the host (SPEC §11): the same renderer, served on 127.0.0.1 of the
 * station, whose calls go to the ledger host through the station's transport (signed, to the pinned
 * certificate). The renderer does not change; `station.status` is answered here, by the station.
 */
export async function startStation(opts: { dir: string; keyStore: KeyStore; port: number; staticDir: string; heartbeatMs?: number; log?: (line: string) => void }): Promise<RunningStation> {
  const { client, door } = await openStation(opts.dir, opts.keyStore, opts.log);
  const log = opts.log ?? (() => undefined);
  const host: RunningHost = await startHost({ port: opts.port, staticDir: opts.staticDir, station: client.config.stationId, dispatch: stationDispatch(client, door) });
  if (door) await door.refresh(true).catch(() => undefined);
  const stopBeat = stationHeartbeat(client, door, opts.heartbeatMs ?? HEARTBEAT_MS, log);
  return {
    url: host.url,
    client,
    door,
    close: async () => {
      stopBeat();
      await host.close();
      door?.close();
    },
  };
}
