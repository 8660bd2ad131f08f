// SPEC §6 (issue 12): one ledger × site × month as paper holds it — what the print view, the PDF and
// the CSV are made from. Built by the core (electron/core/print/sheets.ts) from the ledger's records,
// its columns and the month's seals; rendered by html.ts (print, PDF) and csv.ts.

/** A stamp box of the paper form (担当 / 確認 / 責任者): a signer's family name and date once signed. */
export interface StampBox {
  label: string;
  /**
   * The signer's family name, what the signature means (確認 / 承認: the seal's own, whatever the box
   * is labelled) and its date with the year, when a standing seal fills this box.
   */
  seal: { familyName: string; meaning: string; date: string } | null;
  /** A seal stands here whose signature does not hold (made or copied outside the app): printed as such, never as a seal. */
  broken?: boolean;
  /** The month is complete without a seal in this box (a site head's 確認 completes it; the safety manager approved without one): 不要, never an empty box read as unsigned. */
  notNeeded?: boolean;
}

/**
 * One cell of a row. Most are text, the same on paper and in the CSV. A date or a time is both: on
 * paper as the form writes it (10/20 09:30 under the month's heading, 令和8年10月20日), in the CSV
 * with its full Gregorian date (2026/10/20 09:30), which Excel reads as a date of the right year.
 * Made by the core's date cells (electron/core/print/sheets.ts), never by a ledger's own formatting.
 */
export type SheetCell = string | { paper: string; csv: string };

/** A short time on paper (11/4 11:34, 11/7（土） 18:00): its date, and its time after the last space. */
export const SHORT_TIME = /^(.+) (\d{1,2}:\d{2})$/u;

/**
 * The short dates on paper that must not break across lines: 11/3, 11/3（火・祝）, 11/3 (Tue, holiday).
 * A narrow column broke 「11/3（火・」 from 「祝）」 (a walk-through); the print layout keeps each whole
 * (html.ts) and its column is made as wide as the widest (electron/core/print/sheets.ts).
 */
export const UNBROKEN_DATES = /\d{1,2}\/\d{1,2}(?:（[^）\n]{1,6}）| \([A-Za-z, ]{1,20}\))?/g;

/**
 * The state column's width, in the columns' relative units: it holds the anomalies with their
 * dispositions, the widest, unless nothing of the month is marked (the visitors' paper had a wide
 * empty column while its times wrapped).
 */
export function stateWidth(rows: readonly SheetRow[]): number {
  return rows.some((r) => r.void || r.amended || r.sealedChange || (r.anomalies?.length ?? 0) > 0) ? 3.6 : 1.6;
}

/** A cell as paper shows it (the print view, the PDF). */
export const paperText = (cell: SheetCell): string => (typeof cell === 'string' ? cell : cell.paper);
/** A cell as the CSV gives it. */
export const csvText = (cell: SheetCell): string => (typeof cell === 'string' ? cell : cell.csv);

export interface SheetRow {
  cells: SheetCell[];
  /** Voided: struck through, with its reason in the last column. */
  void: boolean;
  /** Corrected (訂正) at least once. */
  amended: boolean;
  /** Added, corrected or voided after its month was sealed (封印後修正). */
  sealedChange: boolean;
  /** Its anomalies in words, shown in the state column (a walk-through: a lost laptop read as a blank return date). */
  anomalies?: string[];
  /** The review's disposition of each of them, in words, beside it (null: none to print); black under the red mark on paper. */
  dispositions?: (string | null)[];
  /** Its corrections and void in words (when, by whom, what was before, why), under its marks. */
  changes?: string[];
}

export interface PrintSheet {
  /** The ledger's key as the review and the CLI know it (serverRoom, cabinetLog…). */
  ledger: string;
  /** The language its words are in (its page is marked so, and its bundle's cover is in it). */
  lang: 'ja' | 'en';
  /** Centred title, e.g. サーバルーム入退記録簿. */
  title: string;
  company: string;
  site: string;
  /** The month as printed: 令和8年10月 (or 2026年10月 with the 西暦 setting). */
  period: string;
  /** The month, YYYY-MM. */
  month: string;
  columns: {
    label: string;
    /** Relative width (the print layout shares the page by these). */
    width: number;
    /** Not struck through on a voided row: the reason it was voided is read, not cancelled with the row. */
    keep?: boolean;
    /**
     * A time column too narrow for its longest time on one line: every time of it printed as date over time, not
     * some on one line and some on two (a user probe: 「11/10 ／ 11:16」 under 「11/4 11:34」).
     */
    stacked?: boolean;
  }[];
  rows: SheetRow[];
  stamps: StampBox[];
  /**
   * The signing keys behind the standing seals (SPEC §5: key changes printed with the seals they
   * affect): each signer's key fingerprint, and when and why it was revoked, if it was.
   */
  keys: string[];
  /**
   * The month's seals taken back by the safety manager (SPEC §5), each in words: what was signed, by
   * whom and when, and who reopened it, when and why — a month signed again shows it was signed before.
   */
  reopened: string[];
  /** Records a correction after the seal moved out of this month, each in words (when, by whom, why, where it is now). */
  movedOut: string[];
  /**
   * The month's anomalies that are no record's (a business day without its checklist, a system not
   * checked, a door terminal's record that did not fit), each in words with the review's disposition.
   */
  monthItems?: string[];
  /** Signed and sealed: the seal's digest, short form (first 16 hex); null while 未確認. */
  digest: string | null;
  /**
   * Sealed, and still to be checked by the role whose seal completes the month (the server-room book:
   * the safety manager, Art. 13(1)), in words (安全管理責任者 未確認); absent or null when nothing more is due.
   */
  awaiting?: string | null;
  /** Who printed it, and when (already formatted). */
  printedBy: string;
  printedAt: string;
  /** Words of the page frame, in the sheet's language. */
  words: { keys: string; reopened: string; movedOut: string; monthItems?: string; state: string; unsigned: string; broken: string; notNeeded?: string; void: string; amended: string; sealedChange: string; digest: string; printedBy: string; page: string; none: string };
}
