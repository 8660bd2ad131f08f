import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { PdfRenderer } from '../core';

// Browser mode and the command line (issue 12): the print layout rendered to PDF by Chromium headless,
// driven by playwright-core (never in the Electron package: the app has printToPDF). The same HTML
// as the app prints, with its own @page rules (A4 landscape, page n / N).

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Where Chromium is: $DAICHO_CHROMIUM, else the usual places; null when there is none. */
export function findChromium(): string | null {
  const candidates = [process.env.DAICHO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].filter((p): p is string => !!p);
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

export interface ChromiumPdfOptions {
  /**
   * How long Chromium stays running after its last print (ms). 0 (the command line's one export): it
   * starts for each print and closes after it. Kept running (browser mode), a print skips Chromium's
   * start and its renderer's first print: on the 2-core machines a 1,000-record month took 4.7–5 s
   * from cold and about 2 s warm (docs/verify-speed.md).
   */
  keepWarmMs?: number;
}

/** How long a layout may take to load before its print fails with a message (the export can be cancelled before). */
const RENDER_TIMEOUT_MS = 5 * 60_000;

/** The pages kept ready between prints: one is enough for one person's export; a second for two at once. */
const IDLE_PAGES = 2;

/** A small page of the layout's own fonts and rules: printing it once loads what every later print needs. */
const WARM_UP_HTML =
  '<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>@page { size: A4 landscape; margin: 12mm 10mm 14mm; @bottom-right { content: counter(page) " / " counter(pages); } }' +
  ' body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 8.5pt; } th, td { border: 1px solid #555; }</style></head>' +
  '<body><table><thead><tr><th>入室日時</th></tr></thead><tbody><tr><td>令和8年10月1日 08:06 山本 美穂 PC-NGY-01</td></tr></tbody></table></body></html>';

/**
 * A renderer on this machine's Chromium, or null when there is none (the app then refuses PDFs with
 * its message). Each print has a page of its own (no script runs, nothing is loaded from anywhere);
 * a page is used again only for the next print, with its document replaced.
 */
export function chromiumPdfRenderer(executablePath = findChromium(), opts: ChromiumPdfOptions = {}): PdfRenderer | null {
  if (!executablePath) return null;
  const keepWarmMs = opts.keepWarmMs ?? 0;
  let browser: Promise<Browser> | null = null;
  const idle: Page[] = [];
  let warming: Promise<void> | null = null;
  let active = 0;
  let idleTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const launch = (): Promise<Browser> => {
    if (closed) return Promise.reject(new Error('closed'));
    if (!browser) {
      const started = import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath, args: CHROMIUM_ARGS }));
      browser = started;
      started.then(
        (b) =>
          b.on('disconnected', () => {
            // Chromium gone (it crashed, or was closed): the next print starts another. Only its own
            // pages go (an older one's close may come after a newer one started).
            if (browser === started) browser = null;
            const others = idle.filter((p) => p.context().browser() !== b);
            idle.splice(0, idle.length, ...others);
          }),
        () => {
          if (browser === started) browser = null;
        },
      );
    }
    return browser;
  };

  const newPage = async (): Promise<Page> => {
    const page = await (await launch()).newPage({ javaScriptEnabled: false });
    // A renderer that crashed is not used again (Playwright keeps such a page open).
    page.on('crash', () => void page.close().catch(() => undefined));
    // The page loads nothing from anywhere: the layout is one self-contained document.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    return page;
  };

  const takeIdle = (): Page | null => {
    let page = idle.pop() ?? null;
    while (page && page.isClosed()) page = idle.pop() ?? null; // its renderer crashed
    return page;
  };

  const print = async (page: Page, html: string): Promise<Uint8Array> => {
    // A large bundle may take long on a slow PC (Playwright's default is 30 s): the person can cancel it meanwhile.
    await page.setContent(html, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS });
    return await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
  };

  const shutDown = async (): Promise<void> => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    idle.length = 0;
    const b = browser;
    browser = null;
    if (b) await b.then((x) => x.close()).catch(() => undefined);
  };

  /** Nothing printing: close Chromium (not kept warm) or close it after its idle time. */
  const settle = async (): Promise<void> => {
    if (active > 0 || warming) return;
    if (keepWarmMs <= 0 || closed) return shutDown();
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => void shutDown(), keepWarmMs);
    idleTimer.unref();
  };

  const render: PdfRenderer = async (html, signal) => {
    if (closed) throw new Error('closed');
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    active++;
    let page: Page | null = null;
    const stop = () => void page?.close().catch(() => undefined);
    signal.addEventListener('abort', stop, { once: true });
    try {
      // A warm-up under way is the same work this print would do first: wait for its page (or the cancel).
      if (warming) await Promise.race([warming, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
      if (signal.aborted) throw new Error('cancelled');
      page = takeIdle() ?? (await newPage());
      if (signal.aborted) throw new Error('cancelled');
      const pdf = await print(page, html);
      if (!signal.aborted && !closed && keepWarmMs > 0 && idle.length < IDLE_PAGES && !page.isClosed()) {
        idle.push(page);
        page = null;
      }
      return pdf;
    } finally {
      signal.removeEventListener('abort', stop);
      if (page) await page.close().catch(() => undefined);
      active--;
      await settle();
    }
  };

  /** Get Chromium ready for a print soon (the print view opened): started, a page open, printed once. */
  render.warm = () => {
    if (warming) return warming;
    // A pending idle close must not stop Chromium in the middle of this warm-up.
    if (idleTimer && idle.length === 0) {
      clearTimeout(idleTimer);
      idleTimer = null;
    }
    if (closed || keepWarmMs <= 0 || idle.length > 0 || active > 0) {
      if (idleTimer && idle.length > 0) void settle(); // kept for another while
      return Promise.resolve();
    }
    const ready = (async () => {
      const page = await newPage();
      await print(page, WARM_UP_HTML);
      if (closed) await page.close();
      else idle.push(page);
    })()
      .catch(() => undefined)
      .finally(() => {
        warming = null;
        void settle();
      });
    warming = ready;
    return ready;
  };

  render.close = async () => {
    closed = true;
    // Not waiting for a warm-up: Chromium's close ends it (a hung one kept the process from exiting).
    await shutDown();
  };

  return render;
}
