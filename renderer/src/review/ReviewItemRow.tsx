import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { ApiError } from '../../../shared/api/errors';
import { DISPOSITIONS, type Disposition, type ReviewItem } from '../../../shared/api/review-contract';
import { msg, optionalMultilineText } from '../../../shared/api/schemas';
import type { ServerRoomAnomaly } from '../../../shared/ledgers/serverRoom';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { FieldMessage } from '../components/FieldMessage';
import { applyApiError, formResolver } from '../forms/errors';
import { useServerRoomText } from '../server-room/text';
import { clearDraft, useDispositionDraft, useKeepDraft } from './disposition-draft';
import { useReviewText } from './review-text';

// One item of a month's review (SPEC §5): what it is, and its disposition — shown, or a form while the
// month is open, with the month's like items that may take the same answer. The page is ReviewPage.tsx.

const dispositionSchema = z
  .object({ disposition: z.enum(DISPOSITIONS, msg('errors.field.required_choice')), explanation: optionalMultilineText(500), cause: optionalMultilineText(500), action: optionalMultilineText(500) })
  .superRefine((v, ctx) => {
    if (v.disposition === 'no_issue' && !v.explanation) ctx.addIssue({ code: 'custom', path: ['explanation'], ...msg('review.errors.explanation_required') });
    if (v.disposition !== 'no_issue') {
      if (!v.cause) ctx.addIssue({ code: 'custom', path: ['cause'], ...msg('review.errors.cause_required') });
      if (!v.action) ctx.addIssue({ code: 'custom', path: ['action'], ...msg('review.errors.action_required') });
    }
  });

/** A record's words, linked to its history where the reviewer may open it. */
export function RecordLink({ to, children }: { to: string | undefined; children: ReactNode }) {
  return to ? <Link to={to}>{children}</Link> : <>{children}</>;
}

