import { z } from 'zod';
import { method } from './kit';
import { id, month, msg, text } from './schemas';
import type { PrintSheet } from '../print/sheet';
import type { JobInfo } from '../domain/jobs';

// SPEC §6 (issue 12): the printed ledgers. A sheet for the print view and the CSV; a PDF (one ledger,
// or a month bundle of every ledger) made in the job runner with progress, then taken by whoever
// asked for it. Every print and export is journaled (who, what, when).

const PRINTERS = ['clerk', 'site_head', 'safety_manager', 'sysadmin'] as const;
const calendar = z.enum(['wareki', 'seireki']).default('wareki');
/** The paper's language: Japanese (the company's own ledgers), or English for a reader who asks for it (a walk-through: an English auditor). */
const lang = z.enum(['ja', 'en']).default('ja');

/** A finished export, as the screen saves it (the file's bytes in base64: the contract carries JSON). */
export interface ExportFile {
  filename: string;
  mime: 'application/pdf' | 'text/csv';
  base64: string;
}

export const printContract = {
  /**
   * One ledger × site × month as paper holds it: to print (journaled as printed), for the CSV
   * (journaled as exported), or to preview on the screen (not journaled: nothing left the app).
   */
  'print.sheet': method<PrintSheet>()({
    input: z.object({ ledger: text(40), siteId: id, month, format: z.enum(['print', 'csv', 'preview']), calendar, lang }).strict(),
    access: PRINTERS,
  }),
  /**
   * Start a PDF of one ledger × site × month, or (`bundle`) of every ledger the caller may read for the
   * site and month after a cover listing the seals. Runs in the job runner; one at a time per person.
   */
  'print.export': method<JobInfo>()({
    input: z
      .object({ ledger: text(40).optional(), bundle: z.boolean().default(false), siteId: id, month, calendar, lang })
      .strict()
      .refine((v) => v.bundle || v.ledger !== undefined, { ...msg('errors.field.required'), path: ['ledger'] })
      .refine((v) => !(v.bundle && v.ledger !== undefined), { ...msg('errors.field.unknown_key'), path: ['ledger'] }),
    access: PRINTERS,
  }),
  /** How the caller's export is going (polled while it runs). */
  'print.exportStatus': method<JobInfo>()({ input: z.object({ id }).strict(), access: PRINTERS, passive: true }),
  'print.exportCancel': method<JobInfo>()({ input: z.object({ id }).strict(), access: PRINTERS }),
  /** The finished file, once, to whoever asked for it. */
  'print.download': method<ExportFile>()({ input: z.object({ id }).strict(), access: PRINTERS }),
} as const;
