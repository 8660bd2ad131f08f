import type { Locator, Page } from '@playwright/test';
import { COMPANY, cutMarks, expect, japanesePunctuation, shot, signIn, test } from './fixtures';
import { CLERK, jstAt, seedBookMonth, setUpServerRoom } from './server-room-fixtures';

// Issue 6, point 15: nothing the clerk reads is cut off at 1280×800 — a next-day exit in the book,
// the book's search placeholder, card numbers and departments in the people register, role badges
// in account management, the English month select — checked on screen and by measuring. A history
// shows a reason only where one was given; every text of a voided row is struck through.

/** Elements under `root` whose content is wider (or, when clipped, taller) than their box. */
async function cutOff(root: Locator): Promise<string[]> {
  return root.evaluateAll((roots) =>
    roots.flatMap((r) =>
      [r, ...r.querySelectorAll('*')].flatMap((el) => {
        const cs = getComputedStyle(el);
        if (el.clientWidth === 0 || cs.display === 'inline' || el.closest('.visually-hidden')) return [];
        const wide = el.scrollWidth > el.clientWidth + 1;
        const clipsY = cs.overflowY !== 'visible';
        const tall = clipsY && el.scrollHeight > el.clientHeight + 1;
        return wide || tall ? [`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}" ${el.scrollWidth}/${el.clientWidth}×${el.scrollHeight}/${el.clientHeight}`] : [];
      }),
    ),
  );
}

/** Of cutOff's findings, those wider than their box (a box that scrolls down is not cut off sideways). */
function wide(found: string[]): string[] {
  return found.filter((f) => {
    const m = / (\d+)\/(\d+)×\d+\/\d+$/.exec(f);
    return !m || Number(m[1]) > Number(m[2]) + 1;
  });
}

/** Does an input's text (its value, or else its placeholder; a select's chosen option) fit inside its box? */
async function textFits(control: Locator): Promise<{ text: string; need: number; room: number }> {
  return control.evaluate((el) => {
    const cs = getComputedStyle(el);
    const input = el as HTMLInputElement;
    const text = el instanceof HTMLSelectElement ? (el.selectedOptions[0]?.text ?? '') : input.value || input.placeholder;
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const need = Math.ceil(ctx.measureText(text).width);
    const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    return { text, need, room };
  });
}

async function expectFits(control: Locator) {
  const f = await textFits(control);
  expect(f.need, `"${f.text}" needs ${f.need}px, has ${f.room}px`).toBeLessThanOrEqual(f.room);
}

async function english(page: Page) {
  await page.getByRole('button', { name: 'English' }).first().click();
}

