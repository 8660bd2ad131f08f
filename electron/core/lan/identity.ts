import { createHash, sign, verify, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { headStatement, type SignedHead } from '../../../shared/lan';
import type { Actor, Store } from '../store/store';

// The ledger host's identity on the LAN (SPEC §11): one TLS certificate made the first time the
// listener is turned on (selfsigned, ECDSA P-256), pinned by every station at enrollment. Its key
// also signs the journal heads the host shows stations, so a station's witness file proves what
// the host once showed it (verify --witness).

export interface HostIdentity {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the certificate's DER, lowercase hex: what stations pin. */
  fingerprint: string;
}

/** A certificate's pin: SHA-256 of its DER, lowercase hex. */
export function certFingerprint(certPemOrDer: string | Buffer): string {
  const der = typeof certPemOrDer === 'string' ? new X509Certificate(certPemOrDer).raw : certPemOrDer;
  return createHash('sha256').update(der).digest('hex');
}

export function readHostIdentity(store: Store): HostIdentity | null {
  const row = store.stmt("SELECT value FROM host_secrets WHERE name = 'tls'").get() as { value: string } | undefined;
  if (!row) return null;
  const { certPem, keyPem } = JSON.parse(row.value) as { certPem: string; keyPem: string };
  return { certPem, keyPem, fingerprint: certFingerprint(certPem) };
}

/** The host's certificate, made once (its fingerprint journaled as lan.certificate), then kept. */
export async function ensureHostIdentity(store: Store, who: Actor, now: Date): Promise<HostIdentity> {
  const existing = readHostIdentity(store);
  if (existing) return existing;
  // Stations trust it by its pin, not by its dates: a validity wide enough that no drifted clock
  // (a LAN without a time server) or a long-lived office ever finds it "not yet valid" or "expired".
  const notBeforeDate = new Date('2000-01-01T00:00:00Z');
  const notAfterDate = new Date(now.getTime());
  notAfterDate.setUTCFullYear(notAfterDate.getUTCFullYear() + 100);
  const pems = await generate([{ name: 'commonName', value: 'Daicho ledger host' }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate, notAfterDate,
    extensions: [{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true }, { name: 'extKeyUsage', serverAuth: true }],
  });
  const made: HostIdentity = { certPem: pems.cert, keyPem: pems.private, fingerprint: certFingerprint(pems.cert) };
  // Made while another call waited for the key generation: the first one kept stays.
  const again = readHostIdentity(store);
  if (again) return again;
  store.write(who, (tx) => {
    tx.keepHostSecret('tls', JSON.stringify({ certPem: made.certPem, keyPem: made.keyPem }));
    tx.event('lan.certificate', 'lan', null, { fingerprint: made.fingerprint, notAfter: notAfterDate.toISOString() });
  });
  return made;
}

/** A text signed by the host (the door terminal's copy of who may enter): base64. */
export function signAsHost(identity: HostIdentity, text: string): string {
  return sign('sha256', Buffer.from(text), identity.keyPem).toString('base64');
}

export function signedByHost(certPem: string, text: string, signature: string): boolean {
  try {
    return verify('sha256', Buffer.from(text), new X509Certificate(certPem).publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The journal head as the host signs it for stations. */
export function signHead(identity: HostIdentity, head: { seq: number; hash: string; at: string }): SignedHead {
  return { ...head, signature: sign('sha256', Buffer.from(headStatement(head)), identity.keyPem).toString('base64') };
}

/** Whether a head was signed by the host with this certificate. */
export function headSignedBy(certPem: string, head: SignedHead): boolean {
  try {
    return verify('sha256', Buffer.from(headStatement(head)), new X509Certificate(certPem).publicKey, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}
