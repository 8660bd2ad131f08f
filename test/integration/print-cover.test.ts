import { describe, expect, it } from 'vitest';
import { SETUP } from '../helpers/temp-daicho';
import { disposeAll, october, shown } from './review-fixture';
import { bundleHtml } from '../../shared/print/html';
import type { PrintSheet } from '../../shared/print/sheet';

// A month bundle's cover (SPEC §6): each ledger's record count, its seals and the seal's check number.
describe('a month bundle’s cover', () => {
  it('says how many of a sealed month’s records were changed after its seal, beside the count (a probe: 「8件」 read as sealed whole)', async () => {
    const { d, c, sm, clerk, ok, unit } = await october();
    await disposeAll(sm, unit);
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
    const cover = async () => {
      const sheet = (await sm.ok('print.sheet', { ...unit, format: 'print' })) as PrintSheet;
      const html = bundleHtml([sheet]);
      return html.slice(html.indexOf('<section class="cover">'), html.indexOf('</section>'));
    };
    expect(await cover()).not.toContain('封印後修正');
    c.advance(2 * 60_000);
    await clerk.ok('serverRoom.amend', { id: ok.id, changes: { notes: '作業報告書を添付' }, reason: '報告書の受領' });
    expect(await cover()).toMatch(/<td>2 <span class="mark mark-sealed">封印後修正 1<\/span><\/td>/);
    d.close();
  });
});
