import { useEffect, useState } from 'react';
import { useFieldArray, useForm, useWatch, type FieldPath } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, ArrowRight, Building2, Check, Plus, ShieldCheck, Trash2, UserCog } from 'lucide-react';
import { z } from 'zod';
import { contract } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { call } from '../api/client';
import { AuthLayout } from '../auth/AuthLayout';
import { Alert, ErrorAlert } from '../components/Alert';
import { Field } from '../components/Field';
import { PasswordInput } from '../components/PasswordInput';
import { PasswordRules } from '../components/PasswordRules';
import { applyApiError, decodeMessage, formResolver } from '../forms/errors';
import { RecoveryCode } from './RecoveryCode';
import { msg } from '../../../shared/api/schemas';

// SPEC §2 first run: company, sites (本社 first), the first system administrator and safety manager.
const setupInput = contract['setup.run'].input;
const account = setupInput.shape.sysadmin
  .extend({ passwordConfirm: z.string() })
  .refine((a) => a.password === a.passwordConfirm, { path: ['passwordConfirm'], ...msg('auth.errors.password_mismatch') });
const schema = setupInput.extend({ sysadmin: account, safetyManager: account });
type SetupForm = z.input<typeof schema>;

const STEPS = ['company', 'sysadmin', 'safetyManager', 'confirm'] as const;
const STEP_FIELDS: FieldPath<SetupForm>[][] = [['companyName', 'sites'], ['sysadmin'], ['safetyManager'], []];
const FIELDS = ['companyName', 'sites', 'sysadmin', 'safetyManager'];

function stepOfField(field: string): number {
  if (field.startsWith('sysadmin')) return 1;
  if (field.startsWith('safetyManager')) return 2;
  return 0;
}

const sameName = (a: string, b: string) => !!a.trim() && a.replace(/[\s\u3000]+/g, '') === b.replace(/[\s\u3000]+/g, '');

