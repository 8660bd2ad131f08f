import { describe, expect, it } from 'vitest';
import { CardReads, READ_GAP_MS } from '../../renderer/src/terminal/cardReads';

// The door terminal's card reads (renderer/src/terminal/cardReads.ts): whose each key is, judged by
// when it was pressed (the event's timeStamp) in the order keys are handled, whenever that is. A read
// is kept whole: the screen its first character came to has it; a screen that appears while it is
// under way has none of it.

/** Keys pressed `gap` ms apart from `at` ('\n' is Enter): the screen each was judged to be for. */
function press(reads: CardReads, text: string, at: number, gap = 8): number[] {
  return [...text].map((ch, i) => reads.key(ch === '\n' ? 'Enter' : ch, at + i * gap));
}

describe('card reads', () => {
  it('gives a whole read, Enter too, to the screen it was typed on', () => {
    const reads = new CardReads();
    const idle = reads.open();
    expect(press(reads, 'CARD1001\n', 1_000)).toEqual(Array(9).fill(idle));
  });

  it('drops a read under way as a screen appears, its rest and its Enter — however late its keys are handled', () => {
    // A card held to the reader, read twice: the second read's first half goes to the idle screen
    // (checking the first); the person screen appears; the rest comes to it. The keys were pressed
    // 8 ms apart: when they are handled (a slow machine: all at once, long after the screen was
    // drawn) does not change whose they are — only the order of keys and screens does.
    const reads = new CardReads();
    const idle = reads.open();
    expect(press(reads, 'CARD1001\n', 1_000)).toEqual(Array(9).fill(idle));
    expect(press(reads, 'CARD', 1_080)).toEqual(Array(4).fill(idle));
    reads.close(idle);
    const person = reads.open();
    const rest = press(reads, '1001\n', 1_112);
    expect(rest).toEqual(Array(5).fill(idle));
    expect(rest).not.toContain(person);
    // The next read is the person screen's, whole.
    expect(press(reads, 'CARD1003\n', 2_000)).toEqual(Array(9).fill(person));
  });

  it('keeps a dropped read dropped up to its Enter on the screen it came to, even past a pause in its keys', () => {
    const reads = new CardReads();
    const done = reads.open();
    press(reads, 'CA', 1_000);
    reads.close(done);
    const idle = reads.open();
    expect(reads.key('R', 1_016)).toBe(done);
    // A pause longer than a read's keys ever have (a loaded machine sending them): still its rest.
    expect(reads.key('D', 1_016 + 5 * READ_GAP_MS)).toBe(done);
    expect(press(reads, '1001\n', 1_600)).toEqual(Array(5).fill(done));
    expect(press(reads, 'CARD1003\n', 3_000)).toEqual(Array(9).fill(idle));
  });

  it('gives a read that begins after the screen appeared to that screen, even if it was pressed while the screen was drawn', () => {
    // The read before ended with its Enter; the new read's keys come once the screen is there.
    const reads = new CardReads();
    const result = reads.open();
    press(reads, 'NOPE8888\n', 1_000);
    reads.close(result);
    const idle = reads.open();
    expect(press(reads, 'CARD1001\n', 1_075)).toEqual(Array(9).fill(idle));
  });

  it('takes keys a person types (more than READ_GAP_MS apart) as the screen’s showing then, whatever came before', () => {
    const reads = new CardReads();
    const keypad = reads.open();
    // The employee number typed by hand, without Enter (OK tapped): no read under way on the next screen.
    press(reads, 'E1001', 1_000, 250);
    reads.close(keypad);
    const person = reads.open();
    expect(reads.key('1', 1_000 + 4 * 250 + 2 * READ_GAP_MS)).toBe(person);
    // An Enter long after the last key is the screen's own (a lone Enter), not a read's.
    expect(reads.key('Enter', 5_000)).toBe(person);
  });

  it('ends a read at Enter: the screen an Enter opens has no read under way, however soon the next key comes', () => {
    const reads = new CardReads();
    const keypad = reads.open();
    press(reads, '2468\n', 1_000);
    reads.close(keypad);
    const person = reads.open();
    expect(press(reads, 'CARD1003\n', 1_045)).toEqual(Array(9).fill(person));
  });

  it('gives a read begun while no screen takes keys to none (the person screen sending its entry): the next screen drops its rest', () => {
    const reads = new CardReads();
    const person = reads.open();
    reads.close(person);
    expect(press(reads, 'CARD', 1_000)).toEqual(Array(4).fill(0));
    const done = reads.open();
    expect(press(reads, '1003\n', 1_032)).toEqual(Array(5).fill(0));
    expect(press(reads, 'CARD1003\n', 2_000)).toEqual(Array(9).fill(done));
  });

  it('leaves keys that are no part of a read to the screen showing (Shift between a reader’s letters, Escape, Tab)', () => {
    const reads = new CardReads();
    const a = reads.open();
    press(reads, 'CA', 1_000);
    reads.close(a);
    const b = reads.open();
    expect(reads.key('Shift', 1_015)).toBe(b);
    expect(reads.key('R', 1_016)).toBe(a);
    expect(reads.key('Escape', 1_020)).toBe(b);
    expect(reads.key(' ', 1_021)).toBe(b);
  });

  it('drops a read that went on to a second screen there too, and lets the third have what comes after a pause', () => {
    const reads = new CardReads();
    const a = reads.open();
    press(reads, 'CA', 1_000);
    reads.close(a);
    const b = reads.open();
    expect(reads.key('R', 1_016)).toBe(a);
    reads.close(b);
    const c = reads.open();
    expect(reads.key('D', 1_024)).toBe(a);
    reads.close(c);
    const d = reads.open();
    // Not under way any more by its keys' times, nor held on this screen: a new read, d's.
    expect(reads.key('X', 1_024 + 2 * READ_GAP_MS)).toBe(d);
  });

  it('takes a stale close for nothing: a screen closed after the next one opened leaves the next one taking keys', () => {
    const reads = new CardReads();
    const a = reads.open();
    const b = reads.open();
    reads.close(a);
    expect(press(reads, 'CARD1001\n', 1_000)).toEqual(Array(9).fill(b));
  });
});