/** One anomaly: what it is, and its disposition (shown, or a form while the month is open). */
export function ItemRow({
  item, unit, editable, alike, onSaved, historyOf,
}: {
  item: ReviewItem;
  unit: { ledger: string; siteId: string; month: string };
  editable: boolean;
  /** The month's other items of the same anomaly still to answer, which this answer may be recorded for too. */
  alike: readonly ReviewItem[];
  /** `answered`: a first answer (not a change of one): the page takes focus on to the next item open. */
  onSaved: (message: string | undefined, answered: boolean) => void;
  historyOf: ((id: string) => string) | null;
}) {
  const { t } = useTranslation();
  const rt = useReviewText();
  const d = item.disposition;
  // Decided before the record was corrected: offered again as it was, to confirm or change.
  const was = d ?? item.outdated ?? null;
  // What was typed and not yet saved, kept for the tab over the disposition as it stands (disposition-draft.ts).
  const basis = was?.decidedAt ?? '';
  const { key: draftKey, draft } = useDispositionDraft(item, unit, basis);
  const [editing, setEditing] = useState(!!draft && !!d);
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm({
    resolver: formResolver(dispositionSchema),
    // Nothing chosen for a new item: each is answered, not accepted as 問題なし by default (a walk-through).
    defaultValues: draft ?? { disposition: (was?.disposition ?? '') as Disposition, explanation: was?.explanation ?? '', cause: was?.cause ?? '', action: was?.action ?? '' },
  });
  useKeepDraft(form, draftKey, basis);
  const { register, handleSubmit, formState, watch } = form;
  const kind = watch('disposition');
  const formId = useId();
  const open = editable && (!d || editing);
  const text = rt.itemText(item);
  // A stay's anomaly said with its values, as the book's detail says it (a walk-through: 長時間滞在 alone,
  // its 15 hours and the 4-hour limit only on the history page).
  const sr = useServerRoomText();
  const why = unit.ledger === 'serverRoom' && item.kind === 'record' ? sr.anomalyDetail({ code: item.code, params: item.params ?? {} } as ServerRoomAnomaly) : null;
  // The form and the disposition replace each other: focus goes to the one shown now (the saved
  // disposition's change button, or the form's chosen disposition), never to the page.
  const [focusTo, setFocusTo] = useState<'shown' | 'form' | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const target = focusTo === 'shown' && !open ? editButton.current : focusTo === 'form' && open ? formRef.current?.querySelector<HTMLInputElement>('input:checked') : null;
    if (!target) return;
    target.focus();
    setFocusTo(null);
  }, [focusTo, open, d]);

  // The same answer for the month's other items of this anomaly, each recorded (and journaled) as its own
  // disposition (a walk-through: nine 休日の入室 of one maintenance week, twenty missing checklists, answered one by one).
  // Each named and chosen one by one, none by default: one anomaly's name covers different causes (the
  // last-exit's 「最終退出後も在室・未施錠…」 is an open cabinet on one day, someone in the server room on
  // another), and an answer written for one record is not another's (a second walk-through).
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const keyOf = (o: ReviewItem) => `${o.subject}\n${o.code}`;
  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('review.dispose', { ...unit, subject: item.subject, code: item.code, ...v });
    if (!r.ok) return setError(applyApiError(r.error, form.setError, ['disposition', 'explanation', 'cause', 'action']));
    clearDraft(draftKey);
    let message: string | undefined;
    const also = d ? [] : alike.filter((o) => chosen.has(keyOf(o)));
    if (also.length > 0) {
      let failed = 0;
      for (const o of also) if (!(await api('review.dispose', { ...unit, subject: o.subject, code: o.code, ...v })).ok) failed++;
      const count = also.length - failed + 1;
      message = failed === 0 ? t('review.disposition.savedAlike', { count }) : t('review.disposition.savedAlikeFailed', { count, failed });
    }
    setEditing(false);
    setFocusTo('shown');
    onSaved(message, !d);
  });

  return (
    <li className={`review-item${d ? ' review-item-done' : ''}${item.informational ? ' review-item-info' : ''}`} data-testid="review-item">
      <div className="review-item-head">
        {/* A duty not yet due is no anomaly yet (a user probe: 「月の異常」 over a check due on the 10th). */}
        <span className="badge badge-muted">{t(item.waitingUntil && !d ? 'review.kinds.waiting' : `review.kinds.${item.kind}`)}</span>
        {item.informational && (
          <span className="badge badge-muted" data-testid="item-informational">
            {t('review.detail.informational')}
          </span>
        )}
        <strong>{text}</strong>
        {item.label && (
          <span className="muted">
            <RecordLink to={item.recordId ? historyOf?.(item.recordId) : undefined}>{rt.label(item)}</RecordLink>
          </span>
        )}
        {item.at && <span className="muted small">{/^\d{4}-\d{2}-\d{2}T/.test(item.at) ? rt.dates.dateTime(item.at) : item.at}</span>}
      </div>
      {why && (
        <p className="review-item-detail" data-testid="review-item-why">
          {why}
        </p>
      )}
      {typeof item.params?.detail === 'string' && item.params.detail && (
        <p className="review-item-detail" data-testid="review-item-detail">
          {t('review.detail.itemDetail', { text: item.params.detail })}
        </p>
      )}
      {item.facts?.length ? (
        <dl className="review-item-facts" data-testid="review-item-facts">
          {item.facts.map((f) => (
            <div key={f.term}>
              <dt>{t(`review.facts.${f.term}`)}</dt>
              <dd>{rt.factText(f)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {item.outdated && !d && (
        <p className="field-hint" data-testid="disposition-outdated">
          {t(item.kind === 'carried' ? 'review.disposition.outdated_carried' : 'review.disposition.outdated', { name: item.outdated.decidedByName, at: rt.dates.dateTime(item.outdated.decidedAt) })}
        </p>
      )}
      {item.beforeSealedChange && d && (
        <p className="field-hint" data-testid="disposition-before-change">
          {t('review.disposition.beforeSealedChange')}
        </p>
      )}
      {item.answeredByOther && !d && (
        <p className="muted small" data-testid="answered-by-other">
          {t('review.disposition.answeredByOther')}
        </p>
      )}
      {item.waitingUntil && !d && !item.aboutReviewer && (
        <p className="muted small" data-testid="item-waiting">
          {t('review.disposition.waiting')}
        </p>
      )}
      {item.informational && !d && (
        <p className="muted small" data-testid="informational-hint">
          {t('review.detail.informationalHint')}
        </p>
      )}
      {item.waitsOnYou && !d && (
        <p className="muted small" data-testid="waits-on-you-item">
          {t('review.disposition.waitsOnYou')}
        </p>
      )}
      {item.aboutReviewer && !d && !item.informational && (
        <p className="muted small" data-testid="about-reviewer">
          {t('review.disposition.ownRecord')}
        </p>
      )}
      {d && !open && (
        <div className="review-disposition" data-testid="disposition">
          <span className={`badge ${d.disposition === 'follow_up' ? 'badge-warning' : 'badge-success'}`}>{t(`review.disposition.${d.disposition}`)}</span>
          <span>
            {[d.explanation, d.cause && t('review.disposition.causeText', { text: d.cause }), d.action && t('review.disposition.actionText', { text: d.action })]
              .filter(Boolean)
              .join(t('review.disposition.separator'))}
          </span>
          <span className="muted small">{t('review.disposition.by', { name: d.decidedByName, at: rt.dates.dateTime(d.decidedAt) })}</span>
          {item.answeredByOther && (
            <span className="muted small" data-testid="answered-by-other">
              {t('review.disposition.answeredByOther')}
            </span>
          )}
          {d.selfReview && (
            <span className="small" data-testid="self-review">
              <span className="badge badge-warning">{t('review.disposition.selfReview')}</span> {t('review.disposition.selfReviewHint')}
            </span>
          )}
          {editable && (
            <button
              type="button"
              ref={editButton}
              className="btn btn-ghost btn-sm"
              onClick={() => {
                setEditing(true);
                setFocusTo('form');
              }}
              aria-label={`${t('review.disposition.edit')}: ${text}`}
            >
              {t('review.disposition.edit')}
            </button>
          )}
        </div>
      )}
      {open && (
        <form
          ref={formRef}
          onSubmit={onSubmit}
          // Ctrl+Enter records from a text box, where Enter is a new line (a walk-through: Tabs to the button for each of many items).
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !formState.isSubmitting) {
              e.preventDefault();
              void onSubmit();
            }
          }}
          noValidate
          className="review-disposition-form"
          aria-label={`${t('review.disposition.label')}: ${text}`}
        >
          <ErrorAlert error={error} />
          {/* Each item's group and button say which item they are for (a walk-through: seven of each, alike, on one review). */}
          <fieldset className="review-choice" aria-label={`${t('review.disposition.label')}: ${text}`} aria-invalid={formState.errors.disposition ? true : undefined} aria-describedby={formState.errors.disposition ? `${formId}-choice` : undefined}>
            <legend>{t('review.disposition.label')}</legend>
            {DISPOSITIONS.map((k) => (
              <label key={k} className="checkbox">
                <input type="radio" value={k} {...register('disposition')} /> {t(`review.disposition.${k}`)}
              </label>
            ))}
            {formState.errors.disposition && <FieldMessage id={`${formId}-choice`} message={formState.errors.disposition.message} choice />}
          </fieldset>
          {!kind ? null : kind === 'no_issue' ? (
            <Field label={t('review.disposition.explanation')} error={formState.errors.explanation?.message} required>
              {(p) => <textarea {...p} {...register('explanation')} className="input" rows={2} maxLength={500} />}
            </Field>
          ) : (
            <div className="form-grid">
              <Field label={t('review.disposition.cause')} error={formState.errors.cause?.message} required>
                {(p) => <textarea {...p} {...register('cause')} className="input" rows={2} maxLength={500} />}
              </Field>
              <Field label={t('review.disposition.action')} error={formState.errors.action?.message} required>
                {(p) => <textarea {...p} {...register('action')} className="input" rows={2} maxLength={500} />}
              </Field>
            </div>
          )}
          {!d && kind && alike.length > 0 && (
            <fieldset className="review-alike" data-testid="disposition-alike">
              <legend>{t('review.disposition.alsoFor')}</legend>
              {alike.map((o) => (
                <label key={keyOf(o)} className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosen.has(keyOf(o))}
                    onChange={(e) => setChosen((was) => { const next = new Set(was); if (e.target.checked) next.add(keyOf(o)); else next.delete(keyOf(o)); return next; })}
                  />{' '}
                  {[rt.itemText(o), o.label ? rt.label(o) : null, o.at ? (/^\d{4}-\d{2}-\d{2}T/.test(o.at) ? rt.dates.dateTime(o.at) : o.at) : null].filter(Boolean).join('　')}
                </label>
              ))}
            </fieldset>
          )}
          <div className="form-actions">
            {editing && (
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => {
                  clearDraft(draftKey);
                  setEditing(false);
                  setFocusTo('shown');
                }}
              >
                {t('common.actions.cancel')}
              </button>
            )}
            <span className="muted small">{t('review.disposition.saveShortcut')}</span>
            <button type="submit" className="btn btn-secondary btn-sm" disabled={formState.isSubmitting} aria-label={`${t('review.disposition.save')}: ${text}`} aria-keyshortcuts="Control+Enter">
              {t('review.disposition.save')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
