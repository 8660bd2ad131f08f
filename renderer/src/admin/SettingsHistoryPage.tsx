import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { History } from 'lucide-react';
import type { SettingChange } from '../../../shared/api/core-contract';
import { api } from '../api/api';
import { DateText } from '../components/DateText';
import { StationName } from '../components/StationName';
import type { ApiError } from '../../../shared/api/errors';
import { HistoryPageFrame } from '../history/HistoryPage';
import { usePunct } from '../hooks/usePunct';
import { useReviewText } from '../review/review-text';
import { choiceLabel } from '../ledgers/kit/LedgerSettingsPage';
import { useApp } from '../state/app';
import { ScrollRegion } from '../components/ScrollRegion';

// Every change of a setting someone made, with its reason (settings.history): the settings pages say
// "the reason is kept in the history" — this is that history. Values are shown as the settings pages
// word them; a value of a shape this screen does not know is shown as stored.

type Setting = SettingChange['setting'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function useSettingText() {
  const { t, i18n } = useTranslation();
  const rt = useReviewText();
  const p = usePunct();
  const name = (s: Setting): string => {
    if (s.kind === 'general') return s.key === 'lan.listener' ? t('settings.history.lanListener') : t(`settings.${({ 'company.name': 'companyName', 'auth.idleLockMinutes': 'idleLockMinutes', 'backup.warnAfterDays': 'backupWarnAfterDays', 'review.dueDay': 'reviewDueDay', 'print.stampLabels': 'stampLabels' } as const)[s.key]}`);
    if (s.kind === 'retention') return t('settings.history.period', { ledger: rt.ledgerTitle(s.ledger) });
    if (s.kind === 'station') return t('settings.history.station', { station: s.stationId });
    if (s.kind === 'lanStation') return t('settings.history.lanStation', { name: s.name });
    const ledger = s.ledger === 'calendar' ? t('settings.history.calendar') : rt.ledgerTitle(s.ledger);
    return s.ledger === 'calendar' ? `${ledger}${p.open}${s.siteName ?? s.siteId}${p.close}` : t('settings.history.site', { ledger, site: s.siteName ?? s.siteId });
  };
  /** A field of a site's settings, as its settings page labels it (as stored when no page does). */
  const field = (ledger: string, key: string): string => {
    const own = ledger === 'calendar' ? `lastExit.calendar.${key}` : ledger === 'serverRoom' ? `serverRoom.settings.${key}` : `ledgerKit.settings.fields.${ledger}.${key}`;
    const found = [own, `settings.history.${key}`].find((k) => i18n.exists(k));
    return found ? rt.text(found) : key;
  };
  /** An item of a list in words (a set of choices, as its settings page names them), quoted: items hold 「・」 themselves. */
  const item = (s: Setting, key: string, v: unknown): string => {
    const label = s.kind === 'site' && typeof v === 'string' ? choiceLabel(s.ledger, key) : null;
    // A listed item no longer offered (a purpose retired), or one that asks for details: its words
    // quoted, then said so (a review: a purpose changed only in that read 「保守」 → 「保守」).
    if (isRecord(v) && (v.active === false || v.requiresNote === true)) {
      const marks = [...(v.requiresNote === true ? [rt.text('serverRoom.settings.requiresNote')] : []), ...(v.active === false ? [t('settings.history.retired')] : [])];
      return `${quote(plain({ ...v, active: true }))}${p.open}${p.list(marks)}${p.close}`;
    }
    return quote(label ? rt.text(label(v as string)) : plain(v));
  };
  const quote = (words: string) => (i18n.language === 'en' ? `“${words}”` : `「${words}」`);
  /** A value in words: a general setting with its unit, a list joined, hours as a span; anything else as stored. */
  const value = (s: Setting, v: unknown): string => {
    if (s.kind === 'station') return typeof v === 'string' ? quote(v) : t('settings.history.noName');
    if (s.kind === 'lanStation') return t(v === 'revoked' ? 'settings.history.lanRevoked' : v === 'enrolled' ? 'settings.history.lanEnrolled' : 'settings.history.lanNotEnrolled');
    if (v === null || v === undefined) return t('settings.history.default');
    if (s.kind === 'general') {
      if (s.key === 'auth.idleLockMinutes') return t('settings.history.minutes', { count: Number(v) });
      if (s.key === 'backup.warnAfterDays') return t('settings.history.days', { count: Number(v) });
      if (s.key === 'review.dueDay') return t('settings.history.dueDay', { count: Number(v) });
      if (s.key === 'lan.listener' && isRecord(v)) return v.enabled ? t('settings.history.lanOn', { address: String(v.address), port: String(v.port) }) : t('settings.history.lanOff');
    }
    if (s.kind === 'retention') return t('settings.history.years', { count: Number(v) });
    return plain(v);
  };
  const plain = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('settings.history.none');
    if (typeof v === 'boolean') return t(v ? 'settings.history.yes' : 'settings.history.no');
    if (Array.isArray(v)) return v.length === 0 ? t('settings.history.none') : v.map((x) => quote(plain(x))).join(i18n.language === 'en' ? ', ' : '');
    if (isRecord(v)) {
      if (typeof v.start === 'string' && typeof v.end === 'string') return `${v.start}〜${v.end}`;
      // A listed item (a purpose, a checklist item): its words, and whether it is still offered.
      const words = v.label ?? v.text ?? v.name ?? v.code;
      if (words !== undefined) return `${String(words)}${v.active === false ? `${p.open}${t('settings.history.retired')}${p.close}` : ''}`;
      return JSON.stringify(v);
    }
    return String(v);
  };
  /** Items one after another: quoted in Japanese with nothing between, in English with commas. */
  const items = (s: Setting, key: string, list: unknown[]) => list.map((v) => item(s, key, v)).join(i18n.language === 'en' ? ', ' : '');
  return { name, field, value, plain, item, items };
}

