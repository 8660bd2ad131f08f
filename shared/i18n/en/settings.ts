import type { Catalog } from '..';

export const settings: Catalog['settings'] = {
  title: 'Settings',
  lead: 'Company details, the screen lock, backups, the monthly review’s due day and the stamp boxes of printed ledgers.',
  companyName: 'Company name',
  idleLockMinutes: 'Lock the screen after (minutes)',
  idleLockHint: 'The screen locks after this long without input: 1 to 10 minutes (Art. 11(4)).',
  backupWarnAfterDays: 'Warn about the backup after (days)',
  backupWarnHint: 'The dashboard warns when the last backup is older than this: 1 to 90 days (Art. 13(7)).',
  reviewDueDay: 'Monthly review due (day of the next month)',
  reviewDueHint: 'Last month is reviewed and signed by this day of the month. 1 to 28 (10 by default). A change applies from this month on; months already ended keep their due day.',
  stampLabels: 'Stamp boxes on printed ledgers',
  stampLabelsHint: 'Left to right, 2 to 5, separated by 、 or commas. The last box takes the approval, the one before it the check.',
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
    stamp_labels: 'Give 2 to 5 box names of 1 to 6 characters, separated by 、 or commas.',
    stamp_labels_distinct: 'Give each stamp box a name of its own: none blank, none twice.',
    stamp_labels_placeholder: 'Give each stamp box a name in words, not only marks (e.g. Clerk, Checked, Manager).',
  },
};
