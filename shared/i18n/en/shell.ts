import type { Catalog } from '..';

export const shell: Catalog['shell'] = {
  skipToContent: 'Skip to content',
  nav: {
    label: 'Main menu',
    dashboard: 'Dashboard',
    people: 'People register',
    accounts: 'Accounts',
    settings: 'Settings',
    groupLedgers: 'Ledgers',
    groupRegisters: 'Registers',
    groupAdmin: 'Administration',
  },
  user: {
    menu: 'User menu',
    changePassword: 'Change password',
    signOut: 'Sign out',
  },
  dashboard: {
    title: 'Dashboard',
    greeting: 'Welcome, {{name}}.',
    today: 'Today',
    yourRoles: 'Your roles',
    activePeople: 'Active people in the register',
    peopleCount: '{{count}}',
    openPeople: 'Open the people register',
    idleLock: 'The screen locks itself after {{minutes}} minutes without input.',
    clock: {
      lead: 'The system clock was found set back, earlier than the ledger’s last record.',
      item: '{{at}} ({{station}}, {{actor}}): {{behind}} earlier than the ledger’s last record at {{last}}.',
      minutes: '{{minutes}} min',
      hours: '{{hours}} h {{minutes}} min',
      days: '{{days}} d {{hours}} h',
      hoursOnly: '{{hours}} h',
      daysOnly: '{{days}} d',
      todo: 'Check the times of the records written then, and correct them where needed. Check the computer’s clock settings too.',
    },
    witness: {
      lead: 'This ledger data no longer holds records that a station has seen.',
      cut: '{{reported}}: station “{{station}}” saw the records reach #{{seen}} ({{seenAt}}), but this data ends at #{{journal}}. It was put back to an older copy, or records were removed.',
      rewritten: '{{reported}}: the records up to #{{seen}} ({{seenAt}}) that station “{{station}}” saw have been rewritten since. Data put back to an older copy and then written to shows this too.',
      todo: 'Unless the data was restored from a backup, this may be tampering. The system administrator checks it with the witness.json in that station’s folder (daicho verify --witness witness.json). If it was restored from a backup, the records after it are lost.',
    },
  },
  notFound: 'Page not found.',
  pageFailed: {
    lead: 'This screen could not be shown. Records already saved are kept.',
    todo: 'Go to another screen from the menu on the left, or reload. If it keeps happening, tell the system administrator.',
    reload: 'Reload',
  },
  forbidden: 'You are not allowed to see this page.',
  offline: 'Cannot reach the server. Please try again shortly.',
};
