import { COMPANY, expect, shot, test } from './fixtures';

// The setup wizard in English: rules broken on a step are shown at the fields (a shared login id
// on 次へ of its own step); a refusal only the core can make (a site code used twice) brings the
// wizard back to the step of the offending field.
test('setup wizard in English: errors at the fields, and back to the step the core refused', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'First-time setup' })).toBeVisible();

  await page.getByLabel('Site code').first().fill('hq');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Company name')).toHaveAccessibleDescription('Required.');
  await expect(page.getByLabel('Site code').first()).toHaveAccessibleDescription('Site codes use capital letters, digits and hyphens, up to 10 characters.');
  await expect(page.getByLabel('Company name')).toBeFocused();
  await shot(page, 'setup-en-errors');
  // Corrected fields lose their message as they are typed.
  await page.getByLabel('Company name').fill(COMPANY.companyName);
  await expect(page.getByLabel('Company name')).toHaveAttribute('aria-invalid', 'false');
  await page.getByLabel('Site code').first().fill('HQ');
  await page.getByRole('button', { name: 'Add site' }).click();
  await page.getByLabel('Site code').nth(1).fill('HQ');
  await page.getByLabel('Site name').nth(1).fill('大阪営業所');
  await page.getByRole('button', { name: 'Next' }).click();

  const admin = COMPANY.sysadmin;
  await page.getByLabel('Name').fill(admin.displayName);
  await page.getByLabel('Login ID').fill('admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(admin.password);
  await page.getByRole('textbox', { name: 'Password (again)' }).fill(`${admin.password}x`);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('textbox', { name: 'Password (again)' })).toHaveAccessibleDescription('The two passwords do not match.');
  await page.getByRole('textbox', { name: 'Password (again)' }).fill(admin.password);
  await page.getByRole('button', { name: 'Next' }).click();
  // "admin" is a shared id (Art. 16(2)): refused at the field on this step, with the core's rule.
  await expect(page.getByLabel('Login ID')).toHaveAccessibleDescription(/Shared IDs such as guest, admin or test are not allowed/);
  await expect(page.getByLabel('Login ID')).toHaveValue('admin');
  await shot(page, 'setup-en-shared-id');
  await page.getByLabel('Login ID').fill(admin.loginId);
  await page.getByRole('button', { name: 'Next' }).click();

  const sm = COMPANY.safetyManager;
  await page.getByLabel('Name').fill(sm.displayName);
  await page.getByLabel('Login ID').fill(sm.loginId);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(sm.password);
  await page.getByRole('textbox', { name: 'Password (again)' }).fill(sm.password);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Register' }).click();

  // The site code used twice: refused by the core, shown at the field back on step 1.
  await expect(page.getByLabel('Site code').nth(1)).toHaveAccessibleDescription('This site code is used twice.');
  await expect(page.getByLabel('Site code').nth(1)).toBeFocused();
  await expect(page.getByLabel('Company name')).toHaveValue(COMPANY.companyName);
  await shot(page, 'setup-en-refused');
  expect((await app.core('setup.status', {})).value.needsSetup).toBe(true); // nothing stored

  await page.getByLabel('Site code').nth(1).fill('OSK');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { name: 'Recovery code' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/To confirm, type group \d/)).toBeVisible();
  await shot(page, 'setup-en-recovery-code');
});
