import { PassphraseKeyStore } from '../../electron/core';

/** The passphrase test stations keep their vault under (their signing key, a door terminal's queue key). */
export const STATION_PASSPHRASE = 'Tobira-Kagi-Station-5182';

/** A station folder's key store, as `daicho station` makes it: the folder's passphrase. */
export const stationKeys = (dir: string) => new PassphraseKeyStore(dir, STATION_PASSPHRASE);
