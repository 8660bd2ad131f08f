import { forwardRef, useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FileCheck, Search } from 'lucide-react';
import { z } from 'zod';
import { reason, secret, msg } from '../../../shared/api/schemas';
import { approval } from '../../../shared/api/core-contract';
import type { OutsideRecord } from '../../../shared/api/outside-contract';
import type { ApiError } from '../../../shared/api/errors';
import { isMessageKey } from '../../../shared/i18n';
import { fieldLabelKey } from '../../../shared/ledgers';
import { api } from '../api/api';
import { Alert, ErrorAlert } from '../components/Alert';
import { useDates } from '../hooks/useDates';
import { DialogActions } from '../components/DialogActions';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { PasswordInput } from '../components/PasswordInput';
import { ReasonField } from '../components/ReasonField';
import { applyApiError, formResolver, passwordRefusal } from '../forms/errors';
import { flash } from '../state/flash';
import { ApprovalFields } from './RoleFields';

// A record changed outside Daicho (issue 7): every save of it is refused, and verify names it. A system
// administrator looks it up by the number the refusal or verify gave (or its ID), sees each field that
// differs from its history, and accepts it as found with a reason, her password and a safety manager's
// approval (outside-acceptance.ts).

const findSchema = z.object({ ref: z.string().trim().min(1, msg('errors.field.required')).max(80, msg('errors.field.too_long')) });
const acceptSchema = z.object({ reason, password: secret(), approval });

function useTableName() {
  const { t } = useTranslation();
  return (table: string) => {
    const key = `outside.tables.${table}`;
    return isMessageKey(key) ? t(key) : table;
  };
}

function AcceptDialog({ record, onDone, onClose }: { record: OutsideRecord; onDone: (seq: number) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const tableName = useTableName();
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({ resolver: formResolver(acceptSchema), defaultValues: { reason: '', password: '', approval: { approverLoginId: '', approverPassword: '' } } });
  const { register, handleSubmit, formState } = form;
  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('outside.accept', {
      table: record.table, id: record.id, seq: record.seq, form: record.form, reason: v.reason, password: v.password,
      approval: { approverLoginId: v.approval.approverLoginId.trim(), approverPassword: v.approval.approverPassword },
    });
    if (!r.ok) {
      // A wrong password of the approver is the approver's; a wrong one of the administrator is theirs.
      const field = r.error.messageKey === 'auth.errors.bad_credentials' && (r.error.field ?? '').startsWith('approval') ? 'approval.approverPassword' : 'password';
      return setError(applyApiError(passwordRefusal(r.error, field), form.setError, ['reason', 'password', 'approval.approverLoginId', 'approval.approverPassword']));
    }
    onDone(r.value.seq);
  });
  return (
    <Modal title={t('outside.acceptTitle')} onClose={onClose} size="md" testId="outside-accept-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('outside.acceptLead', { table: tableName(record.table), id: record.id })}</p>
        {/* What she approves, in front of her (a review: the differences sat behind the dialog). */}
        <RecordDiff record={record} compact />
        <ErrorAlert error={error} />
        <ReasonField label={t('outside.acceptReason')} error={formState.errors.reason?.message} registration={register('reason')} rows={3} autoFocus />
        <Field label={t('outside.acceptPassword')} error={formState.errors.password?.message} required>
          {(p) => <PasswordInput {...p} {...register('password')} autoComplete="current-password" />}
        </Field>
        <ApprovalFields register={register as never} errors={formState.errors as never} title={t('outside.approvalTitle')} lead={t('outside.approvalLead')} />
        <DialogActions onClose={onClose} submitting={formState.isSubmitting} danger>
          <FileCheck size={16} aria-hidden="true" />
          {t('outside.acceptConfirm')}
        </DialogActions>
      </form>
    </Modal>
  );
}