test('book, register and history at 1280×800: nothing cut off; reasons only where given; voided rows struck through', async ({ page, app }) => {
  const s = await seedBookMonth(app);
  const { world } = s;
  const person = (
    await app.core(
      'people.add',
      { name: '長谷川 ひとみ', kana: 'ハセガワ ヒトミ', employeeNo: 'E9001', department: '経営企画本部 情報セキュリティ推進室', siteId: world.hq.id, cardNo: 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6', serverRoomAuthorized: true },
      world.sm,
    )
  ).value;
  // A stay of today: entered, the exit recorded later, then corrected with a reason.
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const start = Math.min(Date.now() - 30 * 60_000, Date.parse(jstAt(today, '00:20')) + 60 * 60_000);
  const open = (await app.core('serverRoom.record', { siteId: world.hq.id, personId: person.id, enteredAt: new Date(start - 20 * 60_000).toISOString(), purpose: 'maintenance' }, world.clerk)).value;
  await app.core('serverRoom.recordExit', { id: open.id, exitedAt: new Date(start).toISOString() }, world.clerk);
  await app.core('serverRoom.amend', { id: open.id, changes: { purpose: 'backup_media' }, reason: '目的の選択誤り（本人申告）' }, world.clerk);

  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();

  // The book: the next-day exit shows whole (翌日 before the time).
  await page.goto(`${app.url}#/server-room?month=${s.month}&person=${world.yamada.id}&pname=${encodeURIComponent('山田 太郎')}&pno=E1001`);
  const nextDay = page.locator(`[data-id="${s.nextDayExitId}"]`);
  await nextDay.scrollIntoViewIfNeeded();
  await expect(nextDay.locator('td').nth(1)).toContainText(/翌日\s*01:20/);
  expect(await cutOff(page.locator('[data-testid="stay-table"] thead th'))).toEqual([]);
  expect(await cutOff(nextDay.locator('td').nth(1))).toEqual([]);
  expect(await cutOff(page.getByTestId('stay-row').locator('td:nth-child(-n+4)'))).toEqual([]);
  await expectFits(page.getByTestId('stay-search'));
  await expectFits(page.getByTestId('filter-month'));
  await shot(page, 'cut-off-book-next-day');

  // A voided row: every text of its record struck through, and said in words to screen readers.
  await page.getByTestId('filter-void').check();
  const voided = page.locator(`[data-id="${s.voidedId}"]`);
  await page.goto(`${app.url}#/server-room?month=${s.month}&void=1&person=${world.sasaki.id}&pname=${encodeURIComponent('佐々木 次郎')}&pno=E1002`);
  await voided.scrollIntoViewIfNeeded();
  await expect(voided).toHaveAttribute('data-status', 'void');
  await expect(page.getByTestId('filter-person')).toHaveValue('佐々木 次郎（E1002）');
  await expectFits(page.getByTestId('filter-person'));
  const unstruck = await voided.locator('td:nth-child(-n+5)').evaluateAll((tds) =>
    tds.flatMap((td) =>
      [...td.querySelectorAll('*'), td]
        .filter((el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()) && !el.closest('.visually-hidden'))
        .filter((el) => !getComputedStyle(el).textDecorationLine.includes('line-through'))
        .map((el) => el.textContent),
    ),
  );
  expect(unstruck).toEqual([]);
  await expect(voided.getByTestId('stay-purpose')).toHaveText('その他');
  await expect(voided.locator('td').first()).toContainText('無効（取消）の記録');
  await expect(voided.getByTestId('stay-void')).toContainText('別の日の記録を誤って入力したため');
  await shot(page, 'cut-off-book-voided');

  // The people register: a 32-character card by its last four, and the department.
  await page.goto(`${app.url}#/people`);
  const row = page.getByTestId('person-row').filter({ hasText: '長谷川 ひとみ' });
  await expect(row.getByTestId('person-card')).toHaveText('••••Q5R6');
  await expect(row.getByTestId('person-department')).toHaveText('経営企画本部 情報セキュリティ推進室');
  expect(await cutOff(page.getByTestId('person-row'))).toEqual([]);
  expect(await cutOff(page.locator('[data-testid="people-table"] thead th'))).toEqual([]);
  await shot(page, 'cut-off-people');

  // The stay's history: the reason on the correction only (none on the first record, none on the exit).
  await page.goto(`${app.url}#/server-room/${open.id}/history`);
  const versions = page.getByTestId('history-version');
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(0).getByTestId('history-reason')).toHaveText('理由：目的の選択誤り（本人申告）');
  await expect(versions.nth(1)).toContainText('退室の記録');
  await expect(versions.nth(1).getByTestId('history-reason')).toHaveCount(0);
  await expect(versions.nth(2).getByTestId('history-reason')).toHaveCount(0);
  await expect(page.getByTestId('history-reason')).toHaveCount(1);
  await shot(page, 'cut-off-history');

  // English: the month select and the search placeholder fit; the register too.
  await english(page);
  await page.goto(`${app.url}#/server-room?month=${s.month.slice(0, 5)}09`);
  await expect(page.getByTestId('filter-month')).toHaveValue(`${s.month.slice(0, 5)}09`);
  await expectFits(page.getByTestId('filter-month'));
  await expectFits(page.getByTestId('stay-search'));
  await expectFits(page.getByTestId('filter-person'));
  await shot(page, 'cut-off-book-en');
  expect(await japanesePunctuation(page)).toEqual([]);
  // The seeded month's purposes and companions' names whole in English, their companies in the title (a walk-through found 「株式会社ネクス…」 cut).
  await page.goto(`${app.url}#/server-room?month=${s.month}`);
  const withVisitor = page.getByTestId('stay-companions').filter({ hasText: '高橋 誠' }).first();
  await withVisitor.scrollIntoViewIfNeeded();
  await expect(withVisitor).toContainText('高橋 誠');
  await expect(withVisitor).toHaveAttribute('title', /高橋 誠 \(株式会社ネクストシステムズ\)/);
  expect(await cutOff(page.getByTestId('stay-row').locator('td:nth-child(-n+5)'))).toEqual([]);
  await page.goto(`${app.url}#/people`);
  expect(await cutOff(page.getByTestId('person-row'))).toEqual([]);
  expect(await cutOff(page.locator('[data-testid="people-table"] thead th'))).toEqual([]);
  expect(await japanesePunctuation(page)).toEqual([]);
});

