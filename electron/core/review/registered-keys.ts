import type { Store } from '../store/store';
import { readObject } from '../journal/verify-json';
import { fingerprint } from './seal';
import { ACCEPTED_EVENT } from '../outside-rules';

// Which signing keys signed what (SPEC §5, §8), checked against a list kept outside the data.
//
// A signature proves its key signed, and verify checks each one against the key its journal names.
// But a key is itself a journal row: someone holding the database key can add a key in a reviewer's
// name (a revocation "key unreadable", then a new key) and sign with it, or rewrite every key and
// re-sign every seal after changing history (an insider probe of 2026-12-05). Nothing inside the file
// can tell such a key from hers. A key's fingerprint kept outside the file can: written down when it
// is made (the signing keys page, the printed ledgers beside each seal), kept by the safety manager,
// and given to `daicho verify --keys FILE`, which names every signature by a key not on it.

/** One key that signed something, with what it signed. */
export interface KeyUse {
  keyId: string;
  /** Its fingerprint (seal.ts fingerprint), or null when the data has no such key (verify names that). */
  fingerprint: string | null;
  holder: string;
  loginId: string | null;
  seals: number;
  reopenings: number;
  approvals: number;
  /** The first thing it signed, in words ("seal of serverRoom HQ 2026-11"). */
  first: string;
}

// Every act a safety manager's key approves (an insider probe: an acceptance's key was left out, so
// `--keys` never checked it). verify-acceptances.ts and verify-erasures.ts check their signatures.
const APPROVALS = ['retention.erase.start', 'retention.shorten.approved', ACCEPTED_EVENT];

/** Every key that signed a seal, a reopening or an approval in this data, in the order each first signed. */
export function keysInUse(store: Store): KeyUse[] {
  const q = (sql: string) => store.stmt(sql);
  // Data from before the seals (migration 13), verified as it is: nothing signed yet.
  const tables = new Set((q("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('seals', 'signing_keys')").all() as { name: string }[]).map((t) => t.name));
  if (!tables.has('seals') || !tables.has('signing_keys')) return [];
  const hasReopenKey = (q("SELECT count(*) AS n FROM pragma_table_info('seals') WHERE name = 'reopen_key_id'").get() as { n: number }).n > 0;
  const signed: { keyId: string; kind: 'seals' | 'reopenings' | 'approvals'; what: string; at: string }[] = [
    ...(q("SELECT s.key_id AS keyId, s.ledger || ' ' || coalesce(t.code, s.site_id) || ' ' || s.month AS what, s.signed_at AS at FROM seals s LEFT JOIN sites t ON t.id = s.site_id").all() as { keyId: string; what: string; at: string }[]).map(
      (r) => ({ ...r, kind: 'seals' as const, what: `seal of ${r.what}` }),
    ),
    ...(hasReopenKey
      ? (q("SELECT s.reopen_key_id AS keyId, s.ledger || ' ' || coalesce(t.code, s.site_id) || ' ' || s.month AS what, s.reopened_at AS at FROM seals s LEFT JOIN sites t ON t.id = s.site_id WHERE s.reopen_key_id IS NOT NULL").all() as {
          keyId: string;
          what: string;
          at: string;
        }[]).map((r) => ({ ...r, kind: 'reopenings' as const, what: `reopening of ${r.what}` }))
      : []),
    // Read as verify reads them (verify-erasures.ts, readObject): one that cannot be read is named there.
    ...(q(`SELECT after, seq, action, at FROM journal WHERE kind = 'event' AND action IN (${APPROVALS.map((a) => `'${a}'`).join(', ')}) AND seq >= 1`).all() as {
      after: unknown;
      seq: number;
      action: string;
      at: string;
    }[]).flatMap((r) => {
      const keyId = readObject(r.after)?.keyId;
      return typeof keyId === 'string' ? [{ keyId, kind: 'approvals' as const, what: `approval at #${r.seq} (${r.action})`, at: r.at }] : [];
    }),
  ];
  signed.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const byKey = new Map<string, KeyUse>();
  const keyRow = q('SELECT k.public_key, k.account_id, a.display_name, a.login_id FROM signing_keys k LEFT JOIN accounts a ON a.id = k.account_id WHERE k.id = ?');
  for (const s of signed) {
    let use = byKey.get(s.keyId);
    if (!use) {
      const k = keyRow.get(s.keyId) as { public_key: string; account_id: string; display_name: string | null; login_id: string | null } | undefined;
      use = { keyId: s.keyId, fingerprint: k ? fingerprint(k.public_key) : null, holder: k ? (k.display_name ?? k.account_id) : '?', loginId: k?.login_id ?? null, seals: 0, reopenings: 0, approvals: 0, first: s.what };
      byKey.set(s.keyId, use);
    }
    use[s.kind]++;
  }
  return [...byKey.values()];
}

/** Text from the data as the terminal shows it: its control characters as ? (a name holding escape sequences could rewrite the report). */
const shown = (t: string) => t.replace(/[\p{Cc}\p{Cf}]/gu, '?');

/** What a key signed, counted ("3 seal(s), 1 approval(s)"). */
function signedText(k: KeyUse): string {
  return [k.seals && `${k.seals} seal(s)`, k.reopenings && `${k.reopenings} reopening(s)`, k.approvals && `${k.approvals} approval(s)`].filter(Boolean).join(', ');
}

/** A key's line as verify prints it and `--keys` reads it back: the fingerprint first. */
export function keyLine(k: KeyUse): string {
  return `${k.fingerprint ?? '(no such key)'}  ${shown(k.loginId ?? '?')}  ${shown(k.holder)}  — ${signedText(k)}`;
}

/** 16 hexadecimal digits, alone or in groups of four (spaces, hyphens or colons between them). */
const FINGERPRINT = /(?<![0-9a-f])[0-9a-f]{4}(?:[ \-:]?[0-9a-f]{4}){3}(?![0-9a-f])/i;

/**
 * The fingerprints of a list of registered keys: one a line, the first 16 hexadecimal digits on it
 * (what follows — a name, a date — is for people). Blank lines and lines starting with # are skipped;
 * any other line without a fingerprint is refused, with its number (a list mistyped is not a list).
 */
export function parseKeyList(text: string): Set<string> {
  const out = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const m = FINGERPRINT.exec(t);
    // The line is quoted with its control characters shown as ?, never sent to the terminal (a probe: escape sequences cleared it).
    if (!m) throw new Error(`line ${i + 1} has no key fingerprint (16 hexadecimal digits): "${shown(t.slice(0, 60))}"`);
    out.add(m[0].replace(/[ \-:]/g, '').toLowerCase());
  });
  if (out.size === 0) throw new Error('it lists no key fingerprint');
  return out;
}

/** Each key that signed and is not on the list, in words: who it is in the name of, and what it signed. */
export function unregisteredKeys(uses: readonly KeyUse[], registered: ReadonlySet<string>): string[] {
  return uses
    .filter((k) => k.fingerprint === null || !registered.has(k.fingerprint))
    .map((k) => `UNREGISTERED KEY ${shown(k.fingerprint ?? k.keyId)} in the name of ${shown(k.holder)} (${shown(k.loginId ?? '?')}) signed ${signedText(k)}, the first a ${shown(k.first)}: it is not on the list of registered keys`);
}
