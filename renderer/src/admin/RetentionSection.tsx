import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, Eraser, Save } from 'lucide-react';
import { z } from 'zod';
import { reason, secret, msg } from '../../../shared/api/schemas';
import { approval } from '../../../shared/api/core-contract';
import { ApprovalFields } from './RoleFields';
import { RETENTION_YEARS, type RetentionStatus } from '../../../shared/api/retention-contract';
import type { ApiError } from '../../../shared/api/errors';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { DialogActions } from '../components/DialogActions';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { PasswordInput } from '../components/PasswordInput';
import { applyApiError, formResolver, passwordRefusal } from '../forms/errors';
import { useDates } from '../hooks/useDates';
import { clearFlash, flash } from '../state/flash';
import { ReasonField } from '../components/ReasonField';
import { usePunct } from '../hooks/usePunct';

// SPEC §8 retention (issue 7): a system administrator sees, per ledger, how many records are past
// their retention period, changes the period, and erases their personal data with a reason and
// their own password.

const yearsNumber = z.number(msg('retention.errors.years_range')).int().min(RETENTION_YEARS.min, msg('retention.errors.years_range')).max(RETENTION_YEARS.max, msg('retention.errors.years_range'));
const eraseSchema = z.object({ reason, password: secret(), approval });
const yearsApproval = z.object({ approverLoginId: z.string(), approverPassword: z.string() });

function YearsForm({ status, onSaved }: { status: RetentionStatus; onSaved: (s: RetentionStatus) => void }) {
  const { t } = useTranslation();
  const p = usePunct();
  const [error, setError] = useState<ApiError | null>(null);
  // Shortening the period makes more records erasable: a safety manager approves it (as the core requires).
  const schema = z.object({ years: yearsNumber, reason, approval: yearsApproval }).superRefine((v, ctx) => {
    if (!(v.years < status.years)) return;
    const r = approval.safeParse(v.approval);
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', path: ['approval', ...issue.path.map(String)], message: issue.message });
  });
  const form = useForm({ resolver: formResolver(schema), defaultValues: { years: status.years, reason: '', approval: { approverLoginId: '', approverPassword: '' } } });
  const { register, handleSubmit, formState, watch } = form;
  const shortening = Number(watch('years')) < status.years;
  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('retention.setYears', {
      ledger: status.ledger, years: v.years, reason: v.reason,
      ...(v.years < status.years ? { approval: { approverLoginId: v.approval.approverLoginId.trim(), approverPassword: v.approval.approverPassword } } : {}),
    });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['years', 'reason', 'approval', 'approval.approverLoginId', 'approval.approverPassword']));
    form.reset({ years: r.value.years, reason: '', approval: { approverLoginId: '', approverPassword: '' } });
    onSaved(r.value);
    flash(t('retention.yearsSaved'));
  });
  return (
    <form onSubmit={onSubmit} noValidate className="form-stack retention-years" aria-label={p.note(t('retention.changeYears'), t(`retention.ledgers.${status.ledger}`))}>
      <ErrorAlert error={error} />
      <Field label={t('retention.yearsLabel')} error={formState.errors.years?.message} required>
        {(p) => <input {...p} {...register('years', { valueAsNumber: true })} type="number" min={RETENTION_YEARS.min} max={RETENTION_YEARS.max} step={1} className="input input-number" />}
      </Field>
      <ReasonField label={t('retention.yearsReason')} error={formState.errors.reason?.message} registration={register('reason')} />
      {shortening && (
        <ApprovalFields register={register as never} errors={formState.errors as never} title={t('retention.approvalTitle')} lead={t('retention.approvalLead')} />
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-secondary" disabled={formState.isSubmitting} aria-label={p.note(t('retention.saveYears'), t(`retention.ledgers.${status.ledger}`))}>
          <Save size={16} aria-hidden="true" />
          {t('retention.saveYears')}
        </button>
      </div>
    </form>
  );
}

function EraseDialog({ status, onDone, onStopped, onClose }: { status: RetentionStatus; onDone: (s: RetentionStatus, erased: number, changedOutside: number) => void; onStopped: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const dates = useDates();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(eraseSchema), defaultValues: { reason: '', password: '', approval: { approverLoginId: '', approverPassword: '' } } });
  const { register, handleSubmit, formState } = form;
  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('retention.erase', {
      ledger: status.ledger, reason: v.reason, password: v.password,
      approval: { approverLoginId: v.approval.approverLoginId.trim(), approverPassword: v.approval.approverPassword },
    });
    // A wrong password of the approver is the approver's; a wrong one of the administrator is theirs.
    const field = r.ok ? null : r.error.messageKey === 'auth.errors.bad_credentials' && (r.error.field ?? '').startsWith('approval') ? 'approval.approverPassword' : 'password';
    if (!r.ok) {
      // Stopped part-way: some records were erased, so the counts behind the dialog are read again.
      if (r.error.messageKey === 'retention.errors.stopped_part_way') onStopped();
      return setError(applyApiError(passwordRefusal(r.error, field!), form.setError, ['reason', 'password', 'approval.approverLoginId', 'approval.approverPassword']));
    }
    onDone(r.value.status, r.value.erased, r.value.changedOutside);
  });
  return (
    <Modal title={t('retention.eraseTitle')} onClose={onClose} size="md" testId="erase-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('retention.eraseLead', { ledger: t(`retention.ledgers.${status.ledger}`), count: status.erasable, cutoff: dates.date(status.cutoff) })}</p>
        <ErrorAlert error={error} />
        <ReasonField label={t('retention.eraseReason')} error={formState.errors.reason?.message} registration={register('reason')} rows={3} autoFocus />
        <Field label={t('retention.erasePassword')} error={formState.errors.password?.message} required>
          {(p) => <PasswordInput {...p} {...register('password')} autoComplete="current-password" />}
        </Field>
        <ApprovalFields register={register as never} errors={formState.errors as never} title={t('retention.approvalTitle')} lead={t('retention.approvalLead')} />
        <DialogActions onClose={onClose} submitting={formState.isSubmitting} danger>
          <Eraser size={16} aria-hidden="true" />
          {t('retention.eraseConfirm')}
        </DialogActions>
      </form>
    </Modal>
  );
}

