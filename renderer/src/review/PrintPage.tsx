import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, FileDown, FileStack, FileText, Printer } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import type { PrintSheet } from '../../../shared/print/sheet';
import { sheetCsv } from '../../../shared/print/csv';
import { sheetHtml } from '../../../shared/print/html';
import { api } from '../api/api';
import { Alert, ErrorAlert } from '../components/Alert';
import { useReviewText } from './review-text';
import { JobProgress } from '../jobs/JobProgress';
import { saveFile, useExport } from './useExport';
import { showFrameFocus } from './ReviewMonthSheet';
import { usePunct } from '../hooks/usePunct';

/**
 * SPEC §6 in the app: one ledger × site × month as the paper form — shown as it will print (A4
 * landscape, the seals or 未確認), printed through the system's print dialog, saved as a PDF (this
 * ledger, or the month's bundle of every ledger) made in the core's job runner with progress, or
 * saved as CSV. Each print and export is journaled by the core.
 */
export function PrintPage() {
  const { t, i18n } = useTranslation();
  const rt = useReviewText();
  const p = usePunct();
  const { ledger = '', siteId = '', month = '' } = useParams();
  const [sheet, setSheet] = useState<PrintSheet | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const navigate = useNavigate();
  const pdf = useExport();
  // SPEC §6: the period and dates in 和暦 by default, 西暦 switchable (a walk-through: no screen offered it).
  // The paper in the screen's language (a walk-through: an English-speaking auditor got Japanese only), and
  // in it the years as its readers count them: 和暦 in Japanese, Western in English; either switchable.
  const [lang, setLang] = useState<'ja' | 'en'>(i18n.resolvedLanguage === 'en' ? 'en' : 'ja');
  const [calendar, setCalendar] = useState<'wareki' | 'seireki'>(lang === 'en' ? 'seireki' : 'wareki');
  /** The sheet shown next is the one 印刷… journaled: print it once it is laid out. */
  const printWhenLoaded = useRef(false);

  useEffect(() => {
    let live = true;
    // Another sheet asked for: the last one is not it, whatever the answer (a walk-through: refused, the old site's sheet stayed, printable);
    // nor is it the one a print in flight journaled (a review: switched meanwhile, the new preview was printed unjournaled).
    printWhenLoaded.current = false;
    setSheet(null);
    setError(null);
    void api('print.sheet', { ledger, siteId, month, format: 'preview', calendar, lang }).then((r) => live && (r.ok ? setSheet(r.value) : setError(r.error)));
    return () => {
      live = false;
    };
  }, [ledger, siteId, month, calendar, lang]);

  // 印刷 journals the print (the preview is not one) and prints the sheet as it stands now: the
  // preview is replaced by it, and the dialog opens once it is laid out.
  const [printing, setPrinting] = useState(false);
  const print = async () => {
    if (printing) return;
    setPrinting(true);
    try {
      const r = await api('print.sheet', { ledger, siteId, month, format: 'print', calendar, lang });
      if (!r.ok) return setError(r.error);
      if (sheet && sheetHtml(r.value) === sheetHtml(sheet)) return frame.current?.contentWindow?.print();
      printWhenLoaded.current = true;
      setSheet(r.value);
    } finally {
      setPrinting(false);
    }
  };
  const onFrameLoad = () => {
    // The preview takes the keyboard's focus (PageDown scrolls it) and shows it (WCAG 2.4.7).
    if (frame.current) showFrameFocus(frame.current);
    if (!printWhenLoaded.current) return;
    printWhenLoaded.current = false;
    frame.current?.contentWindow?.print();
  };
  // The CSV saved, said as a PDF's is (a user probe: the file came down and the screen said nothing); a PDF started after it says its own.
  const [csvSaved, setCsvSaved] = useState<string | null>(null);
  useEffect(() => setCsvSaved(null), [ledger, siteId, month]); // another sheet: said of the one before, not of it
  const saveCsv = async () => {
    setCsvSaved(null);
    const r = await api('print.sheet', { ledger, siteId, month, format: 'csv', calendar, lang });
    if (!r.ok) return setError(r.error);
    const file = `${r.value.title}_${r.value.site}_${month}.csv`;
    saveFile(sheetCsv(r.value), file, 'text/csv;charset=utf-8');
    setCsvSaved(file);
  };
  const startPdf = (input: Parameters<typeof pdf.start>[0]) => {
    setCsvSaved(null);
    void pdf.start(input);
  };
  // While the preview loads, every button keeps its place and the focus (aria-disabled, as while a PDF is made),
  // and one pressed says why it did nothing (a user probe: 印刷… and CSV were disabled, the PDF buttons silently did nothing).
  const [notReady, setNotReady] = useState(false);
  useEffect(() => setNotReady(false), [sheet]);
  const whenReady = (act: () => void, busyToo = false) => () => {
    if (!sheet) return setNotReady(!error);
    if (!busyToo) act();
  };
  const busy = !sheet || pdf.job !== null;

  return (
    <div className="page page-full">
      <button type="button" className="back-link btn-link" onClick={() => void navigate(-1)}>
        <ArrowLeft size={16} aria-hidden="true" /> {t('common.actions.back')}
      </button>
      {/* The heading on a line of its own, the buttons below it (a walk-through: beside it, they broke the heading in two). */}
      <header className="page-header print-header">
        <h1>
          {sheet
            ? t('print.title', { ledger: rt.ledgerTitle(ledger), site: sheet.site, month: rt.month(month) })
            : error
              ? t('print.titleRefused', { ledger: rt.ledgerTitle(ledger), month: rt.month(month) })
              : t('common.loading')}
        </h1>
        <div className="toolbar">
          <PaperChoice label={t('print.calendar.label')} value={calendar} onChange={setCalendar} testId="print-calendar" options={[['wareki', t('print.calendar.wareki')], ['seireki', t('print.calendar.seireki')]]} />
          <PaperChoice label={t('print.language.label')} value={lang} onChange={setLang} testId="print-language" options={[['ja', t('print.language.ja')], ['en', t('print.language.en')]]} />
          <button type="button" className="btn btn-primary" onClick={whenReady(() => void print(), printing)} aria-disabled={!sheet || printing}>
            <Printer size={16} aria-hidden="true" /> {t('print.print')}
          </button>
          {/* While a PDF is made the buttons say so but keep the focus (a disabled button would drop it to the page). */}
          <button type="button" className="btn btn-secondary" onClick={whenReady(() => startPdf({ ledger, siteId, month, calendar, lang }), busy)} aria-disabled={busy}>
            <FileText size={16} aria-hidden="true" /> {t('print.pdf')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={whenReady(() => void saveCsv())} aria-disabled={!sheet}>
            <FileDown size={16} aria-hidden="true" /> {t('print.csv')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={whenReady(() => startPdf({ siteId, month, bundle: true, calendar, lang }), busy)} aria-disabled={busy}>
            <FileStack size={16} aria-hidden="true" /> {t('print.bundle')}
          </button>
        </div>
      </header>
      <p className="page-lead">{t('print.lead')}</p>
      <ErrorAlert error={error ?? pdf.error} />
      {pdf.job && <JobProgress job={pdf.job} onCancel={(j) => void pdf.cancel(j.id)} canCancel />}
      <div role="status">
        {notReady && !sheet && (
          <Alert tone="info" testId="print-not-ready">
            {t('print.notReady')}
          </Alert>
        )}
        {csvSaved && (
          <Alert tone="success" testId="print-saved">
            {t('print.saved', { file: csvSaved })}
          </Alert>
        )}
        {!csvSaved && pdf.saved && (
          <Alert tone="success" testId="print-saved">
            {t('print.saved', { file: pdf.saved })}
            {pdf.leftOut.length > 0 && ` ${t('print.leftOut', { ledgers: p.list(pdf.leftOut) })}`}
          </Alert>
        )}
      </div>
      {sheet && <iframe ref={frame} title={t('print.preview')} className="print-preview" srcDoc={sheetHtml(sheet)} onLoad={onFrameLoad} data-testid="print-preview" />}
    </div>
  );
}

/** A choice of how the paper is made (its years, its language), in the print page's toolbar. */
function PaperChoice<V extends string>({ label, value, onChange, options, testId }: { label: string; value: V; onChange: (v: V) => void; options: [V, string][]; testId: string }) {
  return (
    <label className="toolbar-field">
      {label}
      <select className="input" value={value} onChange={(e) => onChange(e.target.value as V)} data-testid={testId}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
