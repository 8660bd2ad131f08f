import type { Catalog } from '..';

export const common: Catalog['common'] = {
  appName: 'Daicho',
  appSubtitle: 'Security ledgers',
  listSeparator: ', ',
  choose: 'Choose…',
  language: {
    label: 'Language',
    ja: '日本語',
    en: 'English',
  },
  actions: {
    cancel: 'Cancel',
    close: 'Close',
    back: 'Back',
    next: 'Next',
    search: 'Search',
    reload: 'Reload',
    print: 'Print',
  },
  discard: {
    message: 'What you typed is not saved yet. Closing loses it.',
    confirm: 'Close without saving',
    keep: 'Back to the form',
  },
  loading: 'Loading…',
  reasonHint: 'The reason is kept in the history.',
  pager: {
    total: 'Total: {{total}}',
    range: ' (showing {{from}}–{{to}})',
    page: 'Page {{page}} of {{pages}}',
    first: 'First page',
    prev: 'Previous page',
    next: 'Next page',
    last: 'Last page',
    pageSize: 'Rows per page',
    perPage: '{{count}} rows',
  },
  roles: {
    staff: 'Staff',
    clerk: 'Clerk',
    site_head: 'Site head',
    safety_manager: 'Safety manager',
    sysadmin: 'System administrator',
  },
  roleHints: {
    staff: 'Records own server-room visits and checkouts',
    clerk: 'Keeps the ledgers and registers',
    site_head: "Reviews the ledgers of the site (the safety manager sets the sites)",
    safety_manager: 'Reviews and approves every ledger; approves privileged grants',
    sysadmin: 'Accounts, settings and backups',
  },
};
