import type { JobKind } from '../../../shared/domain/jobs';
import type { JobKindDef } from './runner';
import { verifyJob } from './verify-job';
import { backupJob } from './backup';

/** Every kind of long job, one line each (the monthly review's queries and the exports join here). */
export const JOB_KIND_DEFS: { [K in JobKind]: JobKindDef<never> } = {
  verify: verifyJob,
  backup: backupJob,
};
