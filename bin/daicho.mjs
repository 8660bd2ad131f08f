#!/usr/bin/env node
// The `daicho` command. The TypeScript sources are bundled by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/node/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  console.error('daicho: not built yet — run "npm run build" first. / 先に npm run build を実行してください。');
  process.exit(2);
}
await import(pathToFileURL(cli).href);
