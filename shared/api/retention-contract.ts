import { z } from 'zod';
import { method } from './kit';
import { reason, secret, msg } from './schemas';
import { approval } from './core-contract';
import { LEDGER_DEFINITIONS, type PersonalLedger } from '../ledgers';

// SPEC §8 retention (APPI; JIS Q 15001): after each ledger's retention period the personal data in
// its records may be erased by an approved, journaled act of a system administrator (issue 7).

/** Ledgers that hold personal data (a definition's `personal` fields), by the key their settings and messages use. */
export type RetentionLedger = PersonalLedger;
export const RETENTION_LEDGERS = LEDGER_DEFINITIONS.filter((d) => d.personal?.length).map((d) => d.key) as [RetentionLedger, ...RetentionLedger[]];

export const RETENTION_YEARS = { min: 1, max: 30, default: 5 } as const;

export interface RetentionStatus {
  ledger: RetentionLedger;
  /** Years after a record's month was signed off that its personal data is kept (SPEC §8). */
  years: number;
  /** Only records whose month ended before this instant can be past the period (each also waits for its month's sign-off). */
  cutoff: string;
  /** Past the period, personal data still held, and erasable. */
  erasable: number;
  /** Past the period but written before journal format 2: their values are in the chain and cannot be erased. */
  notErasable: number;
  /** Already erased (消去済). */
  erased: number;
  /** Old enough, but their month was never signed off (or was reopened and not signed again): kept until it is, and counted from then. */
  unsigned: number;
  /** Old enough and signed off, but still open (someone still in the server room, a visitor never signed out): kept until closed. */
  stillOpen: number;
  /** Past the period, but kept by an erasure because they were changed outside Daicho, and still so: not erasable until restored from a backup or accepted as found. */
  keptChangedOutside: number;
  /** The oldest erasable record's month (YYYY-MM), or null. */
  oldestMonth: string | null;
}

const ledger = z.enum(RETENTION_LEDGERS);

export const retentionContract = {
  'retention.status': method<RetentionStatus[]>()({ input: z.object({}).strict(), access: ['sysadmin', 'safety_manager'] }),
  'retention.setYears': method<RetentionStatus>()({
    input: z
      .object({
        ledger,
        years: z.number().int().min(RETENTION_YEARS.min, msg('retention.errors.years_range')).max(RETENTION_YEARS.max, msg('retention.errors.years_range')),
        reason,
        /** Shortening the period needs a safety manager's approval (it makes more records erasable). */
        approval: approval.optional(),
      })
      .strict(),
    access: ['sysadmin'],
    elevated: true,
  }),
  /**
   * Erase the personal data of every record past the period: the administrator confirms with their
   * own password, and a safety manager (not the administrator) approves with theirs — no one person
   * can take evidence away.
   */
  'retention.erase': method<{ erased: number; changedOutside: number; status: RetentionStatus }>()({
    input: z.object({ ledger, reason, password: secret(), approval }).strict(),
    access: ['sysadmin'],
    elevated: true,
  }),
} as const;