/** Time as the app writes it (toISOString): shown in Japan time. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const RecordDiff = forwardRef<HTMLHeadingElement, { record: OutsideRecord; compact?: boolean }>(function RecordDiff({ record, compact = false }, heading) {
  const { t } = useTranslation();
  const tableName = useTableName();
  const dates = useDates();
  // A ledger's field by its label, with the column beside it (what verify and the database call it).
  const fieldLabel = (table: string, column: string) => {
    const label = fieldLabelKey(table, column);
    return label && isMessageKey(label) ? (
      <>
        {t(label)} <span className="mono muted small">{column}</span>
      </>
    ) : (
      <span className="mono">{column}</span>
    );
  };
  // A time in Japan time, a reference by the name it points to; the stored value beside them.
  const value = (v: string | null, name: string | null) =>
    v === null ? (
      <span className="muted">{t('outside.empty')}</span>
    ) : name !== null || INSTANT.test(v) ? (
      <>
        <span className="outside-value">{name ?? dates.dateTime(v)}</span> <span className="mono muted small outside-stored">{v}</span>
      </>
    ) : (
      <span className="outside-value">{v}</span>
    );
  return (
    <div data-testid={compact ? 'outside-record-approved' : 'outside-record'}>
      {!compact && (
        <h3 ref={heading} tabIndex={-1} className="outside-heading">
          {t('outside.record')}
        </h3>
      )}
      {record.migrationSkipped && <Alert tone="warning">{t('outside.migrationSkipped')}</Alert>}
      <dl className="sr-detail">
        <div className="sr-detail-row">
          <dt>{t('outside.tableLabel')}</dt>
          <dd>{tableName(record.table)}</dd>
        </div>
        <div className="sr-detail-row">
          <dt>{t('outside.idLabel')}</dt>
          <dd className="mono">{record.id}</dd>
        </div>
        <div className="sr-detail-row">
          <dt>{t('outside.seqLabel')}</dt>
          <dd>{record.seq > 0 ? record.seq : t('outside.noHistory')}</dd>
        </div>
      </dl>
      {record.fields.length === 0 ? (
        <p className="muted">{t('outside.noFields')}</p>
      ) : (
        <div className="outside-fields">
          <table className="table table-compact">
            <caption>{t('outside.fieldsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('outside.column')}</th>
                <th scope="col">{t('outside.journaled')}</th>
                <th scope="col">{t('outside.found')}</th>
              </tr>
            </thead>
            <tbody>
              {record.fields.map((f) => (
                <tr key={f.column}>
                  <th scope="row">
                    {fieldLabel(record.table, f.column)}
                    {f.personal && <span className="badge badge-muted outside-personal">{t('outside.personal')}</span>}
                  </th>
                  <td>{value(f.journaled, f.journaledName)}</td>
                  <td>{value(f.found, f.foundName)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
});

export function OutsideChangesSection() {
  const { t } = useTranslation();
  const [record, setRecord] = useState<OutsideRecord | null>(null);
  const [accepting, setAccepting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const acceptButton = useRef<HTMLButtonElement>(null);
  // The record found is said by moving to it (a screen reader hears its heading; a review: nothing announced it).
  const found = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (record) found.current?.focus();
  }, [record]);
  const form = useForm({ resolver: formResolver(findSchema), defaultValues: { ref: '' } });
  const { register, handleSubmit, formState } = form;
  const onFind = handleSubmit(async (v) => {
    setError(null);
    setRecord(null);
    const r = await api('outside.find', { ref: v.ref.trim() });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['ref']));
    setRecord(r.value);
  });
  return (
    <section className="card" data-testid="outside" aria-labelledby="outside-title">
      <h2 className="card-title" id="outside-title">
        {t('outside.title')}
      </h2>
      <p className="muted">{t('outside.lead')}</p>
      <form onSubmit={onFind} noValidate className="form-stack">
        <ErrorAlert error={error} />
        <Field label={t('outside.refLabel')} error={formState.errors.ref?.message} hint={t('outside.refHelp')} required>
          {(p) => <input {...p} {...register('ref')} className="input" autoComplete="off" spellCheck={false} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-secondary" disabled={formState.isSubmitting}>
            <Search size={16} aria-hidden="true" />
            {t('outside.find')}
          </button>
        </div>
      </form>
      {record && (
        <>
          <RecordDiff record={record} ref={found} />
          <div className="form-actions">
            <button type="button" ref={acceptButton} className="btn btn-danger" onClick={() => setAccepting(true)}>
              <FileCheck size={16} aria-hidden="true" />
              {t('outside.accept')}
            </button>
          </div>
        </>
      )}
      {record && accepting && (
        <AcceptDialog
          record={record}
          onClose={() => {
            setAccepting(false);
            acceptButton.current?.focus();
          }}
          onDone={(seq) => {
            setAccepting(false);
            setRecord(null);
            form.reset({ ref: '' });
            flash(t('outside.accepted', { seq }));
          }}
        />
      )}
    </section>
  );
}