export function RetentionSection() {
  const { t } = useTranslation();
  const p = usePunct();
  const dates = useDates();
  const [rows, setRows] = useState<RetentionStatus[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [erasing, setErasing] = useState<RetentionStatus | null>(null);
  // Records an erasure kept because they were changed outside Daicho (the status counts them until they
  // are restored or accepted): a warning that stays in the ledger's section, beside 個人情報を消去 (a
  // screenshot review: it was the tail of the green 「消去しました」 toast, which covered that button).
  // Read out once, by the status line below, when an erasure has just kept them.
  const [announce, setAnnounce] = useState('');
  const load = () => void api('retention.status', {}).then((r) => (r.ok ? setRows(r.value) : setError(r.error)));
  useEffect(load, []);
  const replace = (s: RetentionStatus) => setRows((all) => all?.map((x) => (x.ledger === s.ledger ? s : x)) ?? null);
  const count = (n: number) => t('retention.count', { count: n });
  return (
    <section className="card" data-testid="retention">
      <h2 className="card-title">{t('retention.title')}</h2>
      <p className="muted">{t('retention.lead')}</p>
      <ErrorAlert error={error} />
      {rows?.map((s) => (
        // Each ledger's controls in a group named by it: two ledgers' 保存期間を保存 and 個人情報を消去 told apart (a probe).
        <section key={s.ledger} className="retention-ledger" data-testid={`retention-${s.ledger}`} aria-labelledby={`retention-title-${s.ledger}`}>
          <h3 id={`retention-title-${s.ledger}`}>{t(`retention.ledgers.${s.ledger}`)}</h3>
          <dl className="sr-detail">
            <div className="sr-detail-row">
              <dt>{t('retention.years')}</dt>
              <dd>{t('retention.yearsValue', { count: s.years })}</dd>
            </div>
            <div className="sr-detail-row">
              <dt>{t('retention.erasable')}</dt>
              <dd data-testid="retention-erasable">
                {count(s.erasable)}
                {s.oldestMonth && (
                  <span className="muted">
                    {' '}
                    {p.open}
                    {t('retention.oldest')}{p.colon}{dates.month(s.oldestMonth)}
                    {p.close}
                  </span>
                )}
              </dd>
            </div>
            <div className="sr-detail-row">
              <dt>{t('retention.notErasable')}</dt>
              <dd>
                {count(s.notErasable)}
                {s.notErasable > 0 && <span className="muted small"> — {t('retention.notErasableHelp')}</span>}
              </dd>
            </div>
            {(['unsigned', 'stillOpen'] as const).map(
              (k) =>
                s[k] > 0 && (
                  <div key={k} className="sr-detail-row">
                    <dt>{t(`retention.${k}`)}</dt>
                    <dd data-testid={`retention-${k}`}>
                      {count(s[k])}
                      <span className="muted small"> — {t(`retention.${k}Help`)}</span>
                    </dd>
                  </div>
                ),
            )}
            <div className="sr-detail-row">
              <dt>{t('retention.erased')}</dt>
              <dd data-testid="retention-erased">{count(s.erased)}</dd>
            </div>
          </dl>
          <YearsForm status={s} onSaved={replace} />
          {s.keptChangedOutside > 0 && (
            // Said once by the section's status line below (a region mounted with its words already in it is often not read out).
            <div className="alert alert-warning" data-testid="retention-kept">
              <AlertTriangle size={18} aria-hidden="true" className="alert-icon" />
              <div>{t('retention.keptChangedOutside', { count: s.keptChangedOutside })}</div>
            </div>
          )}
          <div className="form-actions">
            <button type="button" className="btn btn-danger" disabled={s.erasable === 0} onClick={() => setErasing(s)} aria-label={p.note(t('retention.erase'), t(`retention.ledgers.${s.ledger}`))}>
              <Eraser size={16} aria-hidden="true" />
              {t('retention.erase')}
            </button>
          </div>
        </section>
      ))}
      <p className="visually-hidden" role="status">
        {announce}
      </p>
      {erasing && (
        <EraseDialog
          status={erasing}
          onClose={() => setErasing(null)}
          onStopped={load}
          onDone={(s, erased, changedOutside) => {
            replace(s);
            setErasing(null);
            // Records changed outside Daicho are kept, not erased: a warning with the count, for a verify.
            setAnnounce(changedOutside > 0 ? t('retention.keptChangedOutside', { count: s.keptChangedOutside }) : '');
            // None erased: no 「0件の記録から消去しました」, nor an earlier erasure's confirmation left on screen.
            if (erased > 0) flash(t('retention.erasedDone', { count: erased }));
            else clearFlash();
          }}
        />
      )}
    </section>
  );
}
