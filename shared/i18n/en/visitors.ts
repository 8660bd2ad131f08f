import type { Catalog } from '..';

export const visitors: Catalog['visitors'] = {
  title: 'Visitor reception',
  lead: 'One record per visitor. Beyond the reception room a visitor needs a guest card and, unless the company representative designated them, an escort (Safety Rules Art. 5, 8).',
  fields: {
    site: 'Site',
    name: 'Name',
    company: 'Company',
    purpose: 'Purpose',
    host: 'Host (employee)',
    area: 'Area',
    guestCard: 'Guest card',
    escort: 'Escort',
    designatedBy: 'Designated by',
    arrivedAt: 'Arrived',
    leftAt: 'Left',
    cardReturnedAt: 'Card returned',
  },
  values: {
    area: { reception: 'Reception room only', office: 'Offices and beyond' },
  },
  filters: {
    left: { label: 'Leaving', set: 'Left', unset: 'Inside' },
  },
  anomaly: {
    card_not_returned: 'Card not returned',
    no_exit_time: 'No sign-out recorded that day',
    beyond_reception_unaccompanied: 'Beyond reception without escort or card',
    inside_after_hours: 'Inside after hours',
  },
  errors: {
    card_required: 'A visitor going beyond the reception room needs a guest card.',
    escort_required: 'A visitor going beyond the reception room needs an escort (unless the company representative designated them).',
    card_not_available: 'This guest card cannot be lent: it is “{{state}}”.',
    card_other_site: 'This guest card belongs to another site.',
    already_left: 'This visitor has already left.',
    left_before_arrival: 'The time left must be after the arrival.',
  },
  signOut: {
    action: 'Sign out',
    title: 'Sign a visitor out',
    lead: 'Record that {{name}} ({{company}}) left.',
    leftAt: 'Left at',
    cardReturned: 'Guest card {{card}} was returned',
    submit: 'Sign out',
    done: '{{name}} was signed out.',
    now: 'Sign out',
  },
  inside: {
    title: 'Visitors inside now',
    empty: 'No visitor is inside.',
    cardsOut: 'Guest cards out: {{count}}',
    since: 'since {{time}}',
    link: 'To visitor reception',
  },
  cards: {
    title: 'Guest cards',
    lead: 'The guest cards and their state (in stock, lent, lost). Lending and returns follow visitor reception.',
    fields: { number: 'Card no.', site: 'Site', state: 'State' },
    values: { state: { in_stock: 'In stock', lent: 'Lent', lost: 'Lost' } },
    errors: {
      number_taken: 'This card number is already registered.',
      state_while_lent: 'A lent card changes state when its visitor signs out.',
      state_by_visit: '“Lent” is recorded by visitor reception.',
    },
  },
};
