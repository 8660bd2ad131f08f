import { z } from 'zod';
import { method } from './kit';
import { id, month, msg, optionalExplanation, plainDate as calendarDay, reason, secret, text } from './schemas';
import type { Role } from '../domain/roles';
import type { AccountInfo } from './core-contract';

// SPEC §5 (issue 11): the monthly review of each ledger × site × month, its dispositions, and the
// sign-off as an electronic signature that seals the exact record set and the journal head.

/** What each anomaly is given before sign-off (Art. 9): 問題なし, 是正済, 要対応 (carried into next month). */
export const DISPOSITIONS = ['no_issue', 'corrected', 'follow_up'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** What a signature means: 確認 (checked) or 承認 (approved). */
export const MEANINGS = ['confirm', 'approve'] as const;
export type Meaning = (typeof MEANINGS)[number];

/** In what capacity someone signs: their role, or as a designated reviewer (指名). */
export type SignerRole = Role | 'designated';

/** The review day of the next month by default (SPEC §5: due by day 10). */
export const DEFAULT_REVIEW_DUE_DAY = 10;

/**
 * What kind of item of a review: an anomaly of a record (its ledger's rules), of the month (a day
 * without a checklist, a system not checked), a 要対応 carried from the month before, or a change
 * made to an earlier month after its seal (封印後修正), an anomaly a correction or a void took away, or
 * a change to a register that loosened the ledger's rules (an asset no longer needing approval).
 */
export type ReviewItemKind = 'record' | 'month' | 'carried' | 'sealed_change' | 'cleared' | 'register_change';

export interface DispositionInfo {
  id: string;
  disposition: Disposition;
  explanation: string | null;
  cause: string | null;
  action: string | null;
  decidedBy: string;
  decidedByName: string;
  decidedAt: string;
  /** Decided by the one the item is about (a lone safety manager's own stay, Art. 9 had nobody else): 自己点検. */
  selfReview?: boolean;
}

/** A word of a label that the catalog has in each language (a default purpose, 保守点検): `text` in the label is said as `key` says it. */
export interface LabelTerm {
  text: string;
  key: string;
}

/**
 * A fact shown under an item: what a door terminal took with a record that did not fit the book (its
 * purpose, the visitors it brought), or why it did not. Each value is data (a name) or a catalog key;
 * a value's note (a visitor's company) is put beside it in the screen's words.
 */
export interface ReviewFact {
  term: 'purpose' | 'purposeNote' | 'visitors' | 'reason' | 'erased' | 'ngItems' | 'inServerRoom' | 'cabinetsOpen' | 'visitorsInside' | 'inServerRoomAfter' | 'cabinetsOpenedAfter' | 'visitorsArrivedAfter' | 'dueAt' | 'returnedAt' | 'dataHandling' | 'notes' | 'changedFields' | 'changedSettings' | 'changeReason' | 'actionTaken' | 'lostAt' | 'lossReason' | 'timeBefore' | 'timeAfter' | 'businessHours' | 'leftAt' | 'refusedFor' | 'times' | 'recordedAt';
  /** A text, a catalog key, or an instant (`at`: shown in the reader's language and calendar). */
  values: { text?: string; key?: string; note?: string; at?: string; /** The end of a span that begins with the value (08:00〜20:00). */ until?: string }[];
}

export interface ReviewItem {
  /** What the anomaly is about: a record id, a day "YYYY-MM-DD", a system's id, a disposition's id. */
  subject: string;
  /** The anomaly's code (its ledger's catalog has its text), or 'carried' / 'sealed_change'. */
  code: string;
  params?: Record<string, string | number>;
  kind: ReviewItemKind;
  /** The catalog key of its text (a ledger's anomaly, or review.items.*), with `params`. */
  messageKey: string;
  /** The record it is about, when it is one (shown, and linked to its history). */
  recordId: string | null;
  /** A few words that name the record or subject (a person, a cabinet, a system). */
  label: string;
  labelTerm?: LabelTerm;
  /** What more is known of it, shown under it (a door terminal's conflict: its purpose and visitors). */
  facts?: ReviewFact[];
  /** When it happened (a record's time), or null. */
  at: string | null;
  disposition: DispositionInfo | null;
  /** A disposition decided before the record was corrected: shown, and to be decided again for the record as it is now. */
  outdated?: DispositionInfo;
  /** In a sealed month: the record was changed after its disposition (a 封印後修正); the disposition stands as sealed, for the record as it was. */
  beforeSealedChange?: boolean;
  /** About a record of the reviewer's own: another reviewer disposes of it (review.get marks it). */
  aboutReviewer?: boolean;
  /**
   * A duty not yet due (an access-log check before its due day, YYYY-MM-DD): nothing to dispose of
   * yet, and the month is not signed until it is done or the day has come (a walk-through: November's
   * checks, due on 10 December, were disposed of as 問題なし and the month sealed on the 3rd).
   */
  waitingUntil?: string;
  /** Said for information (a cabinet locked by another than its opener, SPEC §4.2): no disposition is asked before signing; one may be given. */
  informational?: boolean;
  /** For the safety manager: about the own record of every other reviewer of the unit (the site head's stay), so only she can answer it and the month waits on her. */
  waitsOnYou?: boolean;
  /**
   * Answered by another reviewer, whose answer this one may not replace: only the one who recorded it
   * and the safety manager may (an insider probe: a site head replaced the safety manager's 要対応 with
   * 問題なし and signed the month).
   */
  answeredByOther?: boolean;
}

export interface SealInfo {
  id: string;
  signerId: string;
  signerName: string;
  signerRole: SignerRole;
  meaning: Meaning;
  signedAt: string;
  /** The sha256 of the sealed record set (hex); its first 16 characters are its short form. */
  digest: string;
  headSeq: number;
  records: number;
  status: 'sealed' | 'reopened';
  reopenedAt: string | null;
  reopenedByName: string | null;
  reopenReason: string | null;
  /** The signature checked now against the signer's public key and the journal (the integrity check of one seal). */
  verified: boolean;
}

export interface ReviewUnit {
  ledger: string;
  siteId: string;
  siteName: string;
  month: string;
  /** The day it is due: "YYYY-MM-DD". */
  dueOn: string;
  state: 'open' | 'sealed';
  /**
   * Sealed, and still due for this role's own seal (the server-room book: the safety manager's,
   * Art. 13(1)); null when nothing more is due.
   */
  awaiting: 'safety_manager' | null;
  /** Past its due day and not complete (open, or awaiting). */
  overdue: boolean;
  records: number;
  /** Items still without a disposition (null when not counted: a list of many months). */
  undisposed: number | null;
  /** Items waiting for their due day, nobody's to dispose of yet (an access-log check before its day); counted as undisposed is. */
  waiting?: number | null;
  /** For the safety manager: items only she can answer (about the site head's own records), on which the unit's signature waits. */
  waitsOnYou?: number;
  /**
   * For a reviewer: items about their own records, another reviewer's to answer (the safety manager or a
   * designated one), counted as undisposed is; absent when none (or not counted: a list of many months).
   */
  byOthers?: number;
  /** For a reviewer whose account no person stands behind: its items are none of theirs to answer (ReviewDetail.noPersonBehind); absent otherwise. */
  noPersonBehind?: boolean;
  seals: SealInfo[];
}

export interface ReviewRecord {
  id: string;
  at: string;
  status: 'valid' | 'void';
  label: string;
  labelTerm?: LabelTerm;
  anomalyCodes: string[];
  amendCount: number;
  /** Changed after its month was sealed (封印後修正). */
  sealedChange: boolean;
}

export interface ReviewDetail {
  unit: ReviewUnit;
  counts: { total: number; valid: number; void: number; withAnomalies: number };
  /** Valid records per day of the month (for the chart). */
  perDay: { day: string; count: number }[];
  items: ReviewItem[];
  /** The records to look at: with an anomaly, corrected, voided, or changed after a seal (all are in `counts`). */
  records: ReviewRecord[];
  /** Records a correction after the seal moved out of this month (its time or site changed): when, by whom, why, where they are now. */
  movedOut: { recordId: string; changedAt: string; changedByName: string | null; reason: string | null; now: { siteId: string; siteName: string; month: string } | null }[];
  /** May the caller give dispositions and sign (SPEC §5: the safety manager, the site's head, a designated reviewer). */
  mayReview: boolean;
  /** What the caller's signature would say they are, and may mean (null until the month has ended: nothing is answered or signed before). */
  signAs: { name: string; role: SignerRole; meanings: Meaning[] } | null;
  /** A month not ended yet: the day its review opens (its next month's first, YYYY-MM-DD); null once it has. */
  opensOn: string | null;
  /** Has the caller already signed this month (a seal of theirs stands)? */
  signedByCaller: boolean;
  /** The month's records that are the caller's own act (an access-log check they recorded): while there are any, another reviewer signs (Art. 9). */
  ownRecords: number;
  mayReopen: boolean;
  /**
   * The caller's account has no person of the register behind it, and this ledger's items are asked
   * "is it about you" of people: the core refuses every disposition (errors.no_person_behind), so none is offered.
   */
  noPersonBehind: boolean;
  /** The journal's head when this was read: a signature names it, and is refused if the month changed since. */
  shownHead: number;
}

export interface DesignationInfo {
  id: string;
  accountId: string;
  accountName: string;
  ledgers: string[];
  siteIds: string[];
  validFrom: string;
  validTo: string;
  status: 'valid' | 'void';
  voidReason: string | null;
  recordedByName: string;
  recordedAt: string;
}

export interface SigningKeyInfo {
  id: string;
  accountId: string;
  accountName: string;
  /** The public key's fingerprint (sha256 of its DER, first 16 hex characters). */
  fingerprint: string;
  createdAt: string;
  revokedAt: string | null;
  revokedByName: string | null;
  revokeReason: string | null;
  /** Seals signed with this key. */
  seals: number;
}

const plainDate = calendarDay;
const unitKey = { ledger: text(40), siteId: id, month };
// Anyone may be designated (指名) a reviewer: the core decides, unit by unit, what each caller may review.
const REVIEWERS = 'signedIn' as const;

export const reviewContract = {
  /**
   * The review units the caller may see for one month (default: last month), or — with `due` — every
   * unit in the caller's scope still without a seal whose month has ended (what is due and overdue).
   */
  'review.list': method<ReviewUnit[]>()({ input: z.object({ month: month.optional(), due: z.boolean().default(false) }).strict(), access: REVIEWERS, passive: true, inReader: true }),
  'review.get': method<ReviewDetail>()({ input: z.object(unitKey).strict(), access: REVIEWERS, inReader: true }),
  /** Is the month signed and sealed (a correction or a void of its records is then a 封印後修正)? For whoever writes its records. */
  'review.sealedMonth': method<{ sealed: boolean }>()({ input: z.object(unitKey).strict(), access: 'signedIn', passive: true }),
  'review.dispose': method<ReviewItem>()({
    input: z
      .object({
        ...unitKey,
        subject: text(80),
        code: text(60),
        disposition: z.enum(DISPOSITIONS),
        explanation: optionalExplanation(500),
        cause: optionalExplanation(500),
        action: optionalExplanation(500),
      })
      .strict(),
    access: REVIEWERS,
  }),
  /** Sign off: the reviewer's password again; the month's records, dispositions and the journal head sealed with their own key. */
  'review.sign': method<ReviewDetail>()({
    input: z
      .object({
        ...unitKey,
        password: secret(),
        meaning: z.enum(MEANINGS),
        /** The review as the reviewer saw it (ReviewDetail.shownHead): refused when its records or dispositions changed since. */
        shownHead: z.number().int().min(0),
      })
      .strict(),
    access: REVIEWERS,
  }),
  /** The safety manager reopens a seal with a reason and their password, signed with their own key like a seal (it shows wherever the seal is shown). */
  'review.reopen': method<ReviewDetail>()({ input: z.object({ sealId: id, reason, password: secret() }).strict(), access: ['safety_manager'] }),
  /** 指名: who may review which ledgers of which sites, from when to when (recorded by the safety manager). */
  'designations.list': method<DesignationInfo[]>()({ input: z.object({}).strict(), access: ['safety_manager', 'sysadmin'] }),
  'designations.add': method<DesignationInfo>()({
    input: z
      .object({
        accountId: id,
        ledgers: z.array(text(40)).min(1, msg('review.errors.no_ledgers')).max(20),
        siteIds: z.array(id).min(1, msg('review.errors.no_sites')).max(50),
        validFrom: plainDate,
        validTo: plainDate,
      })
      .strict()
      .refine((d) => d.validTo >= d.validFrom, { ...msg('review.errors.to_before_from'), path: ['validTo'] }),
    access: ['safety_manager'],
    // Who may sign off a ledger is an account's privilege: the password again, as for its sites (found by an insider probe).
    elevated: true,
  }),
  'designations.void': method<DesignationInfo>()({ input: z.object({ id, reason }).strict(), access: ['safety_manager'], elevated: true }),
  /** Every signing key, made and revoked (SPEC §5: every key change is shown to every safety manager). */
  'signingKeys.list': method<SigningKeyInfo[]>()({ input: z.object({}).strict(), access: ['safety_manager', 'sysadmin'] }),
  /**
   * The sites an account's holder heads (a site head reviews only these). Set by the safety manager,
   * who answers for the reviews — never on their own account (an administrator who could would make
   * themselves a signer).
   */
  'accounts.setSites': method<AccountInfo>()({
    input: z.object({ id, siteIds: z.array(id).max(50), reason }).strict(),
    access: ['safety_manager'],
    elevated: true,
  }),
} as const;
