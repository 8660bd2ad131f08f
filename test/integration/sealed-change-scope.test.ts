import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { october } from './review-fixture';

// A 封印後修正 item reads its changed record by id (review/sources.ts recordsById): one moved to another
// site since is that site's to read, and is named by its month alone (insider probe 12).

describe('a sealed change item of a record moved to another site', () => {
  it('does not show a head-office reviewer what the record became at a site they may not read', async () => {
    const f = await october();
    const { sm, clerk, head, ok, unit, osaka, okada } = f;
    // Seal October at the head office.
    for (const it of (await sm.ok('review.get', unit)).items.filter((i) => !i.disposition))
      await sm.ok('review.dispose', { ...unit, subject: it.subject, code: it.code, disposition: 'no_issue', explanation: '作業の立会いとして確認済み', cause: null, action: null });
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });
    // A correction moves one stay to Osaka (marked for the head office's October), then it is Osaka's: another person, another purpose.
    await clerk.ok('serverRoom.amend', { id: ok.id, changes: { siteId: osaka.id }, reason: '拠点の選択誤り' });
    f.c.advance(60_000);
    await clerk.ok('serverRoom.amend', { id: ok.id, changes: { personId: okada.id, purpose: 'equipment' }, reason: '大阪の入室者に訂正' });
    // The head office's site head may not read the Osaka stay.
    expect(await head.call('serverRoom.get', { id: ok.id })).toMatchObject({ ok: false });
    const nov = { ...unit, month: '2026-11' };
    const items = (await head.ok('review.get', nov)).items.filter((i) => i.kind === 'sealed_change');
    expect(items.map((i) => i.recordId)).toContain(ok.id);
    const said = JSON.stringify(items);
    // The Osaka person's name (and what the stay is now) is not said to the head office's reviewer.
    expect(said).not.toContain(okada.name);
    const sheet = await head.call('print.sheet', { ...nov, format: 'print' });
    expect(JSON.stringify(sheet)).not.toContain(okada.name);
    f.d.close();
  });
});
