import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePunct } from '../hooks/usePunct';
import { ArrowRight } from 'lucide-react';
import type { HistoryEntry } from '../../../shared/domain/session';
import type { MessageKey } from '../../../shared/i18n';
import { historyActionLabel } from '../../../shared/domain/journal-actions';
import { DateText } from '../components/DateText';
import { StationName } from '../components/StationName';

/** How one stored column is shown in a history: its label and how to show a value. */
export type HistoryField = {
  column: string;
  show?: (value: unknown) => ReactNode;
} & (
  | { labelKey: MessageKey; label?: never }
  /** Already in words (a kit ledger's label, from its own catalog). */
  | { label: string; labelKey?: never }
);

function plain(value: unknown): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  return String(value);
}

/**
 * A record's versions from the journal, newest first (SPEC §3): who, when, from where and why;
 * the first version in full, every later one as the fields it changed, before → after.
 */
export function HistoryTimeline({ entries, fields, actionLabel }: { entries: HistoryEntry[]; fields: HistoryField[]; actionLabel?: (action: string, entry: HistoryEntry) => string | null }) {
  const { t } = useTranslation();
  const versions = entries.filter((e) => e.after !== null && !e.act);
  // Acts on another record told in this one's story (a guest card reported lost on its slip): in their place, unnumbered.
  const shown = entries.filter((e) => e.act || e.after !== null);
  if (versions.length === 0) return <p className="empty">{t('history.empty')}</p>;
  // The journal's action name is data: one this version does not label shows as stored.
  const actionText = (entry: HistoryEntry) => {
    const key = historyActionLabel(entry.action);
    return actionLabel?.(entry.action, entry) ?? (key ? t(key) : entry.action);
  };
  const show = (f: HistoryField, v: unknown) => (f.show ? f.show(v) : plain(v));
  // A writer that is no account: setup and the system, or the door terminal (a PIN check names no one).
  const actorWord = (actor: string) => (actor === 'setup' || actor === 'system' ? t('history.system') : actor === 'terminal' ? t('history.terminal') : t('history.unknownActor'));
  // A personal value erased after the retention period (SPEC §8) is shown as such, in every version.
  const erasedBadge = (
    <span className="badge badge-muted" data-testid="history-erased">
      {t('history.erased')}
    </span>
  );
  // The version before this one (its values are this one's "before"): an erased value there is erased here too.
  const previous = (entry: HistoryEntry) => versions[versions.indexOf(entry) - 1];
  const value = (entry: HistoryEntry, f: HistoryField, side: 'before' | 'after') =>
    (side === 'after' ? entry : previous(entry))?.erased.includes(f.column) ? erasedBadge : show(f, (side === 'before' ? entry.before : entry.after)![f.column]);

  return (
    <ol className="history" data-testid="history">
      {shown
        .map((entry) => ({ entry, n: versions.indexOf(entry) + 1 }))
        .reverse()
        .map(({ entry, n }) => {
          if (entry.act) return <ActEntry key={entry.seq} entry={entry} label={actionText(entry)} actor={entry.actorName ?? actorWord(entry.actor)} />;
          const changed = entry.before
            ? fields.filter((f) => entry.erased.includes(f.column) || JSON.stringify(entry.before![f.column]) !== JSON.stringify(entry.after![f.column]))
            : [];
          return (
            <li key={entry.seq} className="history-entry" data-testid="history-version">
              <header className="history-head">
                <span className="history-version">{t('history.version', { n })}</span>
                {n === versions.length && <span className="badge badge-primary">{t('history.current')}</span>}
                <span className="history-action">{actionText(entry)}</span>
                {/* Whom another ledger's act was about (a guest card's visitor). */}
                {entry.about && (
                  <span className="history-about" data-testid="history-about">
                    {entry.about.erased ? t('history.erased') : entry.about.text}
                  </span>
                )}
                <span className="spacer" />
                <EntryMeta entry={entry} actor={entry.actorName ?? actorWord(entry.actor)} />
              </header>
              {/* A reason where one was given (amendments, voids); an exit or a first record has none to show. */}
              <EntryReason entry={entry} />
              {/* An act on the record that set none of its fields (a refusal at the door): its name says it all. */}
              {!entry.before && fields.every((f) => entry.after?.[f.column] === undefined) ? null : entry.before && changed.length === 0 ? (
                // A version that changed nothing shown here (a wrong PIN counted, a lock): said, not an empty table.
                <p className="muted history-no-change" data-testid="history-no-change">
                  {t('history.noShownChange')}
                </p>
              ) : (
              <table className="table table-compact history-fields">
                <thead>
                  <tr>
                    <th scope="col">{t('history.field')}</th>
                    <th scope="col">{entry.before ? `${t('history.before')} → ${t('history.after')}` : t('history.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(entry.before ? changed : fields).map((f) => (
                    <tr key={f.column} className={entry.before ? 'changed' : undefined} data-testid={entry.before ? 'changed-field' : undefined}>
                      <th scope="row">{f.label ?? t(f.labelKey)}</th>
                      <td>
                        {entry.before ? (
                          <span className="diff">
                            <del data-testid="before">{value(entry, f, 'before')}</del>
                            <ArrowRight size={14} aria-label={t('history.after')} />
                            <ins data-testid="after">{value(entry, f, 'after')}</ins>
                          </span>
                        ) : (
                          value(entry, f, 'after')
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              )}
            </li>
          );
        })}
    </ol>
  );
}

/** When, by whom and from where an entry was written. */
function EntryMeta({ entry, actor }: { entry: HistoryEntry; actor: string }) {
  const { t } = useTranslation();
  const p = usePunct();
  return (
    <dl className="history-meta">
      <div>
        <dt>{t('history.at')}</dt>
        <dd>
          <DateText value={entry.at} time />
        </dd>
      </div>
      <div>
        <dt>{t('history.by')}</dt>
        {/* With the login id, one of a kind (a display name can be made to read as another's: an insider probe). */}
        <dd>{entry.actorLoginId && entry.actorName ? p.note(actor, entry.actorLoginId) : actor}</dd>
      </div>
      <div>
        <dt>{t('history.station')}</dt>
        <dd>
          <StationName id={entry.station} name={entry.stationName} />
        </dd>
      </div>
    </dl>
  );
}

function EntryReason({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  const p = usePunct();
  if (!entry.reason) return null;
  return (
    <p className="history-reason" data-testid="history-reason">
      <span className="history-reason-label">
        {t('history.reason')}
        {p.colon}
      </span>
      {entry.reason}
    </p>
  );
}

/** An act on another record in this one's story (its guest card reported lost): what, when, who and why; no version of its own. */
function ActEntry({ entry, label, actor }: { entry: HistoryEntry; label: string; actor: string }) {
  return (
    <li className="history-entry history-act" data-testid="history-act">
      <header className="history-head">
        <span className="history-action">{label}</span>
        <span className="spacer" />
        <EntryMeta entry={entry} actor={actor} />
      </header>
      <EntryReason entry={entry} />
    </li>
  );
}
