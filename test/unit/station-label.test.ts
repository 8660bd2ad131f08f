import { describe, expect, it } from 'vitest';
import { stationLabel } from '../../renderer/src/components/StationName';
import { translate, type MessageKey } from '../../shared/i18n';

// A station as people read it, in the real catalogs: a door started at a desk PC or in a desk's
// browser says so, before and after the administrator names it (an insider probe: renamed
// 「サーバルーム入口」, its records read as the site's own door).
const ja = (key: MessageKey, params?: Record<string, string | undefined>) => translate('ja', key, params as Record<string, string>);
const en = (key: MessageKey, params?: Record<string, string | undefined>) => translate('en', key, params as Record<string, string>);

describe('stationLabel', () => {
  it('says a door started in a desk browser or at a desk PC, by its site, or after the name it was given', () => {
    expect(stationLabel(ja, 'terminal:HQ:browser:vm', null)).toBe('入退室端末（HQ）・ブラウザ（vm）で起動');
    expect(stationLabel(ja, 'terminal:HQ:browser:vm', 'サーバルーム入口')).toBe('サーバルーム入口・ブラウザ（vm）で起動');
    expect(stationLabel(en, 'terminal:HQ:browser:vm', 'Server room door')).toBe('Server room door, started at Browser (vm)');
    expect(stationLabel(ja, 'terminal:NGY:desk:pc12', 'サーバルーム入口')).toMatch(/^サーバルーム入口・.*pc12.*で起動$/);
  });
  it('gives any other station its name as given, or what its id says', () => {
    expect(stationLabel(ja, 'terminal:HQ:door-pc', 'サーバルーム入口')).toBe('サーバルーム入口');
    expect(stationLabel(ja, 'terminal:HQ:door-pc', null)).toBe('入退室端末（HQ）');
    expect(stationLabel(ja, 'browser:pc12', '総務の机')).toBe('総務の机');
  });
});
