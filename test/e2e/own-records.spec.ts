import { COMPANY, expect, shot, signIn, test } from './fixtures';
import { CLERK, jstAt, setUpServerRoom } from './server-room-fixtures';

// The core refuses a keeper's correction and void of a record they are a party to (errors.own_record,
// assets.errors.own_checkout): the lists do not offer them on such a row, and say why in words — the
// row's action cell and a note over the list (a walk-through: 訂正 was offered on one's own stay, and
// refused only on save). The clerk here is 木村 三郎 in the people register.

const NOTE = 'ご自身が当事者の記録は、訂正・無効化をほかの担当者が行います。';

test('own records: no 訂正 or 無効化 on a row the signed-in keeper is a party to, and the list says why', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const admin = await app.signInCore(COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  await app.core('auth.elevate', { password: COMPANY.sysadmin.password }, admin);
  const clerkAccount = (await app.core('accounts.list', {}, admin)).value.find((a) => a.loginId === CLERK.loginId)!;
  const approval = { approverLoginId: COMPANY.safetyManager.loginId, approverPassword: COMPANY.safetyManager.password };
  await app.core('accounts.setPerson', { id: clerkAccount.id, personId: w.kimura.id, reason: '名簿の登録に合わせて', approval }, admin);
  // The clerk has read that his account was linked (his sign-in opens on the dashboard).
  const notices = (await app.core('auth.session', {}, w.clerk)).value?.notices ?? [];
  if (notices.length > 0) await app.core('auth.acknowledgeNotices', { ids: notices.map((n) => n.id) }, w.clerk);

  // Three stays of yesterday: his own, one he went in on as 山田's companion, and one he is not on.
  const yesterday = new Date(Date.now() - 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  const stay = (personId: string, from: string, to: string, employees: string[]) =>
    app.core('serverRoom.record', { siteId: w.hq.id, personId, enteredAt: jstAt(yesterday, from), exitedAt: jstAt(yesterday, to), purpose: 'maintenance', companions: { employees: employees.map((personId) => ({ personId })), visitors: [] } }, w.sm);
  const own = (await stay(w.kimura.id, '09:00', '09:30', [])).value;
  const companion = (await stay(w.yamada.id, '10:00', '10:30', [w.kimura.id])).value;
  const other = (await stay(w.yamada.id, '11:00', '11:30', [w.sasaki.id])).value;
  // A cabinet session he opened, and one 山田 opened; a checkout of his, and one of 山田's.
  const cabinet = (await app.core('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F 総務部', siteId: w.hq.id, contentClass: 'personal', custodianId: w.sasaki.id }, w.sm)).value;
  const session = (openedBy: string, from: string, to: string, purpose: string) =>
    app.core('cabinetLog.add', { cabinetId: cabinet.id, openedAt: jstAt(yesterday, from), openedBy, purpose, lockedAt: jstAt(yesterday, to), lockedBy: openedBy }, w.sm);
  await session(w.kimura.id, '13:00', '13:10', '契約書の確認');
  await session(w.yamada.id, '14:00', '14:10', '人事書類の整理');
  const asset = (tag: string) => app.core('assets.add', { assetTag: tag, kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: w.hq.id, storagePlace: '総務部キャビネットB', encrypted: false }, w.sm);
  const sd1 = (await asset('SD-001')).value;
  const sd2 = (await asset('SD-002')).value;
  const checkout = (assetId: string, borrowerId: string, destination: string) =>
    app.core('checkouts.add', { assetId, borrowerId, purpose: '撮影データの受け渡し', destination, checkedOutAt: new Date(Date.now() - 3_600_000).toISOString(), dueAt: new Date(Date.now() + 86_400_000).toISOString() }, w.sm);
  await checkout(sd1.id, w.kimura.id, '取引先A');
  await checkout(sd2.id, w.yamada.id, '取引先B');

  await page.goto(app.url);
  await signIn(page, CLERK.loginId, CLERK.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();

  // --- The server-room book: his own stay and the one he went in on offer neither; the other offers both.
  await page.goto(`${app.url}#/server-room?month=all`);
  const stayRow = (id: string) => page.locator(`[data-id="${id}"]`);
  await expect(stayRow(other.id).getByRole('button', { name: /^訂正: 山田 太郎/ })).toBeVisible();
  await expect(stayRow(other.id).getByRole('button', { name: /^無効にする: 山田 太郎/ })).toBeVisible();
  await expect(stayRow(other.id).getByTestId('row-actions-note')).toHaveCount(0);
  for (const [id, name] of [[own.id, '木村 三郎'], [companion.id, '山田 太郎']]) {
    await expect(stayRow(id).getByRole('button', { name: new RegExp(`^訂正: ${name}`) })).toHaveCount(0);
    await expect(stayRow(id).getByRole('button', { name: new RegExp(`^無効にする: ${name}`) })).toHaveCount(0);
    await expect(stayRow(id).getByTestId('row-actions-note')).toHaveText('ご自身が当事者');
    // Its history is still his to read.
    await expect(stayRow(id).getByRole('button', { name: new RegExp(`^履歴: ${name}`) })).toBeVisible();
  }
  await expect(page.getByTestId('own-record-note')).toHaveText(NOTE);
  await shot(page, 'own-records-server-room');
  // The stay's details say the same, in place of the two buttons.
  await stayRow(companion.id).getByTestId('stay-person-name').click();
  const detail = page.getByTestId('stay-detail-dialog');
  await expect(detail.getByTestId('own-record-note')).toHaveText(NOTE);
  await expect(detail.getByRole('button', { name: '訂正', exact: true })).toHaveCount(0);
  await expect(detail.getByRole('button', { name: '無効にする', exact: true })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await stayRow(other.id).getByTestId('stay-person-name').click();
  await expect(detail.getByRole('button', { name: '訂正', exact: true })).toBeVisible();
  await expect(detail.getByTestId('own-record-note')).toHaveCount(0);
  await page.keyboard.press('Escape');

  // --- The cabinet log (a ledger on the kit): the session he opened offers neither.
  await page.getByRole('navigation').getByRole('link', { name: 'キャビネット開施錠記録簿' }).click();
  const sessions = page.getByTestId('record-row');
  const mine = sessions.filter({ hasText: '木村 三郎' });
  const his = sessions.filter({ hasText: '山田 太郎' });
  await expect(his.getByRole('button', { name: /^訂正: / })).toBeVisible();
  await expect(his.getByRole('button', { name: /^無効にする: / })).toBeVisible();
  await expect(mine.getByTestId('row-actions-note')).toHaveText('ご自身が当事者');
  await expect(mine.getByRole('button', { name: /^訂正: / })).toHaveCount(0);
  await expect(mine.getByRole('button', { name: /^無効にする: / })).toHaveCount(0);
  await expect(page.getByTestId('own-record-note')).toHaveText(NOTE);

  // --- The checkouts: his own is returned or reported lost as any other, but corrected by another clerk.
  await page.getByRole('navigation').getByRole('link', { name: 'ノートPC・可搬媒体持ち出し記録' }).click();
  const outs = page.getByTestId('record-row');
  const myOut = outs.filter({ hasText: 'SD-001' });
  const hisOut = outs.filter({ hasText: 'SD-002' });
  await expect(hisOut.getByRole('button', { name: /^訂正: / })).toBeVisible();
  await expect(myOut.getByTestId('row-actions-note')).toHaveText('ご自身が当事者');
  await expect(myOut.getByRole('button', { name: /^訂正: / })).toHaveCount(0);
  await expect(myOut.getByRole('button', { name: /^無効にする: / })).toHaveCount(0);
  await expect(myOut.getByRole('button', { name: /^返却: / })).toBeVisible();
  await expect(page.getByTestId('own-record-note')).toHaveText(NOTE);
  await shot(page, 'own-records-checkouts');

  // --- In English, the same.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(myOut.getByTestId('row-actions-note')).toHaveText('You are on this record');
  await expect(page.getByTestId('own-record-note')).toHaveText('Records you are a party to are corrected or voided by another clerk.');
});

// An insider probe: an administrator alone made a clerk account no person of the register stands behind,
// and as it voided his own stay. The core refuses such an account every correction and void
// (errors.no_person_behind): the lists offer none and say why; the account screen marks it.
test('a clerk account with no person behind it: no 訂正 or 無効化 offered anywhere, and the list says why', async ({ page, app }) => {
  const w = await setUpServerRoom(app);
  const admin = await app.signInCore(COMPANY.sysadmin.loginId, COMPANY.sysadmin.password);
  await app.core('auth.elevate', { password: COMPANY.sysadmin.password }, admin);
  const shadow = { loginId: 'kato.hiroshi', password: 'Yama-Kawa-Sora-7781' };
  await app.core('accounts.create', { loginId: shadow.loginId, displayName: '加藤 博', personId: null, roles: ['clerk'], password: 'Kawa-Nagare-4821x' }, admin);
  const t = await app.signInCore(shadow.loginId, 'Kawa-Nagare-4821x');
  await app.core('auth.changePassword', { currentPassword: 'Kawa-Nagare-4821x', newPassword: shadow.password }, t);
  const yesterday = new Date(Date.now() - 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  const stay = (await app.core('serverRoom.record', { siteId: w.hq.id, personId: w.sasaki.id, enteredAt: jstAt(yesterday, '22:10'), exitedAt: jstAt(yesterday, '22:40'), purpose: 'maintenance' }, w.sm)).value;

  await page.goto(app.url);
  await signIn(page, shadow.loginId, shadow.password);
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await page.goto(`${app.url}#/server-room?month=all`);
  const row = page.locator(`[data-id="${stay.id}"]`);
  await expect(row.getByTestId('row-actions-note')).toHaveText('人物の結び付けなし');
  await expect(row.getByRole('button', { name: /^訂正: / })).toHaveCount(0);
  await expect(row.getByRole('button', { name: /^無効にする: / })).toHaveCount(0);
  await expect(page.getByTestId('no-person-note')).toContainText('名簿の人物と結び付いていないため、訂正・無効化はできません');
  // Recording a new stay is still offered.
  await expect(page.getByRole('button', { name: '記録する' })).toBeVisible();
  // The stay's details say it in place of the two buttons.
  await row.getByTestId('stay-person-name').click();
  const detail = page.getByTestId('stay-detail-dialog');
  await expect(detail.getByTestId('no-person-note')).toBeVisible();
  await expect(detail.getByRole('button', { name: '訂正', exact: true })).toHaveCount(0);
  await expect(detail.getByRole('button', { name: '無効にする', exact: true })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);

  // Nor who may open a cabinet (a grant): the list is shown, the adding and removing are not, and it says why.
  await app.core('cabinets.add', { code: 'C-01', name: '人事書類庫', location: '本社3F', siteId: w.hq.id, contentClass: 'personal', custodianId: w.yamada.id, notes: null }, w.sm);
  await page.getByRole('navigation').getByRole('link', { name: 'キャビネット台帳' }).click();
  // A new cabinet names its key custodian, a grant too: not offered, and said why in its place.
  await expect(page.getByTestId('no-person-add-note')).toHaveText('このアカウントは名簿の人物と結び付いていないため、鍵の管理者を決める登録はできません。システム管理者に結び付けを依頼してください。');
  await expect(page.getByRole('button', { name: '登録する' })).toHaveCount(0);
  await shot(page, 'cabinet-register-no-person');
  await page.getByTestId('record-row').filter({ hasText: 'C-01' }).getByRole('button', { name: /^開けてよい人: / }).click();
  const authorized = page.getByTestId('authorized-dialog');
  await expect(authorized.getByTestId('no-person-note')).toHaveText('このアカウントは名簿の人物と結び付いていないため、開けてよい人の追加・解除はできません。システム管理者に結び付けを依頼してください。');
  await expect(authorized.getByRole('button', { name: '追加する' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  // A register whose entries grant nothing (持出資産台帳) still offers 登録, with no such note.
  await page.getByRole('navigation').getByRole('link', { name: '持出資産台帳' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('持出資産台帳');
  await expect(page.getByRole('button', { name: '登録する' })).toBeVisible();
  await expect(page.getByTestId('no-person-add-note')).toHaveCount(0);

  // Nor server-room entry (a grant) in the register's form: the box is kept as it is, and it says why; the person is still registered.
  await page.getByRole('navigation').getByRole('link', { name: '人員名簿' }).click();
  await page.getByRole('button', { name: '人員を登録' }).click();
  const add = page.getByTestId('add-dialog');
  await expect(add.getByRole('checkbox', { name: 'サーバルーム入室許可' })).toBeDisabled();
  await expect(add.getByTestId('no-person-note')).toHaveText('このアカウントは名簿の人物と結び付いていないため、入室許可の付与・取消はできません。システム管理者に結び付けを依頼してください。');
  await add.getByLabel('氏名').fill('新人 花子');
  await add.getByLabel('フリガナ').fill('シンジン ハナコ');
  await add.getByLabel('社員番号').fill('E7001');
  await add.getByLabel('所属部署').fill('総務部');
  await add.getByRole('button', { name: '登録する' }).click();
  await expect(add).toHaveCount(0);
  await expect(page.getByText('新人 花子').first()).toBeVisible();

  // The safety manager links the account to its person while he is signed in. The next page he opens
  // asks who is signed in again: he is told, and offered what he now may do, without signing in again
  // (a note: the screens changed only at his next sign-in).
  const account = (await app.core('accounts.list', {}, admin)).value.find((a) => a.loginId === shadow.loginId)!;
  await app.core('auth.elevate', { password: COMPANY.safetyManager.password }, w.sm);
  await app.core('accounts.setPerson', { id: account.id, personId: w.kimura.id, reason: '名簿の本人と結び付け' }, w.sm);
  await page.getByRole('navigation').getByRole('link', { name: 'キャビネット台帳' }).click();
  const told = page.getByTestId('account-notices');
  await expect(told).toContainText('人員名簿の木村 三郎');
  await told.getByRole('button', { name: '確認しました' }).click();
  await expect(told).toHaveCount(0);
  await expect(page.getByRole('button', { name: '登録する' })).toBeVisible();
  await expect(page.getByTestId('no-person-add-note')).toHaveCount(0);
  await page.getByRole('navigation').getByRole('link', { name: 'サーバルーム入退記録簿' }).click();
  await expect(page.getByTestId('no-person-note')).toHaveCount(0);
  await expect(row.getByRole('button', { name: /^訂正: / })).toBeVisible();
});
