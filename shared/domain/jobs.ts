import type { MessageKey } from '../i18n';

// Long jobs (issue 7, DESIGN rule 7): verify and backup run off the main thread, report progress
// and can be cancelled. What the screens and the command line see of them.

/** What an administrator starts from the admin screen. */
export const ADMIN_JOB_KINDS = ['verify', 'backup'] as const;
/** Every kind: an export (a ledger's PDF, issue 12) is started by whoever prints it. */
export const JOB_KINDS = [...ADMIN_JOB_KINDS, 'export'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export type JobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What a job is doing now; its label is the catalog key `jobs.phases.<phase>`. */
export const JOB_PHASES = ['starting', 'copy', 'file', 'chain', 'tables', 'swap', 'sheets', 'render', 'done'] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

/** What a job found or wrote (the parts that apply to its kind). */
export interface JobSummary {
  /** Journal rows checked (verify; for a backup, of the copy). */
  rows?: number;
  /** The journal's last sequence number in what was checked. */
  headSeq?: number;
  /** Problems found (a verify that failed). */
  problemCount?: number;
  firstBadSeq?: number;
  /** Where the backup went. */
  to?: string;
  /** An export: the records on its sheets, the file's name and size. */
  records?: number;
  file?: string;
  bytes?: number;
  /** A month bundle's ledgers its maker may not read (by title), as its cover names them. */
  leftOut?: string[];
  /** A verify: the newest backup it compared the journal's end with (the chain alone cannot show rows cut from its end). */
  backupWitness?: BackupWitness;
}

/**
 * The newest backup as a verify's witness of the journal's end (SPEC §8): `matched` — the journal
 * holds what the backup holds, up to `seq`; `mismatch` — it does not (`kind`: rows cut or rewritten;
 * none: the backup could not be read); `unavailable` — its folder is not there (a drive not plugged
 * in); `none` — no backup recorded; `skipped` — asked not to (daicho verify --no-backup).
 */
export interface BackupWitness {
  state: 'matched' | 'mismatch' | 'unavailable' | 'none' | 'skipped';
  to?: string;
  seq?: number;
  kind?: 'cut' | 'rewritten';
}

export interface JobInfo {
  id: string;
  kind: JobKind;
  /** Account id of who started it ("cli" from the command line). */
  startedBy: string;
  startedByName: string | null;
  startedAt: string;
  endedAt: string | null;
  state: JobState;
  /** Cancel was asked and the job is stopping (its workers end, its temporary files go). */
  cancelling: boolean;
  /** fraction 0..1; phase: catalog key of what it is doing (jobs.phases.*). */
  progress: { fraction: number; phase: `jobs.phases.${JobPhase}` };
  /** A backup's destination folder. */
  to: string | null;
  result: JobSummary | null;
  error: { messageKey: MessageKey; params?: Record<string, string | number> } | null;
}

/** The last verify or backup that succeeded, as journaled (a settings row, see electron/core/jobs/runner.ts). */
export interface LastGoodRun {
  jobId: string;
  at: string;
  /** Account id ("cli" from the command line). */
  by: string;
  rows: number;
  headSeq: number;
  to?: string;
}

export interface BackupStatus {
  lastBackup: (LastGoodRun & { byName: string | null }) | null;
  lastVerify: (LastGoodRun & { byName: string | null }) | null;
  /** Art. 13(7): warn when the last good backup is older than this many days. */
  warnAfterDays: number;
  /** The last good backup is older than warnAfterDays, or there never was one. */
  backupOverdue: boolean;
}

export const BACKUP_WARN_DAYS = { min: 1, max: 90, default: 7 } as const;

/** Art. 13(7): is a backup due — none yet, or the last good one older than the setting? */
export function isBackupOverdue(lastAt: string | null | undefined, warnAfterDays: number, now: Date): boolean {
  if (!lastAt) return true;
  return now.getTime() - Date.parse(lastAt) > warnAfterDays * 24 * 60 * 60 * 1000;
}
