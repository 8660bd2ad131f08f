import { startHost, type RunningHost } from '../host/host';
import type { StationStatus } from '../../shared/api/lan-contract';
import { StationClient } from './station';

/** How often an idle station tells the host it is there (and learns whether the host is). */
export const HEARTBEAT_MS = 15_000;

export interface RunningStation {
  url: string;
  client: StationClient;
  close(): Promise<void>;
}

/**
 * A station's own window onto the host (SPEC §11): the same renderer, served on 127.0.0.1 of the
 * station, whose calls go to the ledger host through the station's transport (signed, to the pinned
 * certificate). The renderer does not change; `station.status` is answered here, by the station.
 */
export async function startStation(opts: { dir: string; port: number; staticDir: string; heartbeatMs?: number }): Promise<RunningStation> {
  const client = StationClient.open(opts.dir);
  const status = (): StationStatus => ({
    mode: 'station', name: client.config.name, host: client.config.host, connected: client.connected,
    lastContactAt: client.lastContactAt?.toISOString() ?? null, waiting: 0,
  });
  const host: RunningHost = await startHost({
    port: opts.port,
    staticDir: opts.staticDir,
    station: client.config.stationId,
    dispatch: async (req) => {
      if (req.method === 'station.status') return { result: { ok: true, value: status() } };
      return client.call({ method: req.method, input: req.input, token: req.token, device: req.device ?? null });
    },
  });
  const beat = () => void client.call({ method: 'station.status', input: {}, token: null }).catch(() => undefined);
  beat();
  const timer = setInterval(beat, opts.heartbeatMs ?? HEARTBEAT_MS);
  timer.unref();
  return {
    url: host.url,
    client,
    close: async () => {
      clearInterval(timer);
      await host.close();
    },
  };
}
