// SPEC §7, the door terminal: card reads told apart from one another, and from the screens they came
// to, by each key's own time. A keyboard-wedge reader types a card's characters a few milliseconds
// apart, then Enter, wherever the focus is; a screen may appear while it types (the answer to the
// read before, a screen going back by itself). A read is kept whole: the screen its first character
// came to has it, or a screen that takes card reads as such wherever they began (the idle screen, the
// keypad) takes it over, first characters and all; any other screen that appears while it is under
// way drops its rest and its Enter — never a wrong number made of its tail, refused and journaled,
// nor a card number's tail typed into a field.
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

/** A read keeps at most this many characters (a card number has at most 32). */
const TEXT_MAX = 64;

/** Whose a key is, and the read it is part of. */
export interface Judged {
  /** The screen whose key it is; 0 when none takes it. */
  screen: number;
  /**
   * The key goes on with a read under way (a character less than READ_GAP_MS after the one before,
   * or the rest of a read held to the screen it came to), or is the Enter that ends one: a card
   * reader's key, no key a person typed alone. A read's first character is not known to be one yet.
   */
  inRead: boolean;
  /** The read's characters up to this key, this one included (its Enter: the whole read); '' for a key of no read. */
  text: string;
  /** The read began on a screen before `screen` and was carried to it, whole (`text` has its first characters). */
  carried: boolean;
}

/**
 * Every key, in the order keys come, and the screens that take them (the idle screen's card input,
 * the keypad, the card reader of the other screens), in the order they appear: whose each key is.
 *
 * A screen that takes a card read as a card read wherever it began (the idle screen, the keypad:
 * `open(true)`) takes over a read under way as it appears — the result screen going back by itself,
 * 社員番号とPIN tapped, やめる — with its first characters: the read is carried whole, judged by
 * its keys' own time, never split into two numbers nor lost. Another screen (the person screen a read
 * brought, the result screen) drops the rest of a read begun before it: a card held to the reader
 * twice is not read a second time.
 */
export class CardReads {
  private opened = 0;
  /** The screen keys come to now; 0 when none takes them (the person screen while its entry is sent). */
  private current = 0;
  /** The screens open now that take over a read under way as they appear. */
  private readonly takeOver = new Set<number>();
  /** When the last character of the read under way was pressed; -Infinity when none is (an Enter ended it). */
  private lastAt = -Infinity;
  /** The screen the read under way is for (the one it began on, or the one it was carried to). */
  private owner = 0;
  /** The screen the read under way went on to (its rest is not that screen's); 0 while it stays on its own. */
  private crossedTo = 0;
  /** The characters of the read under way. */
  private text = '';
  /** The read under way was carried to its owner from the screen it began on. */
  private carried = false;

  /**
   * A screen that takes keys appears (from now on a read under way is not its own, unless it
   * `takesOver` reads: then it is carried here whole): its number.
   */
  open(takesOver = false): number {
    this.current = ++this.opened;
    if (takesOver) this.takeOver.add(this.current);
    return this.current;
  }

  /** The screen is gone. */
  close(screen: number): void {
    this.takeOver.delete(screen);
    if (this.current === screen) this.current = 0;
  }

  /** A key pressed at `at` (its event's timeStamp, ms): the screen whose key it is (judge). */
  key(key: string, at: number): number {
    return this.judge(key, at).screen;
  }

  /**
   * A key pressed at `at` (its event's timeStamp, ms): whose it is, and its read. A character less
   * than READ_GAP_MS after the one before continues its read (the screen that read is for), else it
   * begins one on the screen keys come to now; Enter is its read's, and ends it. A read under way as
   * a screen that takes reads over appears is carried there, whole, unless it was already being
   * dropped. Once a read has come on to a screen that drops it, the rest is that screen's to drop up
   * to its Enter, however far apart. Any other key is the screen's now.
   */
  judge(key: string, at: number): Judged {
    const stuck = this.crossedTo !== 0 && this.crossedTo === this.current;
    const under = stuck || at - this.lastAt < READ_GAP_MS;
    if (under && !stuck && this.crossedTo === 0 && this.owner !== 0 && this.owner !== this.current && this.takeOver.has(this.current)) {
      this.owner = this.current;
      this.carried = true;
    }
    if (key === 'Enter') {
      const judged: Judged = under ? { screen: this.owner, inRead: true, text: this.text, carried: this.carried } : { screen: this.current, inRead: false, text: '', carried: false };
      this.lastAt = -Infinity;
      this.crossedTo = 0;
      this.text = '';
      this.carried = false;
      return judged;
    }
    if (!isReadChar(key)) return { screen: this.current, inRead: false, text: '', carried: false };
    if (!under) {
      this.owner = this.current;
      this.crossedTo = 0;
      this.text = '';
      this.carried = false;
    }
    this.lastAt = at;
    if (this.text.length < TEXT_MAX) this.text += key;
    if (this.owner !== this.current) this.crossedTo = this.current;
    return { screen: this.owner, inRead: under, text: this.text, carried: this.carried };
  }
}
