import { setImmediate as yieldTurn } from 'node:timers/promises';
import { DaichoError } from '../../../shared/api/errors';
import type { ExportFile } from '../../../shared/api/print-contract';
import { sheetCsv } from '../../../shared/print/csv';
import { bundleHtml, COVER, sheetHtml } from '../../../shared/print/html';
import type { PrintSheet } from '../../../shared/print/sheet';
import { JobCancelled } from '../jobs/worker-client';
import type { JobKindDef } from '../jobs/runner';

/**
 * Renders the print layout (an HTML document with its own @page rules) to PDF: Electron's
 * printToPDF in the app (electron/main/print-pdf.ts), Chromium headless in browser mode and on the
 * command line (electron/host/chromium-pdf.ts). Stops when the signal aborts.
 */
export type PdfRenderer = ((html: string, signal: AbortSignal) => Promise<Uint8Array>) & {
  /** Get ready for a print soon (the print view opened): a renderer kept running starts now; resolves once ready. */
  warm?: () => Promise<void>;
  /** Let go of what it keeps running (the data is closing). */
  close?: () => Promise<void>;
};

export interface ExportJobArgs {
  /** Each sheet of the file, built in turn (in the reader worker, print/printing.ts; the main thread yields between them). */
  sheets: (() => PrintSheet | Promise<PrintSheet>)[];
  format: 'pdf' | 'csv';
  bundle: boolean;
  siteId: string;
  month: string;
  /** A bundle's ledgers its maker may not read, by title: named on its cover, so no one takes it for the whole set. */
  leftOut?: string[];
}

/** What may not be in a file name on Windows, macOS or Linux. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]/g;

export function exportFilename(sheets: PrintSheet[], bundle: boolean, format: 'pdf' | 'csv'): string {
  const s = sheets[0];
  // A bundle by its cover's title, in the paper's language (insider probe 11: an English one was 月次台帳一式_…).
  const what = bundle ? COVER[s.lang].title : s.title;
  // No spaces (a user probe: 「Monthly ledgers_本社_2026-10.pdf」 is quoted in every command line and mail): words joined by -.
  return `${what}_${s.site}_${s.month}.${format}`.replace(UNSAFE, '_').replace(/\s+/gu, '-');
}

/**
 * An export (SPEC §6, issue 12) in the job runner: the sheets one by one, then the PDF, with progress
 * and cancel; the file kept in memory for whoever asked for it (JobRunner.take). Its end journals
 * each sheet printed (print.pdf / print.csv: who, what ledger, site and month, how many records), or
 * one print.export event when it failed or was cancelled. Everyone may run one at a time; Chromium
 * is heavy, so at most three run at once.
 */
export function exportJob(render: PdfRenderer | null): JobKindDef<ExportJobArgs> {
  return {
    action: 'print.export',
    perPerson: { max: 3 },
    warm: () => void render?.warm?.(),
    close: async () => render?.close?.(),
    prepare: (_env, args) => {
      if (args.format === 'pdf' && !render) throw new DaichoError('conflict', 'print.errors.no_pdf');
      let printed: { ledger: string; records: number }[] = [];
      return {
        run: async (ctl) => {
          const built: PrintSheet[] = [];
          for (const [i, build] of args.sheets.entries()) {
            await yieldTurn();
            if (ctl.signal.aborted) throw new JobCancelled();
            built.push(await build());
            ctl.progress(((i + 1) / args.sheets.length) * (args.format === 'pdf' ? 0.3 : 0.9), 'sheets');
          }
          let bytes: Uint8Array;
          if (args.format === 'csv') bytes = new TextEncoder().encode(sheetCsv(built[0]));
          else {
            ctl.progress(0.35, 'render');
            try {
              bytes = await render!(args.bundle ? bundleHtml(built, built[0]?.lang ?? 'ja', args.leftOut ?? []) : sheetHtml(built[0]), ctl.signal);
            } catch (err) {
              if (ctl.signal.aborted) throw new JobCancelled();
              // Chromium's own words (a timeout, a crash) are its first line only, after what the person can do.
              throw new DaichoError('conflict', 'print.errors.pdf_failed', undefined, { detail: String((err as Error)?.message ?? err).split('\n')[0].slice(0, 200) });
            }
            if (ctl.signal.aborted) throw new JobCancelled();
          }
          const filename = exportFilename(built, args.bundle, args.format);
          const file: ExportFile = { filename, mime: args.format === 'pdf' ? 'application/pdf' : 'text/csv', base64: Buffer.from(bytes).toString('base64') };
          const records = built.reduce((n, s) => n + s.rows.length, 0);
          printed = built.map((s) => ({ ledger: s.ledger, records: s.rows.length }));
          return { summary: { records, file: filename, bytes: bytes.byteLength, ...(args.leftOut?.length ? { leftOut: args.leftOut } : {}) }, detail: file };
        },
        journal: (tx, info) => {
          const what = { siteId: args.siteId, month: args.month, bundle: args.bundle };
          if (info.state === 'succeeded') for (const p of printed) tx.event(`print.${args.format}`, 'print', info.id, { ...what, ...p, file: info.result?.file ?? null });
          else tx.event('print.export', 'jobs', info.id, { ...what, format: args.format, outcome: info.state, ...(info.error ? { error: info.error.messageKey } : {}) });
        },
      };
    },
  };
}
