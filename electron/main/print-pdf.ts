import { BrowserWindow } from 'electron';
import type { PdfRenderer } from '../core';
import { offerPrintDocument } from './protocol';

/**
 * The app's PDFs (issue 12): the print layout loaded in a hidden window — no preload, no script, no
 * network (protocol.ts serves it once, with a CSP that loads nothing) — and printed with Chromium's
 * printToPDF, A4 landscape as the layout's own @page rules say. The window goes when the PDF is
 * made or the export is cancelled.
 */
export function electronPdfRenderer(): PdfRenderer {
  return async (html, signal) => {
    const win = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, spellcheck: false, devTools: false },
    });
    const doc = offerPrintDocument(html);
    const stop = () => {
      if (!win.isDestroyed()) win.destroy();
    };
    signal.addEventListener('abort', stop, { once: true });
    try {
      if (signal.aborted) throw new Error('cancelled');
      await win.loadURL(doc.url);
      const pdf = await win.webContents.printToPDF({ landscape: true, pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      return new Uint8Array(pdf);
    } finally {
      doc.withdraw();
      signal.removeEventListener('abort', stop);
      stop();
    }
  };
}
