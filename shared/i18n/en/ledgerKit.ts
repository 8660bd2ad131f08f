import type { Catalog } from '..';

export const ledgerKit: Catalog['ledgerKit'] = {
  actions: {
    add: 'Record',
    amend: 'Correct',
    void: 'Void',
    history: 'History',
  },
  filters: {
    label: 'Filter records',
    search: 'Search records',
    month: 'Month',
    site: 'Site',
    allSites: 'All sites',
    status: 'Record status',
    valid: 'Valid records',
    void: 'Voided records',
    all: 'All',
    anomaliesOnly: 'Only records with anomalies',
  },
  columns: {
    marks: 'Status and anomalies',
    actions: 'Actions',
  },
  empty: 'No records match.',
  voided: 'Void',
  amended: 'Corrected {{count}}×',
  yes: 'Yes',
  no: 'No',
  form: {
    addTitle: '{{ledger}}: new record',
    amendTitle: '{{ledger}}: correct a record',
    amendLead: 'Only the fields you change are corrected. What they said before stays in the history.',
    reason: 'Reason for the correction',
    submitAdd: 'Record',
    submitAmend: 'Correct',
    amendExisting: 'Correct that record',
    added: 'Recorded.',
    amended: 'Corrected.',
  },
  void: {
    title: 'Void a record',
    lead: 'The record {{record}} will be voided. It is not deleted: it stays, struck through.',
    reason: 'Reason for voiding',
    submit: 'Void',
    done: 'The record was voided.',
  },
  history: {
    title: 'Record history',
    subtitle: '{{ledger}}: {{record}}',
    lead: 'What was recorded each time the record was made, corrected or voided. Changed fields show “before → after”.',
    status: 'Status',
    voidReason: 'Reason for voiding',
    actions: {
      add: 'Recorded',
      amend: 'Corrected',
      void: 'Voided',
    },
  },
  errors: {
    erased: 'This record’s personal data was erased after the retention period; it cannot be corrected.',
  },
};
