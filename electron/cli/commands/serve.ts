import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDaicho } from '../../core';
import { startHost } from '../../host/host';
import { lanListener } from '../../host/lan-server';
import { chromiumPdfRenderer } from '../../host/chromium-pdf';
import { CliError, EXIT } from '../errors';
import { rendererDir } from '../paths';
import { hasData, keyStoreToCreate, keyStoreToOpen, type UnlockArgs } from '../unlock';

export const DEFAULT_PORT = 8470;
/** How long browser mode keeps Chromium running after a print or the print view's opening (it holds about 400 MB while it runs). */
const PDF_KEEP_WARM_MS = 5 * 60_000;

/**
 * `daicho serve` (SPEC §9 browser mode): the built UI and the API on 127.0.0.1 only. Creates the
 * data on first run; the setup wizard then runs in the browser. Ctrl+C (or SIGTERM) closes cleanly.
 */
export async function serveCommand(args: UnlockArgs & { port: number; lan?: { address: string; port: number } | 'off' }): Promise<number> {
  const isNew = !hasData(args.dataDir);
  const keyStore = isNew ? await keyStoreToCreate(args) : await keyStoreToOpen(args);
  const daicho = await openDaicho({
    dataDir: args.dataDir,
    keyStore,
    create: isNew,
    log: (err, method) => console.error(`[${new Date().toISOString()}] ${method}:`, err),
    // Browser mode's PDFs: this machine's Chromium headless (none: the app says so and offers the print
    // dialog), started when the print view opens and kept running for a while after a print.
    renderPdf: chromiumPdfRenderer(undefined, { keepWarmMs: PDF_KEEP_WARM_MS }) ?? undefined,
  });
  const staticDir = rendererDir();
  let host;
  try {
    host = await startHost({ dispatch: (r) => daicho.dispatcher.call(r), port: args.port, staticDir, station: `browser:${os.hostname()}` });
  } catch (err) {
    daicho.close();
    if ((err as { code?: string }).code === 'EADDRINUSE')
      throw new CliError(`Port ${args.port} is already in use; choose another with --port N. / ポート ${args.port} は使用中です。`);
    throw err;
  }

  // SPEC §11: the office LAN listener, as its setting says (--lan sets it, journaled as this command line's).
  if (args.lan !== undefined) {
    const who = { actor: 'cli', station: `cli:${os.hostname()}` };
    const want = args.lan === 'off' ? { ...daicho.settings.get('lan.listener'), enabled: false } : { enabled: true, ...args.lan };
    if (want.enabled) await daicho.lan.ensureIdentity(who);
    daicho.store.write(who, (tx) => daicho.settings.set(tx, 'lan.listener', want));
  }
  const lan = lanListener(daicho, (line) => console.log(`  ${line}`));
  await lan.apply();
  if (daicho.lan.problem) console.log(`  LAN: not listening (${daicho.lan.problem}) / 事業所内ネットワークの受付を開始できません`);

  const status = await daicho.dispatcher.call({ token: null, method: 'setup.status', input: {}, station: 'cli' });
  const needsSetup = status.result.ok && (status.result.value as { needsSetup: boolean }).needsSetup;
  console.log(`Daicho browser mode / ブラウザモード — data: ${args.dataDir}${isNew ? ' (new)' : ''}`);
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) console.log(`  warning: the UI is not built (${staticDir}); run "npm run build".`);
  console.log(needsSetup ? '  First run: open the address below to set up the company. / 初期設定を行ってください。' : '  Open the address below and sign in. / 下のアドレスを開いてサインインしてください。');
  console.log(`Listening on ${host.url}   (this computer only; Ctrl+C stops)`);

  const running = host;
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping… / 停止します`);
      void Promise.all([running.close(), lan.close()]).finally(() => {
        daicho.close();
        resolve(EXIT.ok);
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
