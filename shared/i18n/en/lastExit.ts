import type { Catalog } from '..';

export const lastExit: Catalog['lastExit'] = {
  title: 'Last-exit checklist',
  lead: 'The last person to leave a site checks the locks, lights and more every business day (Safety Rules Art. 9).',
  fields: {
    site: 'Site',
    businessDay: 'Business day',
    exitedAt: 'Left at',
    lastPerson: 'Last person out',
    items: 'Items',
    notes: 'Notes',
  },
  anomaly: {
    ng_items: 'NG items ({{count}})',
    recorded_late: 'Recorded over 24 h late',
  },
  errors: {
    ng_remark: 'For an NG item, say what was wrong and what was done.',
    item_twice: 'The same item appears twice.',
    no_items: 'Set at least one item.',
    already_recorded: 'This site’s checklist for {{day}} is already recorded. To change it, correct that record.',
    day_in_future: 'A day that has not come yet cannot be recorded.',
    exit_not_that_day: 'The time left must be on that business day or the next morning.',
  },
  form: {
    items: 'Items',
    ok: 'OK',
    ng: 'NG',
    remark: 'What was wrong, what was done',
    warningsTitle: 'Still open or inside',
    openCabinet: '{{cabinet}} is open ({{openedBy}}, since {{since}})',
    inServerRoom: '{{person}} is in the server room (since {{since}})',
    visitorInside: 'Visitor {{name}} ({{company}}) has not signed out (since {{since}})',
    noWarnings: 'No cabinet is open, nobody is in the server room, and no visitor is inside.',
  },
  missing: {
    title: 'Last-exit checklists missing (this month)',
    none: 'Every business day this month is recorded.',
    link: 'To the last-exit checklist',
  },
  calendar: {
    nav: 'Business-day calendar',
    title: 'Business-day calendar (per site)',
    lead: 'Days off besides weekends and national holidays (company holidays), and weekend or holiday days worked. Every ledger’s anomaly rules judge by them. Each day is judged by the calendar as it stood when the day began (a day made a holiday on the day or afterwards keeps its missing checklist).',
    site: 'Site',
    companyHolidays: 'Company holidays',
    workedHolidays: 'Days worked (weekends, holidays)',
    hint: 'One day a line, as “2026-12-29”.',
    reason: 'Reason for the change',
    save: 'Save',
    saved: 'The business-day calendar was saved.',
  },
};
