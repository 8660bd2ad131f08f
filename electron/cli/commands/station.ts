import fs from 'node:fs';
import path from 'node:path';
import { translate } from '../../../shared/i18n';
import { enrollStation, readStationConfig, StationError } from '../../station/station';
import { startStation } from '../../station/serve-station';
import { CliError, EXIT } from '../errors';
import { rendererDir } from '../paths';
import { stationKeyStore } from '../unlock';

export const DEFAULT_STATION_PORT = 8472;

export interface StationArgs {
  dataDir: string;
  host?: string;
  pair?: string;
  fingerprint?: string;
  port: number;
  /** --raw-key-file FILE: the key of the station's vault kept in the site's own secrets store, not under a passphrase. */
  rawKeyFile?: string;
  /** How often it tells the host it is there (and delivers what waits); tests shorten it. */
  heartbeatMs?: number;
}

/**
 * `daicho station` (SPEC §11): a station of a ledger host, headless — for a door-terminal PC without
 * a display manager, and for tests. With --pair it enrolls first (the code shown on the host; the
 * host's certificate is pinned); then it serves the app on 127.0.0.1 of this PC, every call going
 * to the host. Its folder keeps its vault (its signing key and a door terminal's queue key, under the
 * folder's passphrase: DAICHO_PASSPHRASE, or asked) and its witness file (for `daicho verify --witness`).
 */
export async function stationCommand(args: StationArgs): Promise<number> {
  const dir = path.resolve(args.dataDir);
  if (args.pair) {
    if (!args.host) throw new CliError('--host https://ADDRESS:PORT is needed to enroll. / 台帳ホストのアドレス（--host）を指定してください。');
  } else if (!readStationConfig(dir)) throw new CliError(`No enrolled station in ${dir}: enroll with --host URL --pair CODE. / 端末が登録されていません。`);
  // What the folder held before: an enrollment refused leaves nothing of its own behind (a probe: its key.json stayed).
  const before = new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  const keyStore = await stationKeyStore(dir, args.rawKeyFile);
  if (args.pair && args.host) {
    try {
      const c = await enrollStation(dir, args.host, args.pair, { keyStore, expectFingerprint: args.fingerprint });
      console.log(`Enrolled as ${c.name} (${c.stationId}, ${c.profile}) with ${c.host}; host certificate ${c.fingerprint} pinned. / 端末を登録しました`);
    } catch (err) {
      if (!readStationConfig(dir) && fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (!before.has(f)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
      // Said in words, not as a message key (a probe: 登録できませんでした (lan.errors.wrong_code)).
      if (err instanceof StationError) {
        const { messageKey, params } = err.error;
        throw new CliError(`${translate('en', messageKey, params)} / 登録できませんでした：${translate('ja', messageKey, params)}`);
      }
      throw new CliError(`${(err as Error).message} / 登録できませんでした`);
    }
  }
  const running = await startStation({ dir, keyStore, port: args.port, staticDir: rendererDir(), heartbeatMs: args.heartbeatMs, log: (line) => console.log(`  ${line}`) });
  const c = running.client.config;
  console.log(`Station ${c.name} (${c.stationId}) of ${c.host} — open ${running.url}   (this computer only; Ctrl+C stops)`);
  console.log(`  witness file: ${running.client.witness.file}`);
  return new Promise((resolve) => {
    const stop = () => void running.close().finally(() => resolve(EXIT.ok));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
