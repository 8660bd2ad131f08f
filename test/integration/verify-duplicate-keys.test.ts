import { describe, expect, it } from 'vitest';
import { hashJournalRow, type JournalRow } from '../../electron/core/journal/journal';
import { canonicalJson } from '../../electron/core/journal/canonical';
import { hasDuplicateKeys, readJson, readObject } from '../../electron/core/journal/verify-json';
import { parseMembers } from '../../electron/core/review/seal';
import { pastJournalGuards } from '../helpers/temp-daicho';
import { sealedOctober } from './review-fixture';

// An insider probe of 2026-12-05: a JSON object that names a key twice is read one way by SQLite's JSON
// functions (the first) and another by JSON.parse (the last). A seal's list of sealed rows with a
// decoy list first and the signed one last: verify's SQL read the decoy, the signature check the signed
// list, and a sealed stay changed without its 封印後修正 mark passed. An approval naming the registered
// key first and the forging one last passed `verify --keys`. Daicho never writes a key twice.

type Db = Parameters<typeof pastJournalGuards>[0];

/** Append a chained row: `after` as given, the rest as the entity's last row. */
function chain(db: Db, entity: string, id: string, after: string, action: string) {
  const last = db.prepare('SELECT * FROM journal WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1').get(entity, id) as JournalRow;
  const head = db.prepare('SELECT * FROM journal ORDER BY seq DESC LIMIT 1').get() as JournalRow;
  const row = { ...last, seq: head.seq + 1, prev_hash: head.hash, at: new Date('2026-11-06T01:00:00.000Z').toISOString(), action, after, reason: '訂正' };
  db.prepare('INSERT INTO journal (seq, at, actor, station, kind, action, entity, entity_id, before, after, reason, prev_hash, hash) VALUES (@seq, @at, @actor, @station, @kind, @action, @entity, @entity_id, @before, @after, @reason, @prev_hash, @hash)').run({ ...row, hash: hashJournalRow(row) });
}

describe('a JSON key named twice', () => {
  it('is found at any depth, escaped or not; one named once in separate objects is not', () => {
    for (const t of ['{"a":1,"a":2}', '{"x":{"k":1,"k":1}}', '[{"a":1},{"b":[{"c":1,"c":2}]}]', '{"a":1,"\\u0061":2}', '{"s":"\\"a\\":","a":1,"a":2}']) expect(hasDuplicateKeys(t), t).toBe(true);
    for (const t of ['{"a":1,"b":{"a":2}}', '[{"a":1},{"a":2}]', '{"s":"a,a","a":"{\\"a\\":1}"}', '{}', '[]', '"a"', '{"a":[1,{"a":2}]}']) expect(hasDuplicateKeys(t), t).toBe(false);
    expect(readObject('{"keyId":"k1","keyId":"k2"}')).toBeNull();
    expect(readJson('{"a":{"b":1,"b":2}}')).toBeUndefined();
    expect(readObject('{"keyId":"k1"}')).toEqual({ keyId: 'k1' });
  });

  it("a seal's list of sealed rows only as the seal wrote it: a decoy list first and a sealed stay changed without its mark are named", async () => {
    const { a, kimura, d } = await sealedOctober();
    const db = d.store.db as Db;
    const seal = db.prepare('SELECT id, members FROM seals').get() as { id: string; members: string };
    const real = parseMembers(seal.members)!;
    expect(real).not.toBeNull();
    const stayRows = new Set((db.prepare("SELECT seq FROM journal WHERE entity = 'server_room_stays' AND entity_id = ?").all(a.id) as { seq: number }[]).map((r) => r.seq));
    const decoy = real.records.filter((s) => !stayRows.has(s));
    const twice = `{"records":${JSON.stringify(decoy)},"dispositions":${JSON.stringify(real.dispositions)},"records":${JSON.stringify(real.records)}}`;
    pastJournalGuards(db, () => {
      // The seal's row rewritten (its journal form too), then the sealed stay given another person, unmarked.
      db.prepare('UPDATE seals SET members = ? WHERE id = ?').run(twice, seal.id);
      const sealAfter = JSON.parse((db.prepare("SELECT after FROM journal WHERE entity = 'seals' AND entity_id = ? ORDER BY seq DESC LIMIT 1").get(seal.id) as { after: string }).after) as Record<string, unknown>;
      chain(db, 'seals', seal.id, canonicalJson({ ...sealAfter, members: twice }), 'review.sign');
      const stayAfter = JSON.parse((db.prepare("SELECT after FROM journal WHERE entity = 'server_room_stays' AND entity_id = ? ORDER BY seq DESC LIMIT 1").get(a.id) as { after: string }).after) as Record<string, unknown>;
      chain(db, 'server_room_stays', a.id, canonicalJson({ ...stayAfter, person_id: kimura.id }), 'serverRoom.amend');
      db.prepare('UPDATE server_room_stays SET person_id = ? WHERE id = ?').run(kimura.id, a.id);
    });
    expect(parseMembers(twice)).toBeNull();
    const v = d.verify();
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.problem)).toContainEqual(expect.stringMatching(/the seal of serverRoom .*: its list of sealed rows is unreadable/));
    d.close();
  });
});
