import { createDecipheriv } from 'node:crypto';
import fs from 'node:fs';

// Reads an encrypted database file (and its write-ahead log) page by page with the raw key, the
// way SQLCipher 4 lays them out (AES-256-CBC, the page's IV in its last 80 reserved bytes, the
// first 16 bytes of the file its salt): every byte a page holds, live or free, in plain text. Used
// to show that erased values are gone from the file itself, not only from what SQL returns.

const PAGE = 4096;
const RESERVE = 80; // 16-byte IV + 64-byte HMAC-SHA512

function decryptPage(page: Buffer, key: Buffer, first: boolean): Buffer {
  const start = first ? 16 : 0;
  const iv = page.subarray(PAGE - RESERVE, PAGE - RESERVE + 16);
  const d = createDecipheriv('aes-256-cbc', key, iv);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(page.subarray(start, PAGE - RESERVE)), d.final()]);
}

/** Every page of the database file, decrypted and concatenated. */
export function decryptedDatabase(file: string, keyHex: string): Buffer {
  const key = Buffer.from(keyHex, 'hex');
  const bytes = fs.readFileSync(file);
  const out: Buffer[] = [];
  for (let o = 0; o + PAGE <= bytes.length; o += PAGE) out.push(decryptPage(bytes.subarray(o, o + PAGE), key, o === 0));
  return Buffer.concat(out);
}

/** Every frame of a write-ahead log (32-byte header, then 24-byte frame headers each before a page), decrypted. */
export function decryptedWal(file: string, keyHex: string): Buffer {
  if (!fs.existsSync(file)) return Buffer.alloc(0);
  const key = Buffer.from(keyHex, 'hex');
  const bytes = fs.readFileSync(file);
  const out: Buffer[] = [];
  for (let o = 32; o + 24 + PAGE <= bytes.length; o += 24 + PAGE) {
    const pageNo = bytes.readUInt32BE(o);
    out.push(decryptPage(bytes.subarray(o + 24, o + 24 + PAGE), key, pageNo === 1));
  }
  return Buffer.concat(out);
}

/** Damage a database file the way a failing disk does: one byte flipped in place. */
export function flipByte(file: string, at: number): void {
  const fd = fs.openSync(file, 'r+');
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, at);
  b[0] ^= 0x5a;
  fs.writeSync(fd, b, 0, 1, at);
  fs.closeSync(fd);
}
