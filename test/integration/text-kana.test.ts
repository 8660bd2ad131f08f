import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETUP, tempDir, untilEnded } from '../helpers/temp-daicho';
import { serverRoomFixture } from './server-room-fixture';

// Half-width katakana made full-width in the words of a record (shared/api/schemas.ts fullWidthKana),
// never in a path or an id; a lone sound mark kept visible (insider probe 12).

describe('half-width kana made full-width', () => {
  it('a backup folder whose path has half-width kana gets the backup (the path is not rewritten)', async () => {
    const f = await serverRoomFixture();
    const base = tempDir('daicho-p12-bk-');
    const to = path.join(base, 'ﾊﾞｯｸｱｯﾌﾟ');
    fs.mkdirSync(to);
    const job = await f.admin.call('jobs.start', { kind: 'backup', to });
    if (job.ok) await untilEnded(f.admin, job.value.id);
    // What the job was given, and where the files went.
    expect({ ok: job.ok, to: job.ok ? job.value.to : null, folders: fs.readdirSync(base).sort(), inTyped: fs.readdirSync(to).length > 0 }).toEqual({ ok: true, to, folders: ['ﾊﾞｯｸｱｯﾌﾟ'], inTyped: true });
    f.d.close();
  });

  it('a card number never holds kana (letters and digits only), so no half-width/full-width twin', async () => {
    const f = await serverRoomFixture();
    const again = await f.sm.call('people.add', { name: '新井 六郎', kana: 'アライ ロクロウ', employeeNo: 'E1077', department: '総務部', siteId: f.hq.id, cardNo: 'ｶｰﾄﾞ77', serverRoomAuthorized: true });
    expect(again).toMatchObject({ ok: false, error: { messageKey: 'people.errors.card_no' } });
    f.d.close();
  });

  it('a name kept with half-width kana (before the change) is found by the same half-width search', async () => {
    const f = await serverRoomFixture();
    const { sm, d, kimura } = f;
    d.store.db.prepare('UPDATE people SET department = ?, kana = ? WHERE id = ?').run('ｼｽﾃﾑﾌﾞ', 'ｷﾑﾗ ｻﾌﾞﾛｳ', kimura.id);
    const found = await sm.ok('people.list', { search: 'ｷﾑﾗ', active: 'all', page: 0, pageSize: 20 } as never);
    expect(found.rows.map((p) => p.id)).toContain(kimura.id);
    d.close();
  });

  it('a lone half-width sound mark (ﾞ) typed after a space is not refused as an invisible mark', async () => {
    const f = await serverRoomFixture();
    const r = await f.sm.call('people.add', { name: '試験 ﾞ', kana: 'シケン', employeeNo: 'E1099', department: '総務部', siteId: f.hq.id, cardNo: null, serverRoomAuthorized: false });
    // Either kept as typed or refused with a word about what was typed — say what happened.
    expect(r.ok ? { ok: true, name: r.value.name } : { ok: false, key: r.error.messageKey }).toEqual({ ok: true, name: '試験 ゛' });
    f.d.close();
  });
});

void SETUP;
