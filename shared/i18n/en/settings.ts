import type { settings as ja } from '../ja/settings';

export const settings: typeof ja = {
  title: 'Settings',
  lead: 'Company details and the screen lock.',
  companyName: 'Company name',
  idleLockMinutes: 'Lock the screen after (minutes)',
  idleLockHint: 'The screen locks after this long without input: 1 to 10 minutes (Art. 11(4)).',
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
  },
};