/**
 * Two lists as their changes: items added, taken out, and (items with a code: a purpose) changed in
 * place; null when either is not a list.
 */
function listChange(before: unknown, after: unknown): { added: unknown[]; removed: unknown[]; changed: [unknown, unknown][] } | null {
  if (!Array.isArray(before) || !Array.isArray(after)) return null;
  const key = (v: unknown) => (isRecord(v) && typeof v.code === 'string' ? `code:${v.code}` : JSON.stringify(v));
  const was = new Map(before.map((v) => [key(v), v]));
  const now = new Map(after.map((v) => [key(v), v]));
  return {
    added: after.filter((v) => !was.has(key(v))),
    removed: before.filter((v) => !now.has(key(v))),
    changed: after.flatMap((v): [unknown, unknown][] => (was.has(key(v)) && JSON.stringify(was.get(key(v))) !== JSON.stringify(v) ? [[was.get(key(v)), v]] : [])),
  };
}

function Change({ c }: { c: SettingChange }) {
  const { t } = useTranslation();
  const st = useSettingText();
  const p = usePunct();
  const line = (label: string | null, before: ReactNode, after: ReactNode, key: string) => (
    <li key={key}>
      {label && (
        <span className="muted">
          {label}
          {p.colon}
        </span>
      )}
      {before} → {after}
    </li>
  );
  // A site's settings are saved whole: what changed in them, key by key (all of them when first saved).
  if (c.setting.kind === 'site' && (isRecord(c.after) || isRecord(c.before))) {
    const before = isRecord(c.before) ? c.before : {};
    const after = isRecord(c.after) ? c.after : {};
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    const s = c.setting;
    return (
      <ul className="settings-history-changes">
        {keys.map((k) => {
          const items = listChange(before[k], after[k]);
          if (!items) return line(st.field(s.ledger, k), st.value(s, k in before ? before[k] : null), st.value(s, after[k]), k);
          // A list (purposes, checklist items, days): what was added, taken out or changed in it, not both lists whole.
          const said = [
            ...(items.added.length ? [t('settings.history.added', { items: st.items(s, k, items.added) })] : []),
            ...(items.removed.length ? [t('settings.history.removed', { items: st.items(s, k, items.removed) })] : []),
            ...items.changed.map(([b, a]) => `${st.item(s, k, b)} → ${st.item(s, k, a)}`),
          ];
          return (
            <li key={k}>
              <span className="muted">
                {st.field(s.ledger, k)}
                {p.colon}
              </span>
              {said.map((x) => (
                <span key={x} className="settings-history-part">
                  {x}
                </span>
              ))}
            </li>
          );
        })}
      </ul>
    );
  }
  return <ul className="settings-history-changes">{line(null, st.value(c.setting, c.before), st.value(c.setting, c.after), 'value')}</ul>;
}

export function SettingsHistoryPage() {
  const { t } = useTranslation();
  // Back to 設定 for the administrator; the safety manager, who cannot open it, to 台帳の設定 (a review).
  const admin = useApp((s) => s.session?.roles.includes('sysadmin') ?? false);
  const st = useSettingText();
  const [entries, setEntries] = useState<SettingChange[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    void api('settings.history', {}).then((r) => {
      if (!live) return;
      if (r.ok) setEntries(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, []);
  return (
    <HistoryPageFrame backTo={admin ? '/admin/settings' : '/admin/ledger-settings'} backLabel={admin ? t('settings.history.back') : t('ledgerKit.settings.nav')} title={t('settings.history.title')} lead={t('settings.history.lead')} error={error} loaded={!!entries} wide>
      <ScrollRegion label={t('settings.history.title')}>
        <table className="table table-sticky" data-testid="settings-history" aria-label={t('settings.history.title')}>
          <thead>
            <tr>
              <th scope="col">{t('history.at')}</th>
              <th scope="col">{t('settings.history.setting')}</th>
              <th scope="col">{t('settings.history.change')}</th>
              <th scope="col">{t('settings.history.by')}</th>
              <th scope="col">{t('history.station')}</th>
              <th scope="col">{t('settings.history.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {(entries ?? []).map((c) => (
              <tr key={c.seq} data-testid="settings-history-row">
                <td className="nowrap">
                  <DateText value={c.at} time />
                </td>
                <td>{st.name(c.setting)}</td>
                <td>
                  <Change c={c} />
                </td>
                <td>{c.actorName ?? t('history.system')}</td>
                <td>
                  <StationName id={c.station} name={c.stationName} />
                </td>
                <td className="pre-wrap">
                  {c.reason ?? ''}
                  {c.approvedByName && <span className="settings-history-part muted">{t('settings.history.approvedBy', { name: c.approvedByName })}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries?.length === 0 && <p className="empty">{t('settings.history.empty')}</p>}
      </ScrollRegion>
    </HistoryPageFrame>
  );
}

/** The way to the settings' change history, from each page whose changes it keeps. */
export function SettingsHistoryLink() {
  const { t } = useTranslation();
  return (
    <p className="page-links">
      <Link to="/admin/settings/history" data-testid="settings-history-link">
        <History size={16} aria-hidden="true" />
        {t('settings.historyLink')}
      </Link>
    </p>
  );
}
