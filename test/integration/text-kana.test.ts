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

describe('kept as typed: a code, a number, a path (a review of insider probe 12)', () => {
  it('a system’s code and log folder, an asset’s tag and serial, a cabinet’s code and a guest card’s number keep their half-width kana; the words beside them do not', async () => {
    const { d, clerk, admin, hq, sasaki } = await serverRoomFixture();
    await admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    const folder = '\\\\fs01\\ﾛｸﾞ\\ｱｸｾｽ';
    const sys = await admin.ok('systems.add', { code: 'SV-ｶ1', name: 'ﾌｧｲﾙｻｰﾊﾞ', kind: 'server', siteId: hq.id, logLocation: folder, retentionMonths: 12, notes: null });
    const asset = await clerk.ok('assets.add', { assetTag: 'ﾉｰﾄ-001', kind: 'sd_card', model: 'ｻﾝﾃﾞｨｽｸ', serial: 'ｼﾘｱﾙ1', siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    const cabinet = await clerk.ok('cabinets.add', { code: 'ｷｬﾋﾞ-01', name: '人事ｷｬﾋﾞﾈｯﾄ', location: '3F', siteId: hq.id, contentClass: 'other', custodianId: sasaki.id, notes: null });
    const card = await clerk.ok('guestCards.add', { number: 'ｹﾞｽﾄ-1', siteId: hq.id });
    const v = (x: unknown) => x as Record<string, unknown>;
    expect({ code: v(sys).code, loc: v(sys).logLocation, name: v(sys).name, tag: v(asset).assetTag, serial: v(asset).serial, model: v(asset).model, cabinet: v(cabinet).code, cabinetName: v(cabinet).name, card: v(card).number }).toEqual({
      code: 'SV-ｶ1', loc: folder, name: 'ファイルサーバ', tag: 'ﾉｰﾄ-001', serial: 'ｼﾘｱﾙ1', model: 'サンディスク', cabinet: 'ｷｬﾋﾞ-01', cabinetName: '人事キャビネット', card: 'ｹﾞｽﾄ-1',
    });
    // Kept as typed, but one code however wide its kana: a full-width twin is refused as taken.
    expect(await clerk.call('cabinets.add', { code: 'キャビ-01', name: '別の棚', location: '3F', siteId: hq.id, contentClass: 'other', custodianId: sasaki.id, notes: null })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'code' } });
    expect(await clerk.call('guestCards.add', { number: 'ゲスト-1', siteId: hq.id })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'number' } });
    // Still trimmed, required and one line, as any text.
    const system = { code: 'SV-02', name: '別サーバ', kind: 'server', siteId: hq.id, logLocation: '/var/log', retentionMonths: 12, notes: null } as const;
    expect(await admin.call('systems.add', { ...system, code: '  ' })).toMatchObject({ ok: false, error: { field: 'code', messageKey: 'errors.field.required' } });
    expect(await admin.call('systems.add', { ...system, logLocation: 'a\nb' })).toMatchObject({ ok: false, error: { field: 'logLocation', messageKey: 'errors.field.control_chars' } });
    d.close();
  });
});