// A screen that takes a card read as one wherever it began (the idle screen, the keypad: open(true))
// takes over a read under way as it appears: the confirmation going back by itself, 社員番号とPIN
// tapped, やめる. The read is carried whole (its first characters with it), never split, never lost.
describe('card reads carried to a screen that takes them over', () => {
  /** The judgements of keys pressed `gap` ms apart from `at` ('\n' is Enter). */
  const judge = (reads: CardReads, text: string, at: number, gap = 8) => [...text].map((ch, i) => reads.judge(ch === '\n' ? 'Enter' : ch, at + i * gap));

  it('says which keys go on with a read, and the read’s characters so far', () => {
    const reads = new CardReads();
    const idle = reads.open(true);
    const keys = judge(reads, 'CAR\n', 1_000);
    expect(keys.map((k) => k.inRead)).toEqual([false, true, true, true]);
    expect(keys.map((k) => k.text)).toEqual(['C', 'CA', 'CAR', 'CAR']);
    expect(keys.every((k) => k.screen === idle && !k.carried)).toBe(true);
    // A key long after: no read under way; a lone Enter is no read's.
    expect(reads.judge('X', 3_000)).toEqual({ screen: idle, inRead: false, text: 'X', carried: false });
    expect(reads.judge('Enter', 5_000)).toEqual({ screen: idle, inRead: false, text: '', carried: false });
  });

  it('carries a read under way as the result screen goes back to the idle screen there, whole, its Enter with all its characters', () => {
    const reads = new CardReads();
    const done = reads.open();
    judge(reads, 'CA', 1_000);
    reads.close(done);
    const idle = reads.open(true);
    const rest = judge(reads, 'RD1001\n', 1_016);
    expect(rest.map((k) => k.screen)).toEqual(Array(7).fill(idle));
    expect(rest.every((k) => k.inRead && k.carried)).toBe(true);
    expect(rest.at(-1)!.text).toBe('CARD1001');
    // The next read is the idle screen's own.
    expect(judge(reads, 'CARD1003\n', 2_000).at(-1)).toEqual({ screen: idle, inRead: true, text: 'CARD1003', carried: false });
  });

  it('carries a read whose characters all came before the screen appeared: its Enter is the new screen’s, with the whole read', () => {
    const reads = new CardReads();
    const refused = reads.open();
    judge(reads, 'CARD1001', 1_000);
    reads.close(refused);
    const idle = reads.open(true);
    expect(reads.judge('Enter', 1_064)).toEqual({ screen: idle, inRead: true, text: 'CARD1001', carried: true });
  });

  it('carries a read from the idle screen to the keypad (社員番号とPIN tapped mid-read), and on again to the idle screen', () => {
    const reads = new CardReads();
    const idle = reads.open(true);
    judge(reads, 'CARD', 1_000);
    reads.close(idle);
    const keypad = reads.open(true);
    expect(judge(reads, '10', 1_032).map((k) => k.screen)).toEqual([keypad, keypad]);
    reads.close(keypad);
    const idle2 = reads.open(true);
    expect(judge(reads, '01\n', 1_048).at(-1)).toEqual({ screen: idle2, inRead: true, text: 'CARD1001', carried: true });
  });

  it('never carries a read being dropped: one that went on to a screen that drops it stays dropped up to its Enter', () => {
    const reads = new CardReads();
    const idle = reads.open(true);
    judge(reads, 'CA', 1_000);
    reads.close(idle);
    const person = reads.open();
    expect(reads.judge('R', 1_016).screen).toBe(idle);
    reads.close(person);
    const idle2 = reads.open(true);
    const rest = judge(reads, 'D1001\n', 1_024);
    expect(rest.map((k) => k.screen)).toEqual(Array(6).fill(idle));
    expect(rest.some((k) => k.screen === idle2 || k.carried)).toBe(false);
  });

  it('never carries a read begun while no screen took keys (the person screen sending its entry)', () => {
    const reads = new CardReads();
    const person = reads.open();
    reads.close(person);
    judge(reads, 'CA', 1_000);
    reads.open(true);
    expect(judge(reads, 'RD1001\n', 1_016).map((k) => k.screen)).toEqual(Array(7).fill(0));
  });
});
