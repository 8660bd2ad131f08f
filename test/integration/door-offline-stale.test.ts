import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { signAsHost } from '../../electron/core/lan/identity';
import { doorSnapshot } from '../../electron/core/ledgers/server-room/offline';
import { OfflineTerminal } from '../../electron/station/offline-terminal';
import { offlineDoor } from './door-fixture';
import { jst, MIN, PASSWORDS } from './server-room-fixture';

// The door says a stay was surely never closed (begun on an earlier day, open longer than the site's
// longest stay: 前日からの入室記録…) offline as at the host. The door PC's copy said "not stale" for every
// stay: one left open since yesterday morning was closed at the door as a clean exit (a note of the last
// round). Each stay in the host's copy carries the longest stay of its site then; one begun at the door
// offline is judged by the site's longest stay in the copy. A copy from an older host has neither: never stale.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

type Identity = { ok: true; value: { ticket: string; openStay: { stale: boolean; enteredAt: string } | null } };

describe('an offline door and a stay never closed', () => {
  it('tells a stale open stay, from the host’s copy and from its own queue, and not a night’s work across midnight', async () => {
    const f = await offlineDoor(dirs, () => undefined, jst('2026-10-20', '08:00'));
    f.c.set(jst('2026-10-20', '08:10'));
    await f.clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.yamada.id, enteredAt: jst('2026-10-20', '08:05'), purpose: 'maintenance' });
    f.c.set(jst('2026-10-20', '23:40'));
    await f.clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await f.clerk.ok('serverRoom.record', { siteId: f.hq.id, personId: f.sasaki.id, enteredAt: jst('2026-10-20', '23:31'), purpose: 'maintenance' });

    // The station fetches the host's copy at 23:45, then the host cannot be reached.
    f.c.set(jst('2026-10-20', '23:45'));
    const snap = doorSnapshot(f.d.store, f.d.settings, f.station, f.at, f.c.clock());
    expect(snap.maxStayMinutes).toBe(240);
    expect(snap.inside.map((i) => i.maxStayMinutes)).toEqual([240, 240]);
    const save = (s: typeof snap) => {
      const text = JSON.stringify(s);
      f.queue.saveSnapshot(text, signAsHost(f.identity, text));
    };
    save(snap);
    const mono = { ms: 0 };
    const door = (anchor: string) => {
      const t = new OfflineTerminal(f.queue, f.identity.certPem, f.c.clock, () => mono.ms);
      t.anchorTo(new Date(anchor));
      return t;
    };
    const terminal = door(jst('2026-10-20', '23:45'));
    const identify = async (t: OfflineTerminal, cardNo: string) => ((await t.handle('terminal.identify', { cardNo })) as Identity).value;
    const later = (minutes: number) => {
      mono.ms += minutes * MIN;
    };

    // 山田 came in this morning (15 hours ago, the same day): not stale. He leaves, and comes in again at 23:50.
    const first = await identify(terminal, 'CARD1001');
    expect(first.openStay).toMatchObject({ enteredAt: jst('2026-10-20', '08:05'), stale: false });
    expect(await terminal.handle('terminal.exit', { ticket: first.ticket })).toMatchObject({ ok: true });
    later(5);
    const again = await identify(terminal, 'CARD1001');
    expect(again.openStay).toBeNull();
    expect(await terminal.handle('terminal.enter', { ticket: again.ticket, purpose: 'maintenance', companions: { employees: [], visitors: [] } })).toMatchObject({ ok: true });

    // 00:27: 佐々木 went in at 23:31 — a night's work across midnight, not a missed exit.
    later(37);
    expect((await identify(terminal, 'CARD1002')).openStay).toMatchObject({ enteredAt: jst('2026-10-20', '23:31'), stale: false });
    // 03:40: 佐々木 has been in 4 h 9 min since yesterday (longest stay 240 min): stale. 山田, in since 23:50
    // (queued here), 3 h 50 min: not yet.
    later(3 * 60 + 13);
    expect((await identify(terminal, 'CARD1002')).openStay).toMatchObject({ stale: true });
    expect((await identify(terminal, 'CARD1001')).openStay).toMatchObject({ enteredAt: jst('2026-10-20', '23:50'), stale: false });
    // 04:00: 山田 4 h 10 min since yesterday: stale.
    later(20);
    expect((await identify(terminal, 'CARD1001')).openStay).toMatchObject({ stale: true });

    // A copy from a host that does not say the longest stay: never stale (as before), never an error.
    const older = { ...snap, inside: snap.inside.map(({ maxStayMinutes: _, ...i }) => i) };
    delete older.maxStayMinutes;
    save(older);
    expect((await identify(door(jst('2026-10-21', '04:00')), 'CARD1002')).openStay).toMatchObject({ stale: false });
    f.queue.close();
    f.d.close();
  });
});
