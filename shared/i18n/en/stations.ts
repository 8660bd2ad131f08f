import type { Catalog } from '..';

export const stations: Catalog['stations'] = {
  title: 'Station names',
  lead: 'Give the stations that record a name to show in the ledgers and histories (e.g. General affairs desk PC, Server-room door). A station without a name is shown by its kind and computer name.',
  id: 'Station ID',
  name: 'Name',
  firstSeen: 'First record',
  shownAs: 'Shown as',
  save: 'Save',
  reason: 'Reason for the change (optional)',
  saved: 'The station name was saved.',
  empty: 'No station has recorded anything yet.',
  errors: {
    name_taken: 'Another station already has this name. Give each station its own name.',
  },
  kinds: {
    door: 'Door terminal',
    doorAt: 'Door terminal ({{site}})',
    doorAtDesk: 'Door terminal ({{site}}), started at {{desk}}',
    namedAtDesk: '{{name}}, started at {{desk}}',
    desk: 'Desk PC ({{host}})',
    browser: 'Browser ({{host}})',
    cli: 'Command line ({{host}})',
    system: 'System',
  },
};
