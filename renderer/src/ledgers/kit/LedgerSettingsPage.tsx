import { useEffect, useRef, useState } from 'react';
import { SettingsHistoryLink } from '../../admin/SettingsHistoryPage';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Save } from 'lucide-react';
import type { ApiError } from '../../../../shared/api/errors';
import { accessLogDefinition } from '../../../../shared/ledgers/accessLog';
import { ASSET_KINDS, checkoutsDefinition } from '../../../../shared/ledgers/assets';
import { cabinetLogDefinition } from '../../../../shared/ledgers/cabinets';
import type { LedgerDefinition } from '../../../../shared/ledgers/kit';
import { lastExitDefinition } from '../../../../shared/ledgers/lastExit';
import { visitorsDefinition } from '../../../../shared/ledgers/visitors';
import { ErrorAlert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { FieldMessage } from '../../components/FieldMessage';
import { DiscardQuestion } from '../../components/DiscardQuestion';
import { SiteOptions } from '../../components/SiteOptions';
import { applyApiError } from '../../forms/errors';
import { useSites } from '../../hooks/useSites';
import { useApp } from '../../state/app';
import { flash } from '../../state/flash';
import { ledgerApi, mayCall, useKitText } from './kit-api';
import './ledger-settings.css';

// SPEC §4: each kit ledger's thresholds are settings per site. One page for all of them, a card a
// ledger, each saved on its own with a reason. The core checks every rule (the definition's schema
// and the ledger's own) and names the field; the page shows its message there.

type Control =
  | { key: string; kind: 'time' }
  | { key: string; kind: 'int'; min: number; max: number }
  | { key: string; kind: 'choices'; values: readonly string[]; labelKey: (v: string) => string }
  | { key: string; kind: 'lines'; optional?: boolean };

interface Section {
  def: LedgerDefinition;
  controls: readonly Control[];
}

const SECTIONS: readonly Section[] = [
  { def: cabinetLogDefinition, controls: [{ key: 'businessStart', kind: 'time' }, { key: 'businessEnd', kind: 'time' }, { key: 'maxOpenMinutes', kind: 'int', min: 5, max: 1440 }] },
  { def: checkoutsDefinition, controls: [{ key: 'approvalKinds', kind: 'choices', values: ASSET_KINDS, labelKey: (v) => `assets.values.kind.${v}` }] },
  { def: lastExitDefinition, controls: [{ key: 'items', kind: 'lines' }] },
  { def: visitorsDefinition, controls: [{ key: 'businessStart', kind: 'time' }, { key: 'businessEnd', kind: 'time' }, { key: 'representatives', kind: 'lines', optional: true }] },
  { def: accessLogDefinition, controls: [{ key: 'dueDay', kind: 'int', min: 1, max: 28 }] },
];

/** The words of a value of a ledger's settings field that is a set of choices (the settings' history shows them so), or null. */
export function choiceLabel(ledger: string, key: string): ((v: string) => string) | null {
  const control = SECTIONS.find((x) => x.def.key === ledger)?.controls.find((c) => c.key === key);
  return control?.kind === 'choices' ? control.labelKey : null;
}

/** The form's values: what is typed (text), or the chosen values of a set of check boxes. */
type FormValues = Record<string, string | string[]>;

function toForm(section: Section, saved: Record<string, unknown>): FormValues {
  const out: FormValues = { reason: '' };
  for (const c of section.controls) {
    const v = saved[c.key];
    out[c.key] = c.kind === 'choices' ? [...((v as string[] | undefined) ?? [])] : c.kind === 'lines' ? ((v as string[] | undefined) ?? []).join('\n') : String(v ?? '');
  }
  return out;
}

/** What the API takes: numbers as numbers (text that is not one goes as typed, for the core to name), one item a line. */
function toChanges(section: Section, v: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of section.controls) {
    const raw = v[c.key];
    if (c.kind === 'int') {
      const s = String(raw).trim();
      out[c.key] = /^\d+$/.test(s) ? Number(s) : s === '' ? null : s;
    } else if (c.kind === 'lines') out[c.key] = String(raw).split('\n').map((l) => l.trim()).filter(Boolean);
    else if (c.kind === 'choices') out[c.key] = Array.isArray(raw) ? raw : raw ? [raw] : [];
    else out[c.key] = String(raw).trim();
  }
  return out;
}

