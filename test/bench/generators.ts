import type { Generator } from './dataset';

const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田'];
const FAMILY_KANA = ['サトウ', 'スズキ', 'タカハシ', 'タナカ', 'イトウ', 'ワタナベ', 'ヤマモト', 'ナカムラ', 'コバヤシ', 'カトウ', 'ヨシダ', 'ヤマダ'];
const GIVEN = ['健一', '陽子', '大輔', '美穂', '翔太', '直樹', '花子', '拓也', '由美', '誠'];
const GIVEN_KANA = ['ケンイチ', 'ヨウコ', 'ダイスケ', 'ミホ', 'ショウタ', 'ナオキ', 'ハナコ', 'タクヤ', 'ユミ', 'マコト'];
const DEPARTMENTS = ['総務部', '情報システム部', '営業部', '経理部', '開発部'];

/** SPEC §10: 150 people over 3 sites — through the API, like a clerk typing them in. */
export const peopleGenerator: Generator = {
  name: 'people register (through the API)',
  async generate(ds, _budget, progress) {
    for (let i = 0; i < ds.opts.people; i++) {
      ds.clock.at = ds.from.getTime() + i * 1000;
      const p = await ds.caller.ok('people.add', {
        name: `${FAMILY[i % FAMILY.length]} ${GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]}`,
        kana: `${FAMILY_KANA[i % FAMILY.length]} ${GIVEN_KANA[Math.floor(i / FAMILY.length) % GIVEN.length]}`,
        employeeNo: `G${String(i + 1).padStart(5, '0')}`,
        department: DEPARTMENTS[i % DEPARTMENTS.length],
        siteId: ds.sites[i % ds.sites.length].id,
        cardNo: `BC${String(i + 1).padStart(8, '0')}`,
        serverRoomAuthorized: i % 4 === 0,
      });
      ds.personIds.push(p.id);
      if (i % 50 === 0) progress(i);
    }
    return 0; // the register is not counted as ledger records
  },
};

/**
 * Stand-in until every ledger has a generator: the remaining record volume as journal rows
 * (one hash-chained row per record, with a record-sized payload), written through Store.write in
 * batches so the chain is real. Replace its share as ledgers add their own generators.
 */
export const journalFiller: Generator = {
  name: 'ledger-record stand-in (journal rows)',
  async generate(ds, budget, progress) {
    const BATCH = 5000;
    const span = ds.to.getTime() - ds.from.getTime() - 86_400_000;
    const start = ds.from.getTime() + 86_400_000;
    let done = 0;
    while (done < budget) {
      const n = Math.min(BATCH, budget - done);
      const batchAt = start + Math.floor((span * (done + n)) / budget);
      ds.clock.at = batchAt;
      ds.daicho.store.write({ actor: 'bench', station: 'bench' }, (tx) => {
        for (let i = 0; i < n; i++) {
          const k = done + i;
          const site = ds.sites[k % ds.sites.length];
          const person = ds.personIds[k % ds.personIds.length] ?? null;
          const occurred = new Date(batchAt - (n - i) * 60_000).toISOString();
          tx.event('bench.record', 'bench_record', `r${k}`, {
            site: site.id, person, occurredAt: occurred, purpose: '保守点検', note: 'バックアップ媒体交換のため入室', companions: [], items: null,
          });
        }
      });
      done += n;
      if (done % 50_000 < BATCH) progress(done);
    }
    return done;
  },
};