export function SetupWizard() {
  const { t } = useTranslation();
  const [step, setStep] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);
  const form = useForm<SetupForm, unknown, z.output<typeof schema>>({
    resolver: formResolver(schema),
    defaultValues: {
      companyName: '',
      sites: [{ code: 'HQ', name: t('setup.headOffice') }],
      sysadmin: { loginId: '', displayName: '', password: '', passwordConfirm: '' },
      safetyManager: { loginId: '', displayName: '', password: '', passwordConfirm: '' },
    },
  });
  const { control, formState, trigger, handleSubmit } = form;
  // Validate a step when leaving it; once a step has shown errors, re-check each field as it is
  // corrected. (Validating on blur would move the buttons under the pointer mid-click.)
  const [checked, setChecked] = useState<boolean[]>([]);
  const register: typeof form.register = (name, options) => {
    const field = form.register(name, options);
    return {
      ...field,
      onChange: async (e) => {
        const r = await field.onChange(e);
        if (checked[step]) void trigger(name);
        return r;
      },
    };
  };
  const sites = useFieldArray({ control, name: 'sites' });
  // A field the core refused, on a step shown again: the cursor goes there once it is on screen.
  const [focusField, setFocusField] = useState<FieldPath<SetupForm> | null>(null);
  useEffect(() => {
    if (!focusField) return;
    form.setFocus(focusField);
    setFocusField(null);
  }, [focusField, step, form]);
  const values = useWatch({ control }) as SetupForm;
  const errors = formState.errors;
  const samePerson = sameName(values.sysadmin?.displayName ?? '', values.safetyManager?.displayName ?? '');

  if (recoveryCode) return <RecoveryCode code={recoveryCode} companyName={values.companyName} />;

  const next = async () => {
    if (await trigger(STEP_FIELDS[step], { shouldFocus: true })) setStep((s) => s + 1);
    else setChecked((c) => Object.assign([...c], { [step]: true }));
  };

  const onSubmit = handleSubmit(
    async (v) => {
      setError(null);
      const strip = ({ loginId, displayName, password }: typeof v.sysadmin) => ({ loginId, displayName, password });
      const r = await call('setup.run', { companyName: v.companyName, sites: v.sites, sysadmin: strip(v.sysadmin), safetyManager: strip(v.safetyManager) });
      if (r.ok) {
        setRecoveryCode(r.value.recoveryCode);
        return;
      }
      const rest = applyApiError(r.error, form.setError, FIELDS);
      setError(rest);
      const first = r.error.issues?.[0]?.field ?? r.error.field;
      if (first && !rest) {
        setStep(stepOfField(first));
        setFocusField(first as FieldPath<SetupForm>);
      }
    },
    (errs) => {
      // A rule broken on an earlier step: go back to it.
      const first = Object.keys(errs)[0];
      if (first) setStep(stepOfField(first));
    },
  );

  const accountStep = (who: 'sysadmin' | 'safetyManager') => {
    const e = errors[who];
    const v = values[who] ?? { loginId: '', displayName: '', password: '' };
    return (
      <fieldset className="form-grid" key={who}>
        <legend className="visually-hidden">{t(`setup.steps.${who}`)}</legend>
        <p className="step-lead span-2">{who === 'sysadmin' ? t('setup.sysadminLead') : t('setup.safetyManagerLead')}</p>
        <Field label={t('setup.displayName')} error={e?.displayName?.message} required>
          {(p) => <input {...p} {...register(`${who}.displayName`)} className="input" placeholder={t('setup.displayNamePlaceholder')} autoComplete="off" />}
        </Field>
        <Field label={t('setup.loginId')} error={e?.loginId?.message} hint={t('setup.loginIdHint')} required>
          {(p) => <input {...p} {...register(`${who}.loginId`)} className="input" autoComplete="off" spellCheck={false} autoCapitalize="off" />}
        </Field>
        <Field label={t('setup.password')} error={e?.password?.message} required>
          {(p) => <PasswordInput {...p} {...register(`${who}.password`)} autoComplete="new-password" />}
        </Field>
        <Field label={t('setup.passwordConfirm')} error={e?.passwordConfirm?.message} required>
          {(p) => <PasswordInput {...p} {...register(`${who}.passwordConfirm`)} autoComplete="new-password" />}
        </Field>
        <div className="span-2">
          <PasswordRules password={v.password ?? ''} loginId={v.loginId} displayName={v.displayName} />
        </div>
        {who === 'safetyManager' && samePerson && (
          <div className="span-2">
            <Alert tone="warning" testId="same-person-warning">
              {t('setup.samePersonWarning')}
            </Alert>
          </div>
        )}
      </fieldset>
    );
  };

  return (
    <AuthLayout wide>
      <div className="wizard card">
        <header className="wizard-header">
          <h1>{t('setup.title')}</h1>
          <p className="page-lead">{t('setup.lead')}</p>
          <ol className="stepper" aria-label={t('setup.stepOf', { n: step + 1, total: STEPS.length })}>
            {STEPS.map((s, i) => (
              <li key={s} className={i === step ? 'current' : i < step ? 'done' : ''} aria-current={i === step ? 'step' : undefined}>
                <span className="stepper-num">{i < step ? <Check size={14} aria-hidden="true" /> : i + 1}</span>
                <span>{t(`setup.steps.${s}`)}</span>
              </li>
            ))}
          </ol>
        </header>

        <form onSubmit={onSubmit} noValidate>
          <h2 className="wizard-step-title">
            {step === 0 && <Building2 size={18} aria-hidden="true" />}
            {(step === 1 || step === 2) && <UserCog size={18} aria-hidden="true" />}
            {step === 3 && <ShieldCheck size={18} aria-hidden="true" />}
            {t(`setup.steps.${STEPS[step]}`)}
            <span className="muted wizard-step-count">{t('setup.stepOf', { n: step + 1, total: STEPS.length })}</span>
          </h2>
          <ErrorAlert error={error} />

          {step === 0 && (
            <div className="form-stack">
              <Field label={t('setup.companyName')} error={errors.companyName?.message} required>
                {(p) => <input {...p} {...register('companyName')} className="input" placeholder={t('setup.companyNamePlaceholder')} autoFocus />}
              </Field>
              <fieldset className="sites-fieldset">
                <legend className="field-label">{t('setup.sites')}</legend>
                <p className="field-hint">{t('setup.sitesLead')}</p>
                <table className="table sites-table">
                  <thead>
                    <tr>
                      <th scope="col" className="col-kind" />
                      <th scope="col">{t('setup.siteCode')}</th>
                      <th scope="col">{t('setup.siteName')}</th>
                      <th scope="col" className="col-actions" />
                    </tr>
                  </thead>
                  <tbody>
                    {sites.fields.map((row, i) => (
                      <tr key={row.id}>
                        <td className="col-kind">
                          <span className={`badge ${i === 0 ? 'badge-primary' : ''}`}>{i === 0 ? t('setup.headOffice') : t('setup.branch')}</span>
                        </td>
                        <td>
                          <Field label={<span className="visually-hidden">{t('setup.siteCode')}</span>} error={errors.sites?.[i]?.code?.message}>
                            {(p) => <input {...p} {...register(`sites.${i}.code`)} className="input input-code" aria-label={t('setup.siteCode')} autoCapitalize="characters" />}
                          </Field>
                        </td>
                        <td>
                          <Field label={<span className="visually-hidden">{t('setup.siteName')}</span>} error={errors.sites?.[i]?.name?.message}>
                            {(p) => <input {...p} {...register(`sites.${i}.name`)} className="input" aria-label={t('setup.siteName')} />}
                          </Field>
                        </td>
                        <td className="col-actions">
                          {i > 0 && (
                            <button type="button" className="icon-button" onClick={() => sites.remove(i)} aria-label={t('setup.removeSite')} title={t('setup.removeSite')}>
                              <Trash2 size={16} aria-hidden="true" />
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="field-hint">{t('setup.siteCodeHint')}</p>
                {errors.sites?.root?.message || errors.sites?.message ? <ErrorAlert error={{ code: 'invalid_input', ...decodeMessage((errors.sites?.root?.message ?? errors.sites?.message)!) }} /> : null}
                <button type="button" className="btn btn-secondary" onClick={() => sites.append({ code: '', name: '' })} disabled={sites.fields.length >= 50}>
                  <Plus size={16} aria-hidden="true" />
                  {t('setup.addSite')}
                </button>
              </fieldset>
            </div>
          )}

          {step === 1 && accountStep('sysadmin')}
          {step === 2 && accountStep('safetyManager')}

          {step === 3 && (
            <div className="form-stack" data-testid="setup-confirm">
              <p>{t('setup.confirmLead')}</p>
              <p className="field-hint">{t('setup.firstSignInNote')}</p>
              <dl className="summary">
                <dt>{t('setup.companyName')}</dt>
                <dd>{values.companyName}</dd>
                <dt>{t('setup.sites')}</dt>
                <dd>
                  <ul className="plain-list">
                    {(values.sites ?? []).map((s, i) => (
                      <li key={i}>
                        <span className="badge">{i === 0 ? t('setup.headOffice') : t('setup.branch')}</span> <code>{s.code}</code> {s.name}
                      </li>
                    ))}
                  </ul>
                </dd>
                <dt>{t('setup.steps.sysadmin')}</dt>
                <dd>
                  {values.sysadmin?.displayName} <code>{values.sysadmin?.loginId}</code>
                </dd>
                <dt>{t('setup.steps.safetyManager')}</dt>
                <dd>
                  {values.safetyManager?.displayName} <code>{values.safetyManager?.loginId}</code>
                </dd>
              </dl>
              {samePerson && (
                <Alert tone="warning" testId="same-person-warning">
                  {t('setup.samePersonWarning')}
                </Alert>
              )}
            </div>
          )}

          <div className="wizard-actions">
            {step > 0 && (
              <button type="button" className="btn btn-ghost" onClick={() => setStep((s) => s - 1)} disabled={formState.isSubmitting}>
                <ArrowLeft size={16} aria-hidden="true" />
                {t('common.actions.back')}
              </button>
            )}
            <span className="spacer" />
            {/* Distinct keys: React must not turn the clicked "next" button into the submit button
                while its click is still being handled (the browser would then submit the form). */}
            {step < STEPS.length - 1 ? (
              <button key="next" type="button" className="btn btn-primary" onClick={() => void next()}>
                {t('common.actions.next')}
                <ArrowRight size={16} aria-hidden="true" />
              </button>
            ) : (
              <button key="submit" type="submit" className="btn btn-primary" disabled={formState.isSubmitting}>
                <Check size={16} aria-hidden="true" />
                {formState.isSubmitting ? t('setup.submitting') : t('setup.submit')}
              </button>
            )}
          </div>
        </form>
      </div>
    </AuthLayout>
  );
}
