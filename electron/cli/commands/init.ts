import { openDaicho } from '../../core';
import { CliError, EXIT } from '../errors';
import { hasData, keyStoreToCreate, type UnlockArgs } from '../unlock';

/** `daicho init`: a new key and an empty encrypted database. Never touches existing data. */
export async function initCommand(args: UnlockArgs): Promise<number> {
  if (hasData(args.dataDir))
    throw new CliError(`There is already Daicho data in ${args.dataDir}; nothing was changed. / このフォルダには既にデータがあります。`);
  const keyStore = await keyStoreToCreate(args);
  const daicho = await openDaicho({ dataDir: args.dataDir, keyStore, create: true });
  daicho.close();
  console.log(`Created new Daicho data in ${args.dataDir} / 新しいデータを作成しました`);
  console.log(keyStore.kind === 'raw-key-file' ? `  key: raw key file ${args.rawKeyFile}` : '  key: wrapped by your passphrase (key.json)');
  console.log(`Next: daicho serve --data ${args.dataDir}   (the first-time setup runs in the browser)`);
  return EXIT.ok;
}
