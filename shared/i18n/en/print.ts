import type { Catalog } from '..';

export const print: Catalog['print'] = {
  back: 'Back to the monthly review',
  title: 'Print {{ledger}} ({{site}}, {{month}})',
  lead: 'Prints or saves a PDF in the form of the paper ledger (A4 landscape). Every print and export is recorded.',
  print: 'Print…',
  csv: 'Save as CSV',
  pdf: 'Save as PDF',
  bundle: 'Save all ledgers of this month as one PDF',
  saved: '{{file}} saved.',
  errors: {
    no_pdf: 'PDFs cannot be made here (no Chromium was found). Use “Print…” and choose “Save as PDF” in the print dialog.',
  },
  preview: 'Print preview',
  open: 'Print or export',
  printMonth: 'Print or export',
  keys: 'Signing keys',
  state: 'Status',
  key: '{{name}} (fingerprint {{fingerprint}})',
  keyRevoked: '— revoked {{date}} ({{reason}})',
  unsigned: 'Not reviewed',
  void: 'Void',
  amended: 'Corrected',
  digest: 'Seal digest',
  printedBy: 'Printed by',
  page: 'Page',
  none: 'No records this month.',
};
