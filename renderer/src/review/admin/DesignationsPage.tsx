import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useForm, useWatch, type FieldValues, type Path, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { BadgeCheck, Ban } from 'lucide-react';
import { z } from 'zod';
import { contract } from '../../../../shared/api/contract';
import type { AccountInfo, SiteInfo } from '../../../../shared/api/core-contract';
import type { ApiError } from '../../../../shared/api/errors';
import type { DesignationInfo } from '../../../../shared/api/review-contract';
import { msg } from '../../../../shared/api/schemas';
import { jstDate } from '../../../../shared/calendar';
import { isPlainDate } from '../../../../shared/dates';
import { api } from '../../api/api';
import { canCall } from '../../auth/access';
import { ErrorAlert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { FieldMessage } from '../../components/FieldMessage';
import { ReasonDialog } from '../../components/ReasonDialog';
import { applyApiError, formResolver } from '../../forms/errors';
import { useDates } from '../../hooks/useDates';
import { useSites } from '../../hooks/useSites';
import { useApp } from '../../state/app';
import { flash } from '../../state/flash';
import { useReviewLedgers } from './review-ledgers';
import { usePunct } from '../../hooks/usePunct';

const input = contract['designations.add'].input.shape;
// The contract's rules, with "choose one" and "enter a date" for what is still empty.
const required = z.string().min(1, msg('errors.field.required'));
const schema = z
  .object({
    accountId: required.pipe(input.accountId),
    ledgers: input.ledgers,
    siteIds: input.siteIds,
    validFrom: required.pipe(input.validFrom),
    validTo: required.pipe(input.validTo),
  })
  .refine((d) => d.validTo >= d.validFrom, { ...msg('review.errors.to_before_from'), path: ['validTo'] });
type FormValues = z.input<typeof schema>;
const FIELDS = ['accountId', 'ledgers', 'siteIds', 'validFrom', 'validTo'];

/** 点検者の指名 (SPEC §2, §5): the safety manager designates who reviews which ledgers of which sites, from when to when. */
export function DesignationsPage() {
  const { t } = useTranslation();
  const session = useApp((s) => s.session);
  const sites = useSites();
  const [accounts, setAccounts] = useState<AccountInfo[] | null>(null);
  const [list, setList] = useState<DesignationInfo[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [voiding, setVoiding] = useState<DesignationInfo | null>(null);

  const loadList = useCallback(async () => {
    const r = await api('designations.list', {});
    if (r.ok) setList(r.value);
    else setError(r.error);
  }, []);

  useEffect(() => {
    void loadList();
    void api('accounts.list', {}).then((r) => {
      if (r.ok) setAccounts(r.value.filter((a) => a.status === 'active'));
      else setError(r.error);
    });
  }, [loadList]);

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('review.designations.title')}</h1>
        <p className="page-lead">{t('review.designations.lead')}</p>
      </header>
      <ErrorAlert error={error} />
      {canCall('designations.add', session) && <DesignationForm accounts={accounts} sites={sites} onSaved={() => void loadList()} />}
      <DesignationList list={list} sites={sites} onVoid={canCall('designations.void', session) ? setVoiding : undefined} />
      {voiding && (
        <ReasonDialog
          title={t('review.designations.voidTitle')}
          lead={t('review.designations.voidLead', { name: voiding.accountName })}
          reasonLabel={t('review.designations.voidReason')}
          submitLabel={t('review.designations.void')}
          icon={Ban}
          testId="designation-void-dialog"
          submit={(reason) => api('designations.void', { id: voiding.id, reason })}
          onDone={(d) => {
            setVoiding(null);
            flash(t('review.designations.voidDone', { name: d.accountName }));
            void loadList();
          }}
          onClose={() => setVoiding(null)}
        />
      )}
    </div>
  );
}

