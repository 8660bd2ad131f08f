import type { history as ja } from '../ja/history';

export const history: typeof ja = {
  title: 'History',
  subtitle: 'History of {{name}} ({{employeeNo}})',
  lead: 'Every version recorded, oldest first. Changed fields show “before → after”.',
  version: 'Version {{n}}',
  current: 'Current',
  at: 'When',
  by: 'By',
  station: 'Station',
  reason: 'Reason',
  noReason: '(no reason)',
  changed: 'Changed fields',
  before: 'Before',
  after: 'After',
  field: 'Field',
  value: 'Value',
  empty: 'No history.',
  unknownActor: '(unknown)',
  system: 'System',
  actions: {
    people_add: 'Registered',
    people_amend: 'Corrected',
    people_deactivate: 'Deactivated',
    people_reactivate: 'Reactivated',
  },
};
