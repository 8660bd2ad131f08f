import type { Catalog } from '..';

export const print: Catalog['print'] = {
  back: 'Back to the monthly review',
  title: 'Print {{ledger}} ({{site}}, {{month}})',
  lead: 'Prints in the form of the paper ledger (A4 landscape). Choose “Save as PDF” in the print dialog for a PDF. Every print and export is recorded.',
  print: 'Print…',
  csv: 'Save as CSV',
  preview: 'Print preview',
  open: 'Print or export',
  printMonth: 'Print or export',
  keys: 'Signing keys',
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
