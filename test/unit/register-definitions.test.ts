import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { LedgerDefinition } from '../../shared/ledgers/kit';
import { peopleContract, peopleDefinition } from '../../shared/ledgers/people';
import { serverRoomContract, serverRoomDefinition } from '../../shared/ledgers/serverRoom';

// The two registers on the kit with APIs of their own (issue 8): their create and amend inputs are
// written out in their contract parts, their definitions say the same limits. Each text field's
// limit is tried on both: its maximum is taken, one more is refused, and a required one refuses none.

const site = randomUUID();
const person = randomUUID();
const cases: { def: LedgerDefinition; create: z.ZodType; amend: z.ZodType; base: Record<string, unknown>; char: Record<string, string> }[] = [
  {
    def: serverRoomDefinition as unknown as LedgerDefinition,
    create: serverRoomContract['serverRoom.record'].input,
    amend: serverRoomContract['serverRoom.amend'].input,
    base: { siteId: site, personId: person, enteredAt: '2026-11-24T00:00:00.000Z', purpose: 'maintenance' },
    char: { purpose: 'a' },
  },
  {
    def: peopleDefinition as unknown as LedgerDefinition,
    create: peopleContract['people.add'].input,
    amend: peopleContract['people.amend'].input,
    base: { name: '山田 太郎', kana: 'ヤマダ タロウ', employeeNo: 'E1001', department: '総務部', siteId: site, cardNo: null, serverRoomAuthorized: false },
    char: { kana: 'ア', employeeNo: 'A' },
  },
];

describe('the registers’ definitions and their contract parts agree', () => {
  for (const c of cases)
    it(`${c.def.key}: every text field's limit and requiredness`, () => {
      expect(c.create.safeParse(c.base).success).toBe(true);
      const texts = c.def.fields.filter((f) => f.type.kind === 'text');
      expect(texts.length).toBeGreaterThan(3);
      for (const f of texts) {
        const max = (f.type as { max: number }).max;
        const ch = c.char[f.key] ?? 'あ';
        const at = (v: string | null) => ({ ...c.base, [f.key]: v });
        expect({ field: f.key, ok: c.create.safeParse(at(ch.repeat(max))).success }).toEqual({ field: f.key, ok: true });
        expect({ field: f.key, ok: c.create.safeParse(at(ch.repeat(max + 1))).success }).toEqual({ field: f.key, ok: false });
        expect({ field: f.key, ok: c.create.safeParse(at('')).success }).toEqual({ field: f.key, ok: !f.required });
        const amend = (v: string) => c.amend.safeParse({ id: randomUUID(), changes: { [f.key]: v }, reason: '訂正' }).success;
        expect({ field: f.key, max: amend(ch.repeat(max)), over: amend(ch.repeat(max + 1)) }).toEqual({ field: f.key, max: f.amendable !== false, over: false });
      }
    });
});