test("a stay's detail and history at 1280×800: a long text without spaces breaks inside its box, a note's lines stay lines", async ({ page, app }) => {
  const world = await setUpServerRoom(app);
  // As typed in by the clerk: 500 characters without a space (asset tags run together), a note of two lines.
  const itemsIn = Array.from({ length: 50 }, (_, i) => `TAG-${String(i).padStart(5, '0')}`).join('');
  const enteredAt = new Date(Date.now() - 50 * 60_000).toISOString();
  const stay = (
    await app.core('serverRoom.record', { siteId: world.hq.id, personId: world.yamada.id, enteredAt, exitedAt: new Date(Date.now() - 20 * 60_000).toISOString(), purpose: 'maintenance', itemsIn, notes: '一行目：保守業者の立会い\n二行目：媒体は持ち帰り' }, world.clerk)
  ).value;
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();

  await page.goto(`${app.url}#/server-room`);
  await page.locator(`[data-id="${stay.id}"]`).getByTestId('stay-person-name').click();
  const dialog = page.getByTestId('stay-detail-dialog');
  await expect(dialog).toContainText(itemsIn.slice(0, 30));
  // Wider than its box: nothing (the dialog scrolls down, as a tall one does).
  expect(wide(await cutOff(dialog))).toEqual([]);
  const note = dialog.locator('dd').filter({ hasText: '一行目' });
  expect(await note.evaluate((el) => (el as HTMLElement).innerText)).toBe('一行目：保守業者の立会い\n二行目：媒体は持ち帰り');
  await shot(page, 'cut-off-stay-detail');
  await page.keyboard.press('Escape');

  await page.goto(`${app.url}#/server-room/${stay.id}/history`);
  const version = page.getByTestId('history-version').first();
  await expect(version).toContainText(itemsIn.slice(0, 30));
  expect(wide(await cutOff(page.locator('main')))).toEqual([]);
  expect(await version.locator('td').filter({ hasText: '一行目' }).evaluate((el) => (el as HTMLElement).innerText)).toBe('一行目：保守業者の立会い\n二行目：媒体は持ち帰り');
  await shot(page, 'cut-off-stay-history');
});

