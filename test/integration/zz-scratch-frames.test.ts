import fs from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { jst, serverRoomFixture, MIN } from './server-room-fixture';

it('frames', async () => {
  const f = await serverRoomFixture();
  const db = f.d.store.db;
  const file = db.name;
  const wal = `${file}-wal`;
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const save = (i: number) => f.clerk.ok('serverRoom.record', {
    siteId: f.hq.id, personId: [f.yamada.id, f.sasaki.id][i % 2], enteredAt: jst('2026-11-20', '08:00', 0).replace('T', 'T').slice(0, 0) + new Date(Date.parse(jst('2026-11-10', '08:00')) + i * 40 * MIN).toISOString(),
    exitedAt: new Date(Date.parse(jst('2026-11-10', '08:00')) + i * 40 * MIN + 35 * MIN).toISOString(), purpose: 'vendor_witness',
    companions: { employees: [], visitors: [{ name: '高橋 誠', company: '株式会社ネクストシステムズ', escortPersonId: [f.yamada.id, f.sasaki.id][i % 2] }] },
    itemsIn: '交換用HDD 1台', itemsOut: '故障HDD 1台（データ消去後返却）', notes: 'RAIDディスク交換の立会い',
  });
  for (let i = 0; i < 10; i++) await save(i);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const N = 40;
  for (let i = 10; i < 10 + N; i++) await save(i);
  const buf = fs.readFileSync(wal);
  const frames: number[] = [];
  for (let off = 32; off + 24 + pageSize <= buf.length; off += 24 + pageSize) frames.push(buf.readUInt32BE(off));
  const names = new Map<number, string>();
  for (const r of db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[]) names.set(r.pageno, r.name);
  const by = new Map<string, number>();
  for (const p of frames) by.set(names.get(p) ?? `?${p}`, (by.get(names.get(p) ?? `?${p}`) ?? 0) + 1);
  console.log('frames per save', (frames.length / N).toFixed(1), path.basename(wal));
  console.log([...by].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / N).toFixed(2)}`).join('\n'));
  f.d.close();
});