/** 台帳の設定（拠点別）: the site, then a card for each kit ledger with settings this account may change. */
export function LedgerSettingsPage() {
  const { t } = useTranslation();
  const sites = useSites();
  const session = useApp((s) => s.session);
  const [picked, setPicked] = useState('');
  const siteId = picked || sites[0]?.id || '';
  const site = sites.find((s) => s.id === siteId);
  const sections = SECTIONS.filter((s) => mayCall(s.def, 'updateSettings', session));
  // The cards with unsaved input, and the site asked for while there are some.
  const [dirty, setDirty] = useState<ReadonlySet<string>>(new Set());
  const [asking, setAsking] = useState<string | null>(null);
  const siteRef = useRef<HTMLSelectElement>(null);
  return (
    <div className="page page-narrow">
      <header className="page-header">
        <h1>{t('ledgerKit.settings.title')}</h1>
        <p className="page-lead">{t('ledgerKit.settings.lead')}</p>
        <SettingsHistoryLink />
      </header>
      <div className="toolbar">
        <label className="toolbar-field">
          <span>{t('ledgerKit.settings.site')}</span>
          <select
            className="input"
            value={siteId}
            onChange={(ev) => (dirty.size > 0 ? setAsking(ev.target.value) : setPicked(ev.target.value))}
            data-testid="ledger-settings-site"
            ref={siteRef}
          >
            <SiteOptions sites={sites} />
          </select>
        </label>
      </div>
      {/* Another site with unsaved input in a card: asked first, as a dialog's Escape is (nothing typed is lost to a stray choice). */}
      {asking !== null && (
        <DiscardQuestion
          onKeep={() => (setAsking(null), siteRef.current?.focus())}
          onDiscard={() => (setPicked(asking), setAsking(null), setDirty(new Set()), siteRef.current?.focus())}
          discardLabel={t('ledgerKit.settings.switchSite')}
        />
      )}
      {siteId &&
        sections.map((s) => (
          <SectionForm key={`${s.def.key}:${siteId}`} section={s} siteId={siteId} siteName={site?.name ?? ''} onDirty={(d) => setDirty((was) => toggled(was, s.def.key, d))} />
        ))}
    </div>
  );
}

/** The set with `key` in it or not. */
function toggled(set: ReadonlySet<string>, key: string, on: boolean): ReadonlySet<string> {
  if (set.has(key) === on) return set;
  const next = new Set(set);
  if (on) next.add(key);
  else next.delete(key);
  return next;
}

