import fs from 'node:fs';
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

/** A renderer on this machine's Chromium, or null when there is none (the app then refuses PDFs with its message). */
export function chromiumPdfRenderer(executablePath = findChromium()): PdfRenderer | null {
  if (!executablePath) return null;
  return async (html, signal) => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const stop = () => void browser.close().catch(() => undefined);
    signal.addEventListener('abort', stop, { once: true });
    try {
      if (signal.aborted) throw new Error('cancelled');
      // The layout needs no script: none runs.
      const page = await browser.newPage({ javaScriptEnabled: false });
      // The page loads nothing from anywhere: the layout is one self-contained document.
      await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
    } finally {
      signal.removeEventListener('abort', stop);
      await browser.close().catch(() => undefined);
    }
  };
}
