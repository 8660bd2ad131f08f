import type { Catalog } from '..';

export const print: Catalog['print'] = {
  unsigned: 'Not reviewed',
  void: 'Void',
  amended: 'Corrected',
  digest: 'Seal digest',
  printedBy: 'Printed by',
  page: 'Page',
  none: 'No records this month.',
};