function SectionForm({ section, siteId, siteName, onDirty }: { section: Section; siteId: string; siteName: string; onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const { text, title } = useKitText(section.def);
  const [view, setView] = useState<(Record<string, unknown> & { isDefault: boolean }) | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const form = useForm<FormValues>({ defaultValues: toForm(section, {}) });
  const { register, handleSubmit, reset, formState, setError: setFieldError } = form;
  const e = formState.errors as Record<string, { message?: string } | undefined>;
  const key = section.def.key;
  const headingId = `ledger-settings-${key}`;
  const isDirty = formState.isDirty;
  useEffect(() => onDirty(isDirty), [isDirty, onDirty]);

  useEffect(() => {
    let live = true;
    void ledgerApi<Record<string, unknown> & { isDefault: boolean }>(section.def, 'getSettings', { siteId }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error);
      setView(r.value);
      reset(toForm(section, r.value));
    });
    return () => {
      live = false;
    };
  }, [section, siteId, reset]);

  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    const reason = String(v.reason ?? '').trim();
    const r = await ledgerApi<Record<string, unknown> & { isDefault: boolean }>(section.def, 'updateSettings', { siteId, changes: toChanges(section, v), reason });
    if (!r.ok) {
      const fields = [...section.controls.map((c) => c.key), 'reason'];
      // The core names "changes.<key>" (an item of a list: "changes.items.3"); the whole change set: its first control.
      const mapField = (f: string) => (f === 'changes' ? section.controls[0].key : f.replace(/^changes\./, '').replace(/\.\d+$/, ''));
      return setError(applyApiError(r.error, setFieldError, fields, mapField));
    }
    setView(r.value);
    reset(toForm(section, r.value));
    flash(t('ledgerKit.settings.saved', { site: siteName, ledger: title }));
  });

  const label = (c: Control) => t(`ledgerKit.settings.fields.${key}.${c.key}` as never);
  const hint = (c: Control) => t(`ledgerKit.settings.hints.${key}.${c.key}` as never);
  const loaded = view !== null;

  return (
    <section className="card" aria-labelledby={headingId} data-testid={`ledger-settings-${key}`}>
      <form onSubmit={onSubmit} noValidate className="form-stack" aria-busy={!loaded && !error}>
        <div className="ledger-settings-head">
          <h2 className="card-title" id={headingId}>
            {title}
          </h2>
          {view && <span className={`badge ${view.isDefault ? 'badge-muted' : 'badge-primary'}`}>{view.isDefault ? t('ledgerKit.settings.usesDefaults') : t('ledgerKit.settings.hasOwn')}</span>}
        </div>
        <ErrorAlert error={error} />
        <fieldset className="form-grid" disabled={!loaded}>
          <legend className="visually-hidden">{title}</legend>
          {section.controls.map((c) =>
            c.kind === 'choices' ? (
              <fieldset
                key={c.key}
                className="span-2 ledger-settings-choices"
                aria-describedby={[e[c.key]?.message ? `${headingId}-${c.key}-error` : '', `${headingId}-${c.key}-hint`].filter(Boolean).join(' ')}
              >
                <legend className="field-label">{label(c)}</legend>
                <div className="ledger-settings-choice-list">
                  {c.values.map((v) => (
                    <label key={v} className="checkbox">
                      <input type="checkbox" value={v} {...register(c.key)} />
                      <span>{text(c.labelKey(v))}</span>
                    </label>
                  ))}
                </div>
                {e[c.key]?.message && <FieldMessage id={`${headingId}-${c.key}-error`} message={e[c.key]?.message} />}
                <p className="field-hint" id={`${headingId}-${c.key}-hint`}>
                  {hint(c)}
                </p>
              </fieldset>
            ) : (
              <Field key={c.key} label={label(c)} error={e[c.key]?.message} hint={hint(c)} required={!(c.kind === 'lines' && c.optional)} className={c.kind === 'lines' ? 'span-2' : undefined}>
                {(p) =>
                  c.kind === 'lines' ? (
                    <textarea {...p} {...register(c.key)} className="input" rows={c.optional ? 3 : 9} />
                  ) : c.kind === 'int' ? (
                    <input {...p} {...register(c.key)} className="input input-number" inputMode="numeric" autoComplete="off" />
                  ) : (
                    <input {...p} {...register(c.key)} className="input input-time mono" inputMode="numeric" placeholder="08:00" maxLength={5} autoComplete="off" />
                  )
                }
              </Field>
            ),
          )}
          <Field label={t('ledgerKit.settings.reason')} error={e.reason?.message} hint={t('ledgerKit.settings.reasonHint')} required className="span-2">
            {(p) => <textarea {...p} {...register('reason')} className="input" rows={2} maxLength={500} />}
          </Field>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting || !loaded}>
            <Save size={16} aria-hidden="true" />
            {t('ledgerKit.settings.submit')}
            {/* Five 保存する on one page: each says which ledger's, after the visible words. */}
            <span className="visually-hidden">{t('ledgerKit.settings.submitOf', { ledger: title })}</span>
          </button>
        </div>
      </form>
    </section>
  );
}
