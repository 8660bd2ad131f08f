// Issue 6: people never see a station's internal id ("terminal:OSK:browser:pc12"); they see the
// name an administrator gave it, or else what the id says in words (入退室端末（OSK）, ブラウザ（pc12）).

export type StationKind = 'door' | 'desk' | 'browser' | 'cli' | 'system' | 'other';

export interface StationParts {
  kind: StationKind;
  /** The site code of a door terminal started for a site. */
  site?: string;
  /** The computer's name, where the id has one. */
  host?: string;
  /**
   * A door terminal started at a desk PC or in a desk's browser (terminal.start at the host), not a
   * station enrolled as a door nor a PC in the door profile: what kind of desk station it was started at.
   */
  startedAt?: 'desk' | 'browser';
}

/** What a station id says: the kind of station, and its site and computer where it names them. */
export function describeStation(id: string): StationParts {
  const door = /^terminal:([A-Z0-9-]{1,10}):(.+)$/.exec(id);
  if (door) {
    const at = /^(desk|browser):/.exec(door[2])?.[1] as 'desk' | 'browser' | undefined;
    return { kind: 'door', site: door[1], host: lastPart(door[2]), ...(at ? { startedAt: at } : {}) };
  }
  const m = /^(terminal|desk|browser|cli):(.+)$/.exec(id);
  if (m) return { kind: m[1] === 'terminal' ? 'door' : (m[1] as StationKind), host: lastPart(m[2]) };
  if (id === 'migration' || id === 'setup' || id === 'system') return { kind: 'system' };
  return { kind: 'other', host: id };
}

function lastPart(s: string): string {
  return s.split(':').at(-1) ?? s;
}
