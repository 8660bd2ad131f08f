import { describe, expect, it } from 'vitest';
import { openDaicho } from '../../electron/core/daicho';
import { RawKeyFileStore } from '../../electron/core/keys/keystore';
import { openTemp, setUp } from '../helpers/temp-daicho';

// Closing with the reader worker running (idle, or in a call) still closes cleanly: the next
// open finds the clean-close note and skips the quick check, and no log is left.

async function prepared() {
  const d = await openTemp();
  const { sm } = await setUp(d);
  const [site] = await sm.ok('sites.list', {});
  for (let i = 0; i < 20; i++)
    await sm.ok('people.add', { name: `社員 ${i}`, kana: 'シャイン', employeeNo: `E${1000 + i}`, department: '総務部', siteId: site.id, cardNo: null, serverRoomAuthorized: false });
  return { d, sm };
}

describe('close with the reader worker running', () => {
  it('idle reader: the next open skips the quick check', async () => {
    const { d, sm } = await prepared();
    await sm.ok('people.list', {});
    d.close();
    await new Promise((r) => setTimeout(r, 300));
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) });
    expect(again.fileCheck.skipped).toBe(true);
    again.close();
  });

  it('reader in a call: the call is answered, the next open skips the quick check', async () => {
    const { d, sm } = await prepared();
    await sm.ok('people.list', {});
    const p = sm.call('people.list', { search: '社員' });
    d.close();
    // The call is answered (finished before the reader's connection closes, or refused as closing), never left hanging.
    await expect(p).resolves.toHaveProperty('ok');
    await new Promise((r) => setTimeout(r, 300));
    const again = await openDaicho({ dataDir: d.dataDir, keyStore: new RawKeyFileStore(d.keyFile) });
    expect(again.fileCheck.skipped).toBe(true);
    again.close();
  });
});
