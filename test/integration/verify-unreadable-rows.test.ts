import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JournalAppender, type JournalEntry } from '../../electron/core/journal/journal';
import { verifyData, type VerifyResult } from '../../electron/core/journal/verify';
import { verifyInWorkers } from '../../electron/core/journal/verify-workers';
import { erasureApprovalStatement, retentionCutoff, shortenApprovalStatement, type ErasureApproval } from '../../electron/core/retention-rules';
import { openSigningKey } from '../../electron/core/review/keys';
import { sign, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../electron/core/journal/canonical';
import { openRaw, SETUP, tempDir } from '../helpers/temp-daicho';
import { disposeAll, october, shown } from './review-fixture';

// SPEC §8, insider probes of the journal verifier: someone holding the database key chains rows that
// verify reads field by field — a schema row, a retention act, an erasure, a change of a sealed
// record, a seal, a signing key, an account, a setting — with an `after` that is not JSON, or JSON of
// another shape. Verify stopped with an unexpected error on some, and passed others by unread (a
// schema.change outside any upgrade). Each must be named at its sequence number, in one thread and
// in the workers alike, never thrown on.

/** Values that are no object, or not JSON at all. */
const NOT_OBJECTS = ['{bad', '[]', '[{"from":40,"to":41}]', '5', 'null', '"text"', 'true'];

interface Data {
  file: string;
  key: string;
  ids: { admin: string; sm: string; clerk: string; stay: string; seal: string; signingKey: string };
  /** The sealed stay's journal form as the table has it now. */
  stayForm: string;
  /** The safety manager's private signing key (ids.signingKey): an erasure act's approval "as the app writes it" is signed with it. */
  smKey: KeyObject;
}

let data: Data;

/** October signed off at the head office (its stays sealed), the data closed; each case works on a copy. */
beforeAll(async () => {
  const f = await october();
  const { d, sm, unit, accountId } = f;
  await disposeAll(sm, unit);
  await sm.ok('review.sign', { ...unit, password: SETUP.safetyManager.password, meaning: 'approve', shownHead: await shown(sm, unit) });
  expect(d.verify()).toMatchObject({ ok: true });
  const db = d.store.db;
  const seal = db.prepare('SELECT id, key_id FROM seals').get() as { id: string; key_id: string };
  const stayForm = db.prepare("SELECT after FROM journal WHERE kind = 'row' AND entity = 'server_room_stays' AND entity_id = ? ORDER BY seq DESC LIMIT 1").pluck().get(f.ok.id) as string;
  const smKey = (await openSigningKey(d.store, accountId(SETUP.safetyManager.loginId), SETUP.safetyManager.password)).key;
  data = {
    file: path.join(d.dataDir, 'daicho.db'), key: fs.readFileSync(d.keyFile, 'utf8').trim(), stayForm, smKey,
    ids: { admin: accountId(SETUP.sysadmin.loginId), sm: accountId(SETUP.safetyManager.loginId), clerk: accountId('tanaka.clerk'), stay: f.ok.id, seal: seal.id, signingKey: seal.key_id },
  };
  d.close();
}, 60_000);

const AT = '2026-11-06T01:00:00.000Z';

type Db = ReturnType<typeof openRaw>;

/**
 * Append rows to a copy of the data as the key holder would (chained with the app's own appender;
 * `tables`: the table rows changed with them); their seqs, and verify of it in one thread and in workers.
 */
/** A row to chain: its `after` may be made from the hash of the row before it (a signature over its place in the chain). */
type ForgedRow = Omit<Partial<JournalEntry>, 'after'> & Pick<JournalEntry, 'action' | 'entity'> & { after?: string | null | ((prevHash: string) => string) };

async function forged(rows: ForgedRow[], tables?: (db: Db) => void): Promise<{ seqs: number[]; results: VerifyResult[] }> {
  const dir = tempDir('daicho-unreadable-');
  const file = path.join(dir, 'daicho.db');
  fs.copyFileSync(data.file, file);
  const db = openRaw(file, data.key);
  const j = new JournalAppender(db);
  const seqs = rows.map(
    (r) => j.append({ at: AT, actor: data.ids.admin, station: 'desk', kind: 'event', entity_id: null, before: null, reason: null, ...r, after: typeof r.after === 'function' ? r.after(j.head().hash) : (r.after ?? null) }).seq,
  );
  tables?.(db);
  let oneThread: VerifyResult;
  try {
    oneThread = verifyData(db);
  } finally {
    db.close();
  }
  const workers = await verifyInWorkers({ file, key: Buffer.from(data.key, 'hex') });
  return { seqs, results: [oneThread, workers] };
}

/** Each seq is named by both verifies. */
function expectNamed(out: { seqs: number[]; results: VerifyResult[] }, pattern?: RegExp): void {
  for (const [i, r] of out.results.entries()) {
    const at = (seq: number) => r.problems.filter((p) => p.seq === seq).map((p) => p.problem);
    expect(r.ok, `${i === 0 ? 'one thread' : 'workers'}`).toBe(false);
    for (const seq of out.seqs) {
      expect(at(seq), `${i === 0 ? 'one thread' : 'workers'}: seq ${seq} named`).not.toEqual([]);
      if (pattern) expect(at(seq).join('\n'), `${i === 0 ? 'one thread' : 'workers'}: seq ${seq}`).toMatch(pattern);
    }
  }
  expect(out.results[1].problems).toEqual(out.results[0].problems);
}

/**
 * A retention act's start as the app writes it (retention.ts startAct): what it states, with the safety
 * manager's signature over that, its time, administrator and reason and the hash of the row before it.
 */
const appStart = (stated: Record<string, unknown>, actor = data.ids.admin, reason: string | null = null): ForgedRow => ({
  actor, action: 'retention.erase.start', entity: 'server_room_stays', reason,
  after: (prevHash) => {
    const keyId = data.ids.signingKey;
    const statement = erasureApprovalStatement({ ...(stated as Pick<ErasureApproval, 'ledger' | 'cutoff' | 'years' | 'records' | 'approvedBy'>), table: 'server_room_stays', adminId: actor, reason, at: AT, prevHash, keyId });
    return canonicalJson({ ...stated, keyId, signature: sign(null, statement, data.smKey).toString('base64') });
  },
});

const migration = (action: string, after: string) => ({ actor: 'migration', station: 'migration', kind: 'event' as const, action, entity: 'settings', after });

describe('journal rows verify reads, chained with values that cannot be read, are named at their seq (never thrown on)', () => {
  it('schema.migrate', async () => {
    const forms = [...NOT_OBJECTS, '{}', '{"from":"40","to":41}', '{"from":40}', '{"from":1.5,"to":2.5}', '{"from":40,"to":41,"name":7}'];
    expectNamed(await forged(forms.map((a) => migration('schema.migrate', a))), /schema\.migrate row whose values/);
  });

  it('schema.change, outside an upgrade or not (an insider probe: one not JSON verified as sound)', async () => {
    const forms = [...NOT_OBJECTS, '{}', '{"op":"add_column"}', '{"op":"rename_column","table":5,"from":"a","to":"b"}', '{"op":"drop_table"}', '{"op":"journal_format","format":"2"}', '{"op":"rewrite","table":"seals"}'];
    expectNamed(await forged(forms.map((a) => ({ ...migration('schema.change', a), entity: 'server_room_stays' }))), /schema\.change row whose values/);
  });

  it('retention.erase.start and retention.erase.done', async () => {
    const start = (after: string) => ({ action: 'retention.erase.start', entity: 'server_room_stays', after });
    const forms = [...NOT_OBJECTS, '{}', canonicalJson({ ledger: 'serverRoom', cutoff: 'soon', records: 0, years: 5, approvedBy: data.ids.sm }), canonicalJson({ ledger: 'serverRoom', cutoff: '2021-11-01', records: 0, years: '5', approvedBy: data.ids.sm })];
    expectNamed(await forged(forms.map(start)), /retention erasure/);
    // Its time, too: a start at a time that is none.
    expectNamed(await forged([{ ...start(canonicalJson({ ledger: 'serverRoom', cutoff: retentionCutoff(new Date(AT), 5).toISOString(), records: 0, years: 5, approvedBy: data.ids.sm })), at: 'tomorrow' }]), /time \(tomorrow\) cannot be read/);
    // Each end after a start as the app writes it (by the administrator, approved by the safety manager).
    const good = appStart({ ledger: 'serverRoom', cutoff: retentionCutoff(new Date(AT), 5).toISOString(), records: 0, years: 5, approvedBy: data.ids.sm });
    const ends = [...NOT_OBJECTS, '{}', canonicalJson({ ledger: 'serverRoom', erased: '0' }), canonicalJson({ ledger: 'visitors', erased: 0 }), canonicalJson({ ledger: 'serverRoom', erased: 3 })];
    const out = await forged(ends.flatMap((after) => [good, { action: 'retention.erase.done', entity: 'server_room_stays', after }]));
    const starts = out.seqs.filter((_, i) => i % 2 === 0);
    expectNamed({ ...out, seqs: out.seqs.filter((_, i) => i % 2 === 1) }, /end of a retention erasure/);
    for (const r of out.results) expect(r.problems.filter((p) => starts.includes(p.seq))).toEqual([]);
  });

  it('personal.erase of a sealed stay (an insider probe stopped verify with one)', async () => {
    const rows = [...NOT_OBJECTS, '{}'].map((after) => ({ kind: 'row' as const, action: 'personal.erase', entity: 'server_room_stays', entity_id: data.ids.stay, after }));
    expectNamed(await forged(rows));
  });

  it('a change of a sealed stay, followed by one as the table has it (an insider probe stopped verify with it)', async () => {
    const rows = NOT_OBJECTS.map((after) => ({ kind: 'row' as const, action: 'serverRoom.amend', entity: 'server_room_stays', entity_id: data.ids.stay, after }));
    const out = await forged([...rows, { kind: 'row', action: 'serverRoom.amend', entity: 'server_room_stays', entity_id: data.ids.stay, after: data.stayForm }]);
    expectNamed({ ...out, seqs: out.seqs.slice(0, -1) }, /cannot be read/);
  });

  it('a seal reopened, a signing key revoked, an account and a setting changed (each followed by one as the table has it)', async () => {
    const db = openRaw(data.file, data.key);
    const last = (entity: string, id: string) => db.prepare("SELECT after FROM journal WHERE kind = 'row' AND entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1").pluck().get(entity, id) as string;
    const cases = [
      { action: 'review.reopen', entity: 'seals', entity_id: data.ids.seal },
      { action: 'signing_keys.revoke', entity: 'signing_keys', entity_id: data.ids.signingKey },
      { action: 'accounts.setRoles', entity: 'accounts', entity_id: data.ids.sm },
      { action: 'settings.set', entity: 'settings', entity_id: 'company.name' },
    ].map((c) => ({ ...c, now: last(c.entity, c.entity_id) }));
    db.close();
    for (const c of cases) {
      const { now, ...row } = c;
      const out = await forged([...NOT_OBJECTS.map((after) => ({ ...row, kind: 'row' as const, after })), { ...row, kind: 'row' as const, after: now }]);
      expectNamed({ ...out, seqs: out.seqs.slice(0, -1) }, /holds values that cannot be read/);
    }
  });

  it('a personal-value commitment in a change of a table without personal fields (its lookup threw)', async () => {
    const db = openRaw(data.file, data.key);
    const site = db.prepare('SELECT id FROM sites LIMIT 1').pluck().get() as string;
    const now = db.prepare("SELECT after FROM journal WHERE kind = 'row' AND entity = 'sites' AND entity_id = ? ORDER BY seq DESC LIMIT 1").pluck().get(site) as string;
    db.close();
    const row = { kind: 'row' as const, action: 'sites.update', entity: 'sites', entity_id: site };
    const committed = canonicalJson({ ...(JSON.parse(now) as Record<string, unknown>), name: { $p: 'ab'.repeat(32) } });
    const out = await forged([{ ...row, after: committed }, { ...row, after: now }]);
    expectNamed({ ...out, seqs: [out.seqs[0]] }, /kept personal value of sites/);
  });
});

describe('a retention act is held to the period in force and to who may approve it (an insider probe: one year stated where five were set, verified as a proper erasure)', () => {
  const act = (over: Record<string, unknown>, actor = data.ids.admin) => {
    const years = (over.years as number | undefined) ?? 5;
    return appStart({ ledger: 'serverRoom', cutoff: retentionCutoff(new Date(AT), years).toISOString(), records: 0, years, approvedBy: data.ids.sm, ...over }, actor, '保存期間経過');
  };
  const done = (actor = data.ids.admin) => ({ actor, action: 'retention.erase.done', entity: 'server_room_stays', reason: '保存期間経過', after: canonicalJson({ ledger: 'serverRoom', erased: 0 }) });
  const startsOnly = (out: { seqs: number[]; results: VerifyResult[] }) => ({ ...out, seqs: out.seqs.filter((_, i) => i % 2 === 0) });

  it('as the app writes it, it verifies', async () => {
    const out = await forged([act({}), done()]);
    for (const r of out.results) expect(r).toMatchObject({ ok: true, problemCount: 0 });
  });

  it('a period other than the one set for its ledger (the default five years) is named', async () => {
    expectNamed(startsOnly(await forged([act({ years: 1 }), done(), act({ years: 7 }), done()])), /stating a period of \d+ years, where the period set for serverRoom was 5 years/);
  });

  it('an approver who could not approve it then, none, or the administrator himself, is named; so is an act by someone not an administrator', async () => {
    const out = await forged([act({ approvedBy: data.ids.clerk }), done(), act({ approvedBy: 'no-such-account' }), done(), act({ approvedBy: null }), done(), act({ approvedBy: data.ids.admin }), done()]);
    expectNamed(startsOnly(out), /approved by/);
    expectNamed(startsOnly(await forged([act({}, data.ids.clerk), done(data.ids.clerk)])), /who was not an active system administrator then/);
  });

  it('the ledger of another table, an end by someone else, and an erasure by someone else inside the act are named', async () => {
    expectNamed(startsOnly(await forged([act({ ledger: 'visitors' }), done()])), /stating the ledger visitors/);
    const out = await forged([act({}), done(data.ids.sm)]);
    expectNamed({ ...out, seqs: [out.seqs[1]] }, /end of a retention erasure .* is not its act's/);
    const inside = await forged([act({}), { actor: data.ids.sm, kind: 'row', action: 'personal.erase', entity: 'server_room_stays', entity_id: data.ids.stay, after: data.stayForm }, done()]);
    expectNamed({ ...inside, seqs: [inside.seqs[1]] }, /inside a retention act of/);
  });

  it('a period shortened with the key (without the approval the app asks for) is named, and so is a period the app never sets', async () => {
    const setting = (value: unknown, actor = data.ids.admin) => ({
      actor, kind: 'row' as const, action: 'settings.set', entity: 'settings', entity_id: 'retention.serverRoom.years', after: canonicalJson({ id: 'retention.serverRoom.years', value: JSON.stringify(value) }),
    });
    const setting_ = 'retention.serverRoom.years';
    /** Her approval as the app writes it: signed with her key over the change and its place in the chain (retention.ts setYears). */
    const approval = (approvedBy: string, from = 5, to = 1): ForgedRow => ({
      action: 'retention.shorten.approved', entity: 'settings', entity_id: setting_,
      after: (prevHash) => {
        const keyId = data.ids.signingKey;
        const statement = shortenApprovalStatement({ setting: setting_, from, to, approvedBy, adminId: data.ids.admin, reason: null, at: AT, prevHash, keyId });
        return canonicalJson({ from, to, approvedBy, keyId, signature: sign(null, statement, data.smKey).toString('base64') });
      },
    });
    const table = (value: unknown) => (db: Db) => db.prepare('INSERT OR REPLACE INTO settings (id, value) VALUES (?, ?)').run('retention.serverRoom.years', JSON.stringify(value));
    // Shortened to one year with no approval, or one the clerk "gave", or one for another change: the setting's row is named (the act stating it then is not).
    for (const rows of [[setting(1)], [approval(data.ids.clerk), setting(1)], [approval(data.ids.sm, 5, 2), setting(1)]]) {
      const out = await forged([...rows, act({ years: 1 }), done()], table(1));
      const set = out.seqs[rows.length - 1];
      expectNamed({ ...out, seqs: [set] }, /retention period of serverRoom was shortened from 5 to 1 years without the approval/);
      for (const r of out.results) expect(r.problems.map((p) => p.seq)).toEqual([set]);
    }
    // As the app writes it: approved by the safety manager, signed with her key, in the same write. Verifies.
    const ok = await forged([approval(data.ids.sm), setting(1), act({ years: 1 }), done()], table(1));
    for (const r of ok.results) expect(r).toMatchObject({ ok: true, problemCount: 0 });
    // Her approval in her name but unsigned, or signed over another change (5 → 2 for 5 → 1): the setting's row is named for it.
    const unsigned = { action: 'retention.shorten.approved', entity: 'settings', entity_id: setting_, after: canonicalJson({ from: 5, to: 1, approvedBy: data.ids.sm }) };
    const other = approval(data.ids.sm, 5, 2);
    const otherAs1 = { ...other, after: (prev: string) => JSON.stringify({ ...(JSON.parse((other.after as (p: string) => string)(prev)) as object), to: 1 }) };
    for (const [row, why] of [[unsigned, 'carries no signature of hers'], [otherAs1, 'carries a signature that does not hold over it']] as const) {
      const out = await forged([row, setting(1), act({ years: 1 }), done()], table(1));
      expectNamed({ ...out, seqs: [out.seqs[1]] }, new RegExp(`shortened from 5 to 1 years with an approval of ${data.ids.sm} that ${why}`));
      for (const r of out.results) expect(r.problems.map((p) => p.seq)).toEqual([out.seqs[1]]);
    }
    // Not a period: a text, 0, 31 years, one and a half.
    expectNamed(await forged(['five', 0, 31, 1.5].map((v) => setting(v)), table(1.5)), /not a period of whole years from 1 to 30/);
  });
});