test('account management at 1280×800: every role badge whole, in both languages', async ({ page, app }) => {
  await app.setUp();
  const admin = await app.signInCore(COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  await app.core('auth.elevate', { password: COMPANY.sysadmin.password }, admin);
  await app.core('accounts.create', { loginId: 'kobayashi.shota.osaka-branch', displayName: '小林 翔太', personId: null, roles: ['staff', 'clerk', 'site_head'], password: 'Kari-no-pass-8301' }, admin);
  await app.core('accounts.create', { loginId: 'tanaka.ichiro', displayName: '田中 一郎', personId: null, roles: ['clerk'], password: 'Kari-no-pass-8302' }, admin);

  await page.goto(app.url);
  await signIn(page, COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'アカウント管理' }).click();
  await page.getByTestId('elevate-form').getByRole('textbox', { name: 'パスワード', exact: true }).fill(COMPANY.sysadmin.password);
  await page.getByTestId('elevate-form').getByRole('button', { name: '確認' }).click();
  const rows = page.getByTestId('account-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: '小林 翔太' }).getByTestId('account-roles')).toHaveText(/一般社員\s*総務担当\s*拠点長/);
  // Neither keeper account has a person of the register behind it: said in its row (errors.no_person_behind), whole.
  await expect(page.getByTestId('account-no-person')).toHaveCount(2);
  await expect(rows.filter({ hasText: '田中 一郎' }).getByTestId('account-no-person')).toContainText('名簿の人物と結び付いていません');
  expect(await cutOff(rows)).toEqual([]);
  expect(await cutOff(page.locator('[data-testid="accounts-table"] thead th'))).toEqual([]);
  // Every action of a row is inside its cell (a row of buttons pushed out to the left is not "scrolled").
  const outside = await rows.evaluateAll((trs) =>
    trs.flatMap((tr) =>
      [...tr.querySelectorAll('td:last-child a, td:last-child button')].flatMap((el) => {
        const cell = el.closest('td')!.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        return r.left < cell.left - 0.5 || r.right > cell.right + 0.5 ? [`${tr.textContent?.slice(0, 20)}: ${el.textContent}`] : [];
      }),
    ),
  );
  expect(outside).toEqual([]);
  await shot(page, 'cut-off-accounts');
  await english(page);
  await expect(rows.filter({ hasText: '小林 翔太' })).toContainText('Must change password');
  expect(await cutOff(rows)).toEqual([]);
  await shot(page, 'cut-off-accounts-en');
});

test("the kit lists' person filters at 1280×800: their placeholder whole, in both languages", async ({ page, app }) => {
  await seedBookMonth(app);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  const lists = [
    ['キャビネット開施錠記録簿', 'Cabinet open/lock log'],
    ['ノートPC・可搬媒体持ち出し記録', 'Laptop and media checkouts'],
    ['入退受付票', 'Visitor reception'],
    ['最終退出点検表', 'Last-exit checklist'],
  ];
  for (const [ja] of lists) {
    await page.getByRole('navigation').getByRole('link', { name: ja }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(ja);
    const pickers = page.locator('.kit-person-filter input');
    expect(await pickers.count()).toBeGreaterThan(0);
    for (const p of await pickers.all()) await expectFits(p);
  }
  await shot(page, 'cut-off-kit-person-filter');
  await english(page);
  for (const p of await page.locator('.kit-person-filter input').all()) await expectFits(p);
});

test('the access-log check record in English at 1280×800: the month checked and every heading whole, no sideways scroll', async ({ page, app }) => {
  await app.setUp();
  const admin = await app.signInCore(COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  const hq = await app.headOffice(admin);
  // Logs kept three years: the September checked may be more than twelve months back (a check past a system's retention is refused).
  const system = (await app.core('systems.add', { code: 'SV-01', name: 'ファイルサーバ', kind: 'server', siteId: hq.id, logLocation: 'ログサーバ /archive/fs01', retentionMonths: 36 }, admin)).value;
  const jst = new Date(Date.now() + 9 * 3_600_000);
  const last = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - 1, 1));
  // September: the longest month name in English.
  const month = `${last.getUTCFullYear() - 1}-09`;
  await app.core('accessLog.add', { systemId: system.id, month, checkedAt: new Date().toISOString(), logsComplete: true, storedSafely: true, anomalyFound: '深夜帯の管理者ログイン 2件', actionTaken: '本人に確認し、正当な保守作業であることを作業報告書で確認' }, admin);
  await page.goto(app.url);
  await signIn(page, COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  await english(page);
  await page.goto(`${app.url}#/access-log?month=${month}`);
  const rows = page.getByTestId('record-row');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(`September ${month.slice(0, 4)}`);
  expect(await cutOff(rows)).toEqual([]);
  expect(await cutOff(page.locator('.kit-table thead th'))).toEqual([]);
  // The whole table in its box: the sticky actions column covers nothing (it hid the end of 「Status and anomalies」).
  const sideways = await page.locator('.kit-table').evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  await shot(page, 'cut-off-access-log-en');
});

// Every register's and book's column headings whole with their sort mark (a walk-through: キャビネット番号 hid its mark).
test('the kit lists’ column headings at 1280×800: whole with their sort marks, in both languages', async ({ page, app }) => {
  await seedBookMonth(app);
  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  const lists = ['キャビネット台帳', '持出資産台帳', 'ゲストカード台帳', 'キャビネット開施錠記録簿', 'ノートPC・可搬媒体持ち出し記録', '入退受付票', '最終退出点検表'];
  const paths: string[] = [];
  for (const name of lists) {
    const link = page.getByRole('navigation').getByRole('link', { name });
    paths.push((await link.getAttribute('href'))!);
    await link.click();
    await expect(page.locator('.kit-table thead')).toBeVisible();
    expect({ name, cut: await cutOff(page.locator('.kit-table thead th')) }).toEqual({ name, cut: [] });
  }
  await english(page);
  for (const path of paths) {
    await page.goto(`${app.url}${path}`);
    await expect(page.locator('.kit-table thead')).toBeVisible();
    expect({ path, cut: await cutOff(page.locator('.kit-table thead th')) }).toEqual({ path, cut: [] });
  }
});

// A user probe at 1024×768 (the clerk, on the demo data): in the books and registers the 状態・異常
// column lay under the pinned actions, out of view, with no scrollbar and no way for the keyboard to
// scroll there; 返却日時 was cut, a mark read 「営業時間外…」, and the book's search placeholder was cut.
test('the ledger lists at 1024×768: every status mark whole and beside the actions, the list a named region the keyboard reaches, in both languages', async ({ page, app }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const s = await seedBookMonth(app);
  const w = s.world;
  const cabinet = (await app.core('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F 総務部', siteId: w.hq.id, contentClass: 'personal', custodianId: w.sasaki.id }, w.clerk)).value;
  await app.core('cabinetLog.add', { cabinetId: cabinet.id, openedAt: new Date(Date.now() - 20 * 60_000).toISOString(), openedBy: w.yamada.id, purpose: '人事書類の出し入れ' }, w.clerk);
  const sd = (await app.core('assets.add', { assetTag: 'SD-HQ-01', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: w.hq.id, storagePlace: '総務部 鍵付きキャビネットB', encrypted: false }, w.clerk)).value;
  // Overdue: 持出中 and 返却予定を超過, beside five actions.
  await app.core('checkouts.add', { assetId: sd.id, borrowerId: w.kimura.id, purpose: '出張（保守作業）', destination: '株式会社中部工業', checkedOutAt: new Date(Date.now() - 2 * 3_600_000).toISOString(), dueAt: new Date(Date.now() - 3_600_000).toISOString() }, w.clerk);
  const card = (await app.core('guestCards.add', { number: 'G-HQ-01', siteId: w.hq.id }, w.clerk)).value;
  const v = (await app.core('visitors.add', { siteId: w.hq.id, name: '高橋 誠', company: '株式会社ネクストシステムズ', purpose: 'サーバ保守', hostId: w.yamada.id, area: 'office', guestCardId: card.id, escortId: w.sasaki.id, arrivedAt: new Date(Date.now() - 50 * 60_000).toISOString() }, w.clerk)).value;
  await app.core('visitors.signOut', { id: v.id, leftAt: new Date(Date.now() - 10 * 60_000).toISOString(), cardReturned: false }, w.clerk);

  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();

  const lists = ['サーバルーム入退記録簿', 'キャビネット開施錠記録簿', 'ノートPC・可搬媒体持ち出し記録', '入退受付票', '最終退出点検表', '人員名簿', 'キャビネット台帳', '持出資産台帳', 'ゲストカード台帳'];
  const paths: string[] = [];
  for (const name of lists) paths.push((await page.getByRole('navigation').getByRole('link', { name }).getAttribute('href'))!);
  const marked = new Set(['#/server-room', '#/cabinet-log', '#/checkouts', '#/visitors']);

  const check = async (path: string, lang: string) => {
    await page.goto(`${app.url}${path}${path === '#/server-room' ? `?month=${s.month}&anomalies=1` : ''}`);
    const scroller = page.locator('.table-scroll');
    await expect(scroller).toHaveAttribute('aria-busy', 'false');
    if (marked.has(path)) await expect(scroller.locator('tbody .badge').first()).toBeVisible();
    const where = `${lang} ${path}`;
    // A region the keyboard can scroll, named as the page's heading.
    await expect(scroller, where).toHaveAttribute('tabindex', '0');
    await expect(scroller, where).toHaveAccessibleName((await page.getByRole('heading', { level: 1 }).innerText()).trim());
    // The whole table in its box (nothing under the pinned actions), every mark whole.
    const room = await scroller.evaluate((el) => ({ wider: el.scrollWidth - el.clientWidth, marksEnd: [...el.querySelectorAll('thead th')].at(-2)!.getBoundingClientRect().right, actions: el.querySelector('thead th.col-end')?.getBoundingClientRect().left ?? Infinity }));
    expect({ where, wider: room.wider }).toEqual({ where, wider: 0 });
    expect(room.marksEnd, where).toBeLessThanOrEqual(room.actions + 0.5);
    expect({ where, cut: await cutMarks(scroller) }).toEqual({ where, cut: [] });
    // Its times whole (返却日時 was cut to 「12月2日…」).
    expect({ where, cut: await cutOff(scroller.locator('tbody td.kit-instant')) }).toEqual({ where, cut: [] });
    expect({ where, cut: await cutOff(scroller.locator('thead th')) }).toEqual({ where, cut: [] });
  };

  for (const path of paths) await check(path, 'ja');
  await page.goto(`${app.url}#/server-room?month=${s.month}&anomalies=1`);
  await expectFits(page.getByTestId('stay-search'));
  await shot(page, 'cut-off-1024-book');
  await page.goto(`${app.url}#/checkouts`);
  await expect(page.getByTestId('record-row').getByTestId('anomaly').first()).toBeVisible();
  // The print hint on one line beside the button (it wrapped into two ragged lines).
  const hint = page.getByTestId('print-month-hint');
  expect(await hint.evaluate((el) => el.getClientRects().length === 1 && el.getBoundingClientRect().height < 24)).toBe(true);
  await shot(page, 'cut-off-1024-checkouts');
  // Tab reaches the list (after the pager's controls it is not: it comes before them).
  await page.getByTestId('filter-status').focus();
  let reached = false;
  for (let i = 0; i < 6 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.locator('.table-scroll').evaluate((el) => el === document.activeElement);
  }
  expect(reached).toBe(true);

  await english(page);
  for (const path of paths) await check(path, 'en');
  await page.goto(`${app.url}#/server-room?month=${s.month}&anomalies=1`);
  await expectFits(page.getByTestId('stay-search'));
  await shot(page, 'cut-off-1024-book-en');
  await page.goto(`${app.url}#/visitors`);
  await expect(page.getByTestId('record-row').first()).toBeVisible();
  await shot(page, 'cut-off-1024-visitors-en');
});
