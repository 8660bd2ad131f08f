import type { Catalog } from '..';

export const settings: Catalog['settings'] = {
  title: 'Settings',
  lead: 'Company details, the screen lock and backups.',
  companyName: 'Company name',
  idleLockMinutes: 'Lock the screen after (minutes)',
  idleLockHint: 'The screen locks after this long without input: 1 to 10 minutes (Art. 11(4)).',
  backupWarnAfterDays: 'Warn about the backup after (days)',
  backupWarnHint: 'The dashboard warns when the last backup is older than this: 1 to 90 days (Art. 13(7)).',
  reviewDueDay: 'Monthly review due (day of the next month)',
  reviewDueHint: 'Last month is reviewed and signed by this day of the month. 1 to 28 (10 by default).',
  submit: 'Save',
  done: 'Settings saved.',
  sites: 'Sites',
  siteCode: 'Code',
  siteName: 'Name',
  siteKind: 'Kind',
  kinds: {
    head: 'Head office',
    branch: 'Site',
  },
  errors: {
    idle_range: 'Choose between 1 and 10 minutes.',
    backup_warn_range: 'Choose between 1 and 90 days.',
    review_due_range: 'Enter a day from 1 to 28.',
  },
};
