// SPEC §7, the door terminal: card reads told apart from one another, and from the screens they came
// to, by each key's own time. A keyboard-wedge reader types a card's characters a few milliseconds
// apart, then Enter, wherever the focus is; a screen may appear while it types (the answer to the
// read before, a screen going back by itself). A read is kept whole: the screen its first character
// came to has it, and a screen that appears while it is under way drops its rest and its Enter —
// never a wrong number made of its tail, refused and journaled.
//
// Whether a key continues a read is judged by when it was pressed (its event's timeStamp), never by
// when a handler runs: on a slow machine the keys pressed while the page drew a new screen are
// handled late, all at once, and a screen that asked "was a key pressed a moment ago?" as it
// appeared judged a read under way to be over (a CI run: its tail judged as a card, a wrong number).

/**
 * A reader's characters come less than this apart; a person's at a keyboard, more (an employee
 * number typed at the keypad is no read under way on the screen its OK opens — nor, typed fast, is
 * it one once its Enter has ended it).
 */
export const READ_GAP_MS = 100;

/** A character a read is made of: printable, not a space (a space still presses the focused button). */
export function isReadChar(key: string): boolean {
  return key.length === 1 && key !== ' ';
}

/**
 * Every key, in the order keys come, and the screens that take them (the idle screen's card input,
 * the card reader of the other screens), in the order they appear: whose each key is.
 */
export class CardReads {
  private opened = 0;
  /** The screen keys come to now; 0 when none takes them (the person screen while its entry is sent). */
  private current = 0;
  /** When the last character of the read under way was pressed; -Infinity when none is (an Enter ended it). */
  private lastAt = -Infinity;
  /** The screen the read under way began on. */
  private owner = 0;
  /** The screen the read under way went on to (its rest is not that screen's); 0 while it stays on its own. */
  private crossedTo = 0;

  /** A screen that takes keys appears (from now on a read under way is not its own): its number. */
  open(): number {
    this.current = ++this.opened;
    return this.current;
  }

  /** The screen is gone. */
  close(screen: number): void {
    if (this.current === screen) this.current = 0;
  }

  /**
   * A key pressed at `at` (its event's timeStamp, ms): the screen whose key it is. A character less
   * than READ_GAP_MS after the one before continues its read (the screen that read began on),
   * else it begins one on the screen keys come to now; Enter is its read's, and ends it. Once a read
   * has come on to another screen, the rest is its own there up to its Enter, however far apart
   * (the screen drops it all, as it dropped the first). Any other key is the screen's now.
   */
  key(key: string, at: number): number {
    const stuck = this.crossedTo !== 0 && this.crossedTo === this.current;
    const under = stuck || at - this.lastAt < READ_GAP_MS;
    if (key === 'Enter') {
      this.lastAt = -Infinity;
      this.crossedTo = 0;
      return under ? this.owner : this.current;
    }
    if (!isReadChar(key)) return this.current;
    if (!under) {
      this.owner = this.current;
      this.crossedTo = 0;
    }
    this.lastAt = at;
    if (this.owner !== this.current) this.crossedTo = this.current;
    return this.owner;
  }
}
