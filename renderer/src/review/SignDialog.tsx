import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { PenLine } from 'lucide-react';
import { z } from 'zod';
import type { ApiError } from '../../../shared/api/errors';
import type { ReviewDetail } from '../../../shared/api/review-contract';
import { secret } from '../../../shared/api/schemas';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { DateText } from '../components/DateText';
import { DialogActions } from '../components/DialogActions';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { PasswordInput } from '../components/PasswordInput';
import { applyApiError, formResolver, passwordRefusal } from '../forms/errors';
import { useReviewText } from './review-text';

const signSchema = z.object({ meaning: z.enum(['confirm', 'approve']), password: secret() }).strict();

/** The electronic signature (SPEC §5): printed name, role, meaning, and the password again. */
export function SignDialog({ detail, onClose, onDone }: { detail: ReviewDetail; onClose: () => void; onDone: (d: ReviewDetail) => void }) {
  const { t } = useTranslation();
  const rt = useReviewText();
  const signAs = detail.signAs!;
  const [error, setError] = useState<ApiError | null>(null);
  const [openedAt] = useState(() => new Date().toISOString());
  const form = useForm({ resolver: formResolver(signSchema), defaultValues: { meaning: signAs.meanings[0], password: '' } });
  const { register, handleSubmit, formState } = form;
  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('review.sign', { ledger: detail.unit.ledger, siteId: detail.unit.siteId, month: detail.unit.month, shownHead: detail.shownHead, ...v });
    if (!r.ok) {
      form.setValue('password', '');
      return setError(applyApiError(passwordRefusal(r.error, 'password'), form.setError, ['meaning', 'password']));
    }
    onDone(r.value);
  });
  return (
    <Modal title={t('review.sign.title')} onClose={onClose} size="sm" testId="sign-dialog">
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <p>{t('review.sign.lead', { records: t('review.sign.records', { count: detail.counts.total }), items: t('review.sign.items', { count: detail.items.length }) })}</p>
        <dl className="summary" data-testid="sign-unit">
          <dt>{t('review.sign.ledger')}</dt>
          <dd>{rt.ledgerTitle(detail.unit.ledger)}</dd>
          <dt>{t('review.sign.site')}</dt>
          <dd>{detail.unit.siteName}</dd>
          <dt>{t('review.sign.month')}</dt>
          <dd>{rt.month(detail.unit.month)}</dd>
          <dt>{t('review.sign.name')}</dt>
          <dd data-testid="sign-name">{signAs.name}</dd>
          <dt>{t('review.sign.role')}</dt>
          <dd>{rt.roleText(signAs.role)}</dd>
          {/* SPEC §5: the signature shows its date and time; the time of signing is the one kept. */}
          <dt>{t('review.sign.at')}</dt>
          <dd data-testid="sign-at">
            <DateText value={openedAt} time weekday />
            <span className="muted">{t('review.sign.atNote')}</span>
          </dd>
        </dl>
        <ErrorAlert error={error} />
        <Field label={t('review.sign.meaning')} error={formState.errors.meaning?.message} required choice>
          {(p) => (
            <select {...p} {...register('meaning')} className="input">
              {signAs.meanings.map((m) => (
                <option key={m} value={m}>
                  {t(`review.sign.meanings.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('review.sign.password')} error={formState.errors.password?.message} required>
          {(p) => <PasswordInput {...p} {...register('password')} autoComplete="current-password" autoFocus />}
        </Field>
        <DialogActions onClose={onClose} submitting={formState.isSubmitting} checking>
          <PenLine size={16} aria-hidden="true" />
          {t('review.sign.submit')}
        </DialogActions>
      </form>
    </Modal>
  );
}
