import type { JobKind } from '../../../shared/domain/jobs';
import type { JobKindDef } from './runner';
import { verifyJob } from './verify-job';
import { backupJob } from './backup';
import { exportJob, type PdfRenderer } from '../print/export-job';

/** Every kind of long job, one line each; an export renders PDFs with what the shell gives (none: PDF refused). */
export function jobKindDefs(renderPdf: PdfRenderer | null): { [K in JobKind]: JobKindDef<never> } {
  return {
    verify: verifyJob,
    backup: backupJob,
    export: exportJob(renderPdf) as JobKindDef<never>,
  };
}
