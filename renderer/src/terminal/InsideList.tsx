import { useTranslation } from 'react-i18next';
import { Users } from 'lucide-react';
import type { TerminalInsideEntry } from '../../../shared/ledgers/serverRoomTerminal';

/** SPEC §7: who is inside now — names only (terminal.inside), always in view. */
export function InsideList({ entries }: { entries: TerminalInsideEntry[] | null }) {
  const { t } = useTranslation();
  return (
    <section className="kiosk-inside" aria-labelledby="kiosk-inside-title" data-testid="terminal-inside">
      <h2 id="kiosk-inside-title" className="kiosk-inside-title">
        <Users aria-hidden="true" />
        <span>{t('terminal.inside')}</span>
        <span className="kiosk-inside-count" data-testid="terminal-inside-count">
          {entries?.length ?? 0}
        </span>
      </h2>
      {entries && entries.length === 0 && <p className="kiosk-inside-empty">{t('terminal.nobodyInside')}</p>}
      {entries && entries.length > 0 && (
        <ul className="kiosk-inside-list">
          {entries.map((e, i) => (
            <li key={`${e.name}-${i}`} className={e.kind === 'visitor' ? 'kiosk-inside-visitor' : undefined} data-testid="terminal-inside-name">
              <span className="kiosk-inside-name">{e.name}</span>
              {e.kind === 'visitor' && <span className="kiosk-tag">{t('terminal.visitor')}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
