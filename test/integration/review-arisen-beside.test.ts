import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';
import { disposeAll } from './review-fixture';

// A record written that brings an anomaly to a record of a signed month judged with it is a change
// after that seal (review/change-notes.ts noteArisenBeside). A probe: a November stay typed in over a
// signed October stay across midnight gave it 重複 on its signed paper, under the same digest, unmarked.
describe('an overlap brought into a signed month by a stay of the next month', () => {
  it('marks the signed stay as changed after its seal, on its paper too (a probe)', async () => {
    const f = await serverRoomFixture(jst('2026-11-01', '01:00'));
    const { d, c, sm, clerk, hq, yamada } = f;
    // 31 October 23:30 – 1 November 00:30: a stay of October.
    const a = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-31', '23:30'), exitedAt: jst('2026-11-01', '00:30'), purpose: 'maintenance' });
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const oct = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    await disposeAll(sm, oct);
    await sm.ok('review.sign', { ...oct, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', oct)).shownHead });
    const signedPaper = await sm.ok('print.sheet', { ...oct, format: 'print' });
    const signedRow = signedPaper.rows.find((r: { anomalies?: string[] }) => r) as { anomalies?: string[] };

    // Typed in on 5 November from a November slip: 1 November 00:10–00:20.
    const b = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-01', '00:10'), exitedAt: jst('2026-11-01', '00:20'), purpose: 'maintenance' });
    expect(b.anomalies.map((x) => x.code)).toContain('overlapping_stay');
    const aNow = await sm.ok('serverRoom.get', { id: a.id });
    expect(aNow.anomalies.map((x) => x.code)).toContain('overlapping_stay');
    const paper = await sm.ok('print.sheet', { ...oct, format: 'print' });
    // The signed October paper now prints one more anomaly for the stay than when it was signed…
    expect(paper.rows[0].anomalies!.length).toBeGreaterThan(signedRow.anomalies?.length ?? 0);
    // …under the same seal: it should be marked 封印後修正, as the checklist's 「still open」 is.
    expect(aNow.sealedChange).toBe(true);
    expect(paper.rows[0]).toMatchObject({ sealedChange: true });
    d.close();
  });
});
