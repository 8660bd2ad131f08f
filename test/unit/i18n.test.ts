import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addFormats, catalogs, durationText, LANGUAGES, lookup, translate } from '../../shared/i18n';

// DESIGN rule 6: every message key the core can return, and every label the renderer asks for,
// exists in Japanese and in English.

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Source without comments, so examples in doc comments are not taken for real keys. */
function code(file: string): string {
  return fs
    .readFileSync(path.join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function keysIn(files: string[], pattern: RegExp): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) for (const m of code(file).matchAll(pattern)) if (!found.has(m[1])) found.set(m[1], file);
  return found;
}

function leaves(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

const coreFiles = [...sourceFiles('electron'), ...sourceFiles('shared')].filter((f) => !f.startsWith(path.join('shared', 'i18n')));
const rendererFiles = sourceFiles('renderer');

describe('message catalogs', () => {
  it('has every error key the core and the contract return, in both languages', () => {
    const keys = keysIn(coreFiles, /['"`]((?:[a-z_]+\.)?errors\.[a-z_]+(?:\.[a-z_]+)*)['"`]/g);
    expect(keys.size).toBeGreaterThan(30);
    const missing = [...keys].flatMap(([key, file]) => LANGUAGES.filter((l) => lookup(l, key) === undefined).map((l) => `${l}: ${key} (${file})`));
    expect(missing).toEqual([]);
  });

  it('has every label the renderer asks for, in both languages', () => {
    const keys = new Map([
      ...keysIn(rendererFiles, /\bt\(\s*['"]([a-zA-Z_]+\.[a-zA-Z_.]+)['"]/g),
      ...keysIn(rendererFiles, /\b[a-z][a-zA-Z]*Key:\s*['"]([a-zA-Z_]+\.[a-zA-Z_.]+)['"]/g),
    ]);
    expect(keys.size).toBeGreaterThan(50);
    const missing = [...keys].flatMap(([key, file]) => LANGUAGES.filter((l) => lookup(l, key) === undefined).map((l) => `${l}: ${key} (${file})`));
    expect(missing).toEqual([]);
  });

  it('has the same keys in Japanese and English, and no empty message', () => {
    expect(leaves(catalogs.en).sort()).toEqual(leaves(catalogs.ja).sort());
    for (const lang of LANGUAGES) for (const key of leaves(catalogs[lang])) expect(lookup(lang, key), `${lang}: ${key}`).not.toBe('');
  });

  it('uses the same placeholders in both languages', () => {
    // A count's one form (`_one`) may say "1" in words, without {{count}} ("1 anomaly").
    const placeholders = (s: string, key: string) => [...s.matchAll(/\{\{(\w+(?:,\s*\w+)?)\}\}/g)].map((m) => m[1]).filter((p) => !(key.endsWith('_one') && p === 'count')).sort();
    const differ = leaves(catalogs.ja).filter(
      (key) => JSON.stringify(placeholders(lookup('ja', key)!, key)) !== JSON.stringify(placeholders(lookup('en', key)!, key)),
    );
    expect(differ).toEqual([]);
  });
});

describe('counts in English (a walk-through: 「1 anomalies」)', () => {
  it('say one apart, and every other count as before; Japanese has one form', async () => {
    const { createInstance } = await import('i18next');
    const i18n = createInstance();
    await i18n.init({ resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: catalogs[l] }])), lng: 'en', fallbackLng: 'ja', interpolation: { escapeValue: false } });
    expect(i18n.t('review.detail.anomalyCount', { count: 1 })).toBe('1 anomaly');
    expect(i18n.t('review.detail.anomalyCount', { count: 3 })).toBe('3 anomalies');
    expect(i18n.t('review.detail.undisposed', { count: 1 })).toMatch(/^1 anomaly has no disposition yet/);
    expect(i18n.t('serverRoom.ui.daysLater', { count: 1 })).toBe('1 day later');
    expect(i18n.t('serverRoom.ui.daysLater', { count: 2 })).toBe('2 days later');
    // The settings history's values with a unit (a walk-through: 「1 days」「1 years」).
    expect(i18n.t('settings.history.days', { count: 1 })).toBe('1 day');
    expect(i18n.t('settings.history.days', { count: 7 })).toBe('7 days');
    expect(i18n.t('settings.history.minutes', { count: 1 })).toBe('1 minute');
    expect(i18n.t('settings.history.minutes', { count: 5 })).toBe('5 minutes');
    expect(i18n.t('settings.history.years', { count: 1 })).toBe('1 year');
    expect(i18n.t('settings.history.years', { count: 5 })).toBe('5 years');
    expect(i18n.t('retention.yearsValue', { count: 1 })).toBe('1 year after the month’s sign-off');
    expect(i18n.t('jobs.status.overdue', { count: 1 })).toBe('The last backup is more than 1 day old. ');
    expect(i18n.t('shell.dashboard.idleLock', { count: 1 })).toBe('The screen locks itself after 1 minute without input.');
    await i18n.changeLanguage('ja');
    expect(i18n.t('settings.history.days', { count: 1 })).toBe('1日');
    expect(i18n.t('settings.history.years', { count: 5 })).toBe('5年');
    expect(i18n.t('review.detail.anomalyCount', { count: 1 })).toBe('異常1件');
    expect(i18n.t('review.detail.anomalyCount', { count: 3 })).toBe('異常3件');
  });
});

describe('counts in English outside the screen (a printed sheet, the command line)', () => {
  it('say one apart too: `translate` takes the one form', () => {
    expect(translate('en', 'lastExit.print.restOk', { count: 1 })).toBe('1 other item OK');
    expect(translate('en', 'lastExit.print.restOk', { count: 4 })).toBe('4 other items OK');
    expect(translate('en', 'settings.history.days', { count: 1 })).toBe('1 day');
    expect(translate('ja', 'lastExit.print.restOk', { count: 1 })).toBe('ほか1項目OK');
    // A wait the core sends with its count (guessing.test: 「Please wait 1 seconds」).
    expect(translate('en', 'auth.errors.too_many_attempts', { seconds: 1, count: 1 })).toBe('Too many failed sign-ins from this device. Please wait 1 second and try again.');
    expect(translate('en', 'terminal.errors.too_many_attempts', { seconds: 3, count: 3 })).toMatch(/wait 3 seconds/);
    expect(translate('en', 'serverRoom.errors.exit_notes_too_long', { left: 1, count: 1 })).toMatch(/Keep it to 1 character\.$/);
    expect(translate('en', 'accessLog.errors.before_retention', { months: 1, count: 1 })).toBe('This system keeps its logs for 1 month: an earlier month cannot be checked.');
    expect(translate('en', 'retention.errors.stopped_part_way', { erased: 1, count: 1, cause: 'x' })).toMatch(/^Stopped after erasing the personal data of 1 record;/);
  });
});

describe('a length of time in a message ({{max, duration}})', () => {
  it('is said in hours and minutes, the same on screen (i18next) and on paper (translate): a cabinet\'s 「4時間」, not 「240分」', async () => {
    const { createInstance } = await import('i18next');
    const i18n = createInstance();
    await i18n.init({ resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: catalogs[l] }])), lng: 'ja', fallbackLng: 'ja', interpolation: { escapeValue: false } });
    addFormats(i18n.services.formatter);
    const key = 'cabinets.log.anomaly.open_too_long' as const;
    const said = { 240: '4時間を超えて開錠', 90: '1時間30分を超えて開錠', 45: '45分を超えて開錠', 1440: '24時間を超えて開錠' };
    for (const [max, text] of Object.entries(said)) {
      expect(translate('ja', key, { max: Number(max), minutes: 999 })).toBe(text);
      expect(i18n.t(key, { max: Number(max), minutes: 999 })).toBe(text);
    }
    await i18n.changeLanguage('en');
    expect(i18n.t(key, { max: 150 })).toBe('Open over 2 h 30 min');
    expect(translate('en', key, { max: 150 })).toBe('Open over 2 h 30 min');
    expect(durationText('en', 60)).toBe('1 h');
    // From two days on, days (a clock set back by months on the dashboard): no zero part, the minutes kept.
    const long: [number, string][] = [[26 * 60, '26時間'], [2880, '2日'], [2880 + 5, '2日5分'], [98 * 1440 + 22 * 60 + 5, '98日22時間5分'], [0, '0分']];
    for (const [minutes, text] of long) expect(durationText('ja', minutes)).toBe(text);
    expect(durationText('en', 98 * 1440 + 22 * 60 + 5)).toBe('98 d 22 h 5 min');
    // Not a number (a message from an older core): as it is, never 「NaN時間」.
    expect(translate('ja', key, { max: 'x' })).toBe('xを超えて開錠');
  });
});
