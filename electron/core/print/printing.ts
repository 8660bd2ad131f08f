import { DaichoError } from '../../../shared/api/errors';
import type { ExportFile, printContract } from '../../../shared/api/print-contract';
import { allows } from '../../../shared/api/access';
import type { JobInfo } from '../../../shared/domain/jobs';
import { requireSession, type HandlerContext, type Handlers } from '../context';
import { getAccount } from '../auth/accounts-repo';
import type { LedgerModule } from '../ledgers/kit/record-book';
import type { ReviewSource } from '../review/sources';
import { buildSheet, sheetText, type SheetOptions } from './sheets';
import type { PrintSheet } from '../../../shared/print/sheet';
import { inReader } from '../jobs/reader-call';

export type PrintMethodName = keyof typeof printContract;

/**
 * SPEC §6 (issue 12): printing and export for every ledger the review covers. Only whoever may read
 * a ledger prints it (the access-log checks are not the clerk's); a bundle holds the ledgers the
 * caller may read. A PDF is made in the job runner; its file goes only to whoever asked for it.
 */
export function printHandlers(sources: readonly ReviewSource[], modules: readonly LedgerModule[], opts: { inReader?: boolean } = {}): Handlers<PrintMethodName> {
  // Issue 7 point 5: a busy month's sheet is tens of milliseconds of reads and rules; built in the
  // reader worker (jobs/reader.ts), which has the app's own ledgers (a test's own are built here).
  const sheetOf = (ctx: HandlerContext, ledger: string, siteId: string, month: string, o: SheetOptions): PrintSheet | Promise<PrintSheet> => {
    const here = () => buildSheet({ store: ctx.store, settings: ctx.settings, now: ctx.now }, modules, sources, ledger, siteId, month, o);
    return opts.inReader ? inReader(ctx, 'print.buildSheet', { ledger, siteId, month, opts: o }, here, { part: true }) : here();
  };
  const mayRead = (ctx: HandlerContext, ledger: string) => {
    const m = modules.find((x) => x.definition.key === ledger);
    return !!m && allows(m.definition.access.read, requireSession(ctx));
  };
  const titleOf = (ledger: string, lang: SheetOptions['lang']) => {
    const def = modules.find((x) => x.definition.key === ledger)?.definition;
    return def ? sheetText(lang, `${def.i18n}.title`) : ledger;
  };
  const known = (ledger: string) => {
    if (!sources.some((s) => s.key === ledger)) throw new DaichoError('invalid_input', 'review.errors.unknown_ledger', 'ledger');
  };
  const options = (ctx: HandlerContext, calendar: SheetOptions['calendar'], lang: SheetOptions['lang']): SheetOptions => ({
    lang, calendar, printedBy: getAccount(ctx.store, requireSession(ctx).accountId)?.display_name ?? '',
  });
  /** The caller's own export job (someone else's is not found: its file is theirs). */
  const ownJob = (ctx: HandlerContext, id: string): JobInfo => {
    const info = ctx.jobs.get(id);
    if (!info || info.kind !== 'export' || ctx.jobs.ownerOf(id) !== ctx.actor().actor) throw new DaichoError('not_found', 'errors.not_found', 'id');
    return info;
  };

  return {
    'print.sheet': async (ctx, { ledger, siteId, month, format, calendar, lang }) => {
      known(ledger);
      if (!mayRead(ctx, ledger)) throw new DaichoError('forbidden', 'errors.forbidden', 'ledger');
      // The print view opened: a PDF may follow (browser mode keeps its Chromium ready meanwhile).
      if (format === 'preview') ctx.jobs.warm('export');
      // The CSV's dates are 西暦 whatever the paper's 年の表記, as the print view says: its cells, and also the
      // words in it (a disposition's date, a month item's time — a user probe found R8.12.07 and 令和8年 there).
      const sheet = await sheetOf(ctx, ledger, siteId, month, options(ctx, format === 'csv' ? 'seireki' : calendar, lang));
      // SPEC §6: every print and export is journaled — who (the row's actor), what, when. A preview on
      // the screen is not a print (a walk-through: each switch of 年の表記 journaled one).
      if (format !== 'preview') ctx.store.write(ctx.actor(), (tx) => tx.event(`print.${format}`, 'print', null, { ledger, siteId, month, records: sheet.rows.length }));
      return sheet;
    },

    'print.export': (ctx, { ledger, bundle, siteId, month, calendar, lang }) => {
      if (ledger !== undefined) {
        known(ledger);
        if (!mayRead(ctx, ledger)) throw new DaichoError('forbidden', 'errors.forbidden', 'ledger');
      }
      if (!ctx.store.rowById('sites', siteId)) throw new DaichoError('not_found', 'errors.not_found', 'siteId');
      const ledgers = bundle ? sources.map((s) => s.key).filter((l) => mayRead(ctx, l)) : [ledger!];
      if (ledgers.length === 0) throw new DaichoError('forbidden', 'errors.forbidden', 'ledger');
      const opts = options(ctx, calendar, lang);
      // Each sheet is read when the job comes to it, as printed at the time it was asked for.
      const sheets = ledgers.map((l) => () => sheetOf(ctx, l, siteId, month, opts));
      // The ledgers the caller may not read are named on the cover (a walk-through: a clerk's 台帳一式 left the access-log checks out unsaid).
      const leftOut = bundle ? sources.filter((s) => !mayRead(ctx, s.key)).map((s) => titleOf(s.key, opts.lang)) : [];
      return ctx.jobs.start('export', { sheets, format: 'pdf', bundle, siteId, month, leftOut }, ctx.actor());
    },

    'print.exportStatus': (ctx, { id }) => ownJob(ctx, id),

    'print.exportCancel': (ctx, { id }) => {
      ownJob(ctx, id);
      return ctx.jobs.cancel(id);
    },

    'print.download': (ctx, { id }) => {
      ownJob(ctx, id);
      return ctx.jobs.take(id, ctx.actor().actor).detail as ExportFile;
    },
  };
}