function DesignationForm({ accounts, sites, onSaved }: { accounts: AccountInfo[] | null; sites: SiteInfo[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const p = usePunct();
  const dates = useDates();
  const { ledgers, title } = useReviewLedgers();
  const [error, setError] = useState<ApiError | null>(null);
  const defaults = useMemo<FormValues>(() => ({ accountId: '', ledgers: [], siteIds: [], validFrom: jstDate(new Date()), validTo: '' }), []);
  const form = useForm<FormValues, unknown, z.output<typeof schema>>({ resolver: formResolver(schema), defaultValues: defaults });
  const { register, handleSubmit, formState, control } = form;
  const e = formState.errors;
  const [from, to] = useWatch({ control, name: ['validFrom', 'validTo'] });

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const r = await api('designations.add', v);
    if (!r.ok) return setError(applyApiError(r.error, form.setError, FIELDS));
    form.reset(defaults);
    flash(t('review.designations.added'));
    onSaved();
  });

  const dateHint = (value: string | undefined) => (value && isPlainDate(value) ? dates.date(value, true) : undefined);
  return (
    <section className="card" aria-labelledby="designation-form-title" data-testid="designation-form">
      <h2 className="card-title" id="designation-form-title">
        {t('review.designations.formTitle')}
      </h2>
      <form onSubmit={onSubmit} noValidate className="form-stack">
        <ErrorAlert error={error} />
        <div className="form-grid designation-grid">
          <Field label={t('review.designations.account')} error={e.accountId?.message} required choice hint={t('review.designations.accountHint')}>
            {(fp) => (
              <select {...fp} {...register('accountId')} className="input" disabled={!accounts}>
                <option value="">{accounts ? t('review.designations.choose') : t('common.loading')}</option>
                {accounts?.map((a) => (
                  <option key={a.id} value={a.id}>
                    {p.note(a.displayName, a.loginId)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('review.designations.validFrom')} error={e.validFrom?.message} required hint={dateHint(from)}>
            {(p) => <input {...p} {...register('validFrom')} type="date" className="input input-date" />}
          </Field>
          <Field label={t('review.designations.validTo')} error={e.validTo?.message} required hint={dateHint(to)}>
            {(p) => <input {...p} {...register('validTo')} type="date" className="input input-date" min={from || undefined} />}
          </Field>
        </div>
        <p className="field-hint">{t('review.designations.periodHint')}</p>
        <CheckGroup
          legend={t('review.designations.ledgers')}
          name="ledgers"
          register={register}
          error={e.ledgers?.message ?? e.ledgers?.root?.message}
          options={ledgers.map((l) => ({ value: l.key, label: title(l.key) }))}
          testId="designation-ledgers"
        />
        <CheckGroup
          legend={t('review.designations.sites')}
          name="siteIds"
          register={register}
          error={e.siteIds?.message ?? e.siteIds?.root?.message}
          options={sites.map((s) => ({ value: s.id, label: s.name }))}
          testId="designation-sites"
        />
        <div>
          <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting || !accounts}>
            <BadgeCheck size={16} aria-hidden="true" />
            {t('review.designations.add')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** A required group of checkboxes: its legend is its name, its error is read with it. */
function CheckGroup<T extends FieldValues>({
  legend,
  name,
  register,
  error,
  options,
  testId,
}: {
  legend: string;
  name: Path<T>;
  register: UseFormRegister<T>;
  error?: string;
  options: { value: string; label: ReactNode }[];
  testId: string;
}) {
  const errorId = `${useId()}-error`;
  return (
    <fieldset className={`field check-group${error ? ' field-invalid' : ''}`} aria-describedby={error ? errorId : undefined} data-testid={testId}>
      <legend className="field-label">
        {legend}
        <span className="field-required" aria-hidden="true">
          *
        </span>
      </legend>
      <div className="check-options">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input type="checkbox" value={o.value} {...register(name)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldMessage id={errorId} message={error} />
    </fieldset>
  );
}

type DesignationState = 'active' | 'upcoming' | 'ended' | 'void';

function stateOf(d: DesignationInfo, today: string): DesignationState {
  if (d.status === 'void') return 'void';
  if (today < d.validFrom) return 'upcoming';
  if (today > d.validTo) return 'ended';
  return 'active';
}

const STATE_BADGE: Record<DesignationState, string> = { active: 'badge-success', upcoming: 'badge-primary', ended: 'badge-muted', void: 'badge-muted' };

function DesignationList({ list, sites, onVoid }: { list: DesignationInfo[] | null; sites: SiteInfo[]; onVoid?: (d: DesignationInfo) => void }) {
  const { t } = useTranslation();
  const p = usePunct();
  const dates = useDates();
  const { title } = useReviewLedgers();
  const today = jstDate(new Date());
  // In the sites' own order (本社 first), as the checkboxes offer them.
  const siteNames = (ids: readonly string[]) => sites.filter((s) => ids.includes(s.id)).map((s) => s.name);

  return (
    <section className="card" aria-labelledby="designation-list-title">
      <h2 className="card-title" id="designation-list-title">
        {t('review.designations.listTitle')}
      </h2>
      {!list && <p className="muted empty">{t('common.loading')}</p>}
      {list?.length === 0 && <p className="empty">{t('review.designations.none')}</p>}
      {list && list.length > 0 && (
        <table className="table designations-table" data-testid="designations-table">
          <thead>
            <tr>
              <th scope="col">{t('review.designations.columns.account')}</th>
              <th scope="col">{t('review.designations.columns.ledgers')}</th>
              <th scope="col">{t('review.designations.columns.sites')}</th>
              <th scope="col">{t('review.designations.columns.period')}</th>
              <th scope="col">{t('review.designations.columns.status')}</th>
              <th scope="col">{t('review.designations.columns.recorded')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('review.designations.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => {
              const state = stateOf(d, today);
              return (
                <tr key={d.id} className={state === 'void' || state === 'ended' ? 'row-inactive' : undefined} data-testid="designation-row">
                  <td className="wrap-anywhere">{d.accountName}</td>
                  <td>
                    <ul className="plain-list">
                      {d.ledgers.map((l) => (
                        <li key={l}>{title(l)}</li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <ul className="plain-list">
                      {siteNames(d.siteIds).map((name) => (
                        <li key={name}>{name}</li>
                      ))}
                    </ul>
                  </td>
                  <td className="nowrap">
                    <time dateTime={d.validFrom}>{dates.date(d.validFrom)}</time>
                    {t('review.designations.periodTo')}
                    <br />
                    <time dateTime={d.validTo}>{dates.date(d.validTo)}</time>
                  </td>
                  <td data-testid="designation-status">
                    <span className={`badge ${STATE_BADGE[state]}`}>{state === 'void' ? t('review.designations.voided') : t(`review.designations.status.${state}`)}</span>
                    {d.voidReason && <div className="small muted wrap-anywhere">{t('review.designations.voidReasonShown', { reason: d.voidReason })}</div>}
                  </td>
                  <td className="small muted">{t('review.designations.recordedBy', { name: d.recordedByName, at: dates.dateTime(d.recordedAt) })}</td>
                  <td>
                    {onVoid && d.status === 'valid' && (
                      <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => onVoid(d)} aria-label={p.note(t('review.designations.void'), d.accountName)}>
                        <Ban size={14} aria-hidden="true" />
                        {t('review.designations.void')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
