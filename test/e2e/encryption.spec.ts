import fs from 'node:fs';
import path from 'node:path';
import { COMPANY, expect, signIn, test } from './fixtures';

// Issue 2 acceptance (d): a name typed in the UI never appears in the database file's bytes, and the
// file is not a plain SQLite file.
test('a name typed in the UI is not in the bytes of the database files', async ({ page, app }) => {
  await app.setUp();
  await page.goto(app.url);
  await signIn(page, COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  await page.getByRole('navigation').getByRole('link', { name: '人員名簿' }).click();

  const name = '鰐淵 慧悟郎';
  const kana = 'ワニブチ ケイゴロウ';
  const department = '機密調達準備室';
  await page.getByRole('button', { name: '人員を登録' }).click();
  const add = page.getByTestId('add-dialog');
  await add.getByLabel('氏名').fill(name);
  await add.getByLabel('フリガナ').fill(kana);
  await add.getByLabel('社員番号').fill('Z9876');
  await add.getByLabel('所属部署').fill(department);
  await add.getByRole('button', { name: '登録する' }).click();
  await expect(page.getByTestId('person-row').filter({ hasText: name })).toBeVisible();

  // The person is really stored (read back through the core)...
  const token = await app.signInCore(COMPANY.safetyManager.loginId, COMPANY.safetyManager.password);
  const list = await app.core('people.list', { search: 'Z9876' }, token);
  expect(list.value.rows.map((p) => p.name)).toEqual([name]);

  // ...but neither the database nor its write-ahead log holds it in the clear.
  const files = ['daicho.db', 'daicho.db-wal'].map((f) => path.join(app.dataDir, f)).filter((f) => fs.existsSync(f));
  expect(files.map((f) => path.basename(f))).toContain('daicho.db');
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of [name, kana, department, COMPANY.companyName]) {
      expect(bytes.indexOf(Buffer.from(secret, 'utf8')), `${secret} in ${path.basename(file)}`).toBe(-1);
      expect(bytes.indexOf(Buffer.from(secret, 'utf16le')), `${secret} (UTF-16) in ${path.basename(file)}`).toBe(-1);
    }
  }
  const header = fs.readFileSync(path.join(app.dataDir, 'daicho.db')).subarray(0, 16).toString('latin1');
  expect(header.startsWith('SQLite format 3')).toBe(false);
});
