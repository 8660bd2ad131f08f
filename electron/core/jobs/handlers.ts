import { ADMIN_JOB_KINDS, isBackupOverdue, type BackupStatus, type LastGoodRun } from '../../../shared/domain/jobs';
import { getAccount } from '../auth/accounts-repo';
import type { HandlerContext, Handlers } from '../context';

function withName(ctx: HandlerContext, run: LastGoodRun | null): (LastGoodRun & { byName: string | null }) | null {
  return run ? { ...run, byName: getAccount(ctx.store, run.by)?.display_name ?? null } : null;
}

/** Art. 13(7): the last good backup and verify, from their journaled settings rows (never the journal's JSON). */
export function backupStatus(ctx: HandlerContext): BackupStatus {
  const lastBackup = withName(ctx, ctx.settings.get('backup.lastGood'));
  const warnAfterDays = ctx.settings.get('backup.warnAfterDays');
  return {
    lastBackup,
    lastVerify: withName(ctx, ctx.settings.get('verify.lastGood')),
    warnAfterDays,
    backupOverdue: isBackupOverdue(lastBackup?.at, warnAfterDays, ctx.now),
  };
}

export const jobHandlers: Pick<Handlers, 'jobs.start' | 'jobs.cancel' | 'jobs.list' | 'backup.status'> = {
  'jobs.start': (ctx, { kind, to }) => ctx.jobs.start(kind, kind === 'backup' ? { to } : {}, ctx.actor()),
  'jobs.cancel': (ctx, { id }) => ctx.jobs.cancel(id, ctx.actor()),
  'jobs.list': (ctx) => ctx.jobs.list().filter((j) => (ADMIN_JOB_KINDS as readonly string[]).includes(j.kind)),
  'backup.status': (ctx) => backupStatus(ctx),
};
