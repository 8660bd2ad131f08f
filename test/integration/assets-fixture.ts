import { jst, serverRoomFixture } from './server-room-fixture';

/** The server-room fixture with the clerk's account linked to 田中, a laptop (approval needed) and an SD card (none), and a checkout's fields. */
export async function assetFixture() {
  const f = await serverRoomFixture();
  // An approver's account says which person they are (so the borrower cannot approve their own).
  const tanaka = f.tanaka; // the clerk's person (server-room-fixture.ts)
  const laptop = await f.clerk.ok('assets.add', { assetTag: 'PC-001', kind: 'laptop', model: 'Panasonic CF-SV1', serial: 'SV1-0001', siteId: f.hq.id, storagePlace: '総務部キャビネットB', encrypted: true, notes: null });
  const card = await f.clerk.ok('assets.add', { assetTag: 'SD-001', kind: 'sd_card', model: 'SanDisk 64GB', serial: null, siteId: f.hq.id, storagePlace: '総務部キャビネットB', encrypted: false, notes: null });
  const base = (assetId: string, borrowerId: string) => ({ assetId, borrowerId, purpose: '顧客先での説明', destination: '株式会社サンプル', checkedOutAt: jst('2026-11-24', '10:00'), dueAt: jst('2026-11-25', '18:00'), notes: null });
  return { ...f, laptop, card, base, tanaka };
}
