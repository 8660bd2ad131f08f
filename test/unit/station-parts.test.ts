import { describe, expect, it } from 'vitest';
import { describeStation } from '../../shared/stations';

// What a station id says in words (issue 6), and whether a door was started at a desk: an insider probe
// started the Nagoya door in a clerk's desk tab, and its records read as the door's.

describe('describeStation', () => {
  it('tells a door started at a desk PC or in a desk browser from an enrolled door and a PC in the door profile', () => {
    expect(describeStation('terminal:NGY:browser:vm')).toEqual({ kind: 'door', site: 'NGY', host: 'vm', startedAt: 'browser' });
    expect(describeStation('terminal:HQ:desk:HQ-PC')).toEqual({ kind: 'door', site: 'HQ', host: 'HQ-PC', startedAt: 'desk' });
    expect(describeStation('terminal:HQ:lan:0a0b0c0d')).toEqual({ kind: 'door', site: 'HQ', host: '0a0b0c0d' });
    expect(describeStation('terminal:HQ:terminal:door-pc')).toEqual({ kind: 'door', site: 'HQ', host: 'door-pc' });
    expect(describeStation('browser:vm')).toEqual({ kind: 'browser', host: 'vm' });
  });
});
