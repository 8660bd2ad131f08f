import https from 'node:https';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Daicho } from '../core';
import { HOST_TIME_HEADER, LAN_HEADERS, LAN_PATHS, type EnrollRequest, type LanCallAnswer } from '../../shared/lan';
import { DaichoError, type ApiError } from '../../shared/api/errors';
import { lanAddressProblem } from '../../shared/api/lan-contract';

// SPEC §11 (issue 13): the ledger host's listener for stations on the office LAN. HTTPS with the
// host's own certificate (made at the first switch-on, pinned by every station), bound to the one
// address and port an administrator set; off until then. Two routes: enrollment with a pairing
// code, and calls — each signed by the station's key, checked (enrolled, not revoked, in time,
// never replayed) before the one dispatcher sees it, with the session bound to that station.
// Every answer carries the journal head, signed, for the station's witness file.

const MAX_BODY = 1024 * 1024;

/** What a door-terminal station may call: its own flow, signing in and out, and where it is. */
function terminalMayCall(method: string): boolean {
  return method.startsWith('terminal.') || method.startsWith('auth.') || method === 'station.status' || method === 'setup.status';
}


function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface LanListener {
  /** Apply the listener setting now (start, move or stop); the core calls it after lan.configure. */
  apply(): Promise<void>;
  close(): Promise<void>;
  /** Where it listens now, or null. */
  address(): { address: string; port: number } | null;
}

/** The listener of a host process (`daicho serve`, the app): follows the journaled setting. */
export function lanListener(daicho: Daicho, log: (what: string) => void = () => undefined): LanListener {
  let server: https.Server | null = null;
  let bound: { address: string; port: number } | null = null;

  async function send(res: http.ServerResponse, status: number, body: unknown): Promise<void> {
    // What the request saved (a door's record delivered, a refusal noted) is on the disk before the
    // station is answered: a door drops a record from its queue once the host has it (store/wal-sync.ts).
    // One the disk did not confirm is not acknowledged (nothing more is saved then; the door keeps its record).
    if (!(await daicho.store.durable().then(() => true, () => false)) && status === 200) {
      status = 500;
      body = { ok: false, error: { code: 'data_damaged', messageKey: 'errors.data_damaged' } satisfies ApiError };
    }
    // The host's clock on every answer, refusals too: a station whose clock drifted signs with this one (over the pinned link).
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', [HOST_TIME_HEADER]: daicho.lan.now().toISOString() });
    res.end(JSON.stringify(body));
  }

  function refusal(res: http.ServerResponse, status: number, error: ApiError): Promise<void> {
    return send(res, status, { ok: false, error });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const address = req.socket.remoteAddress ?? 'unknown';
    const path = new URL(req.url ?? '/', 'https://host').pathname;
    if (req.method !== 'POST' || !(Object.values(LAN_PATHS) as string[]).includes(path)) return refusal(res, 404, { code: 'unknown_method', messageKey: 'errors.unknown_method' });
    const body = await readBody(req);
    if (body === null) return refusal(res, 413, { code: 'invalid_input', messageKey: 'errors.body_too_large', params: { limit: '1 MiB' } });
    if (path === LAN_PATHS.enroll) {
      let r: EnrollRequest;
      try {
        r = JSON.parse(body.toString('utf8')) as EnrollRequest;
        if (typeof r?.code !== 'string' || typeof r.publicKey !== 'string' || typeof r.proof !== 'string' || r.code.length > 40 || r.publicKey.length > 200) throw new Error('shape');
      } catch {
        return refusal(res, 400, { code: 'invalid_input', messageKey: 'errors.bad_request' });
      }
      try {
        return send(res, 200, daicho.lan.enroll(r, address));
      } catch (err) {
        if (err instanceof DaichoError) return refusal(res, err.code === 'invalid_input' ? 400 : 403, err.toApiError());
        throw err;
      }
    }
    const header = (name: string) => String(req.headers[name] ?? '');
    const auth = daicho.lan.authenticate({
      station: header(LAN_HEADERS.station), time: header(LAN_HEADERS.time), nonce: header(LAN_HEADERS.nonce), signature: header(LAN_HEADERS.signature),
      path, body, address,
    });
    if ('refused' in auth) {
      // The heads it saw are signed by this host's own certificate, so they are checked whoever sends
      // them: a station the data no longer knows (the data put back to a copy from before it was
      // enrolled) still raises the alarm (found by an insider probe). Named as it says it is.
      const claimed = header(LAN_HEADERS.station);
      if (/^[A-Za-z0-9:_-]{1,100}$/.test(claimed)) daicho.lan.witness.check(claimed, header(LAN_HEADERS.witness));
      return refusal(res, 401, { code: 'unavailable', messageKey: 'lan.errors.refused', params: { reason: auth.refused } });
    }
    // The heads this station saw, against the journal: one that is gone raises the alarm (never refuses the request).
    daicho.lan.witness.check(auth.row.id, header(LAN_HEADERS.witness));
    const terminal = auth.row.profile === 'terminal';
    // A door terminal's offline half: its copy of who may enter, and each record it queued, delivered in order.
    if (path === LAN_PATHS.snapshot || path === LAN_PATHS.deliver) {
      if (!terminal) return refusal(res, 403, { code: 'forbidden', messageKey: 'errors.forbidden' });
      try {
        if (path === LAN_PATHS.snapshot) return send(res, 200, { ...daicho.lan.doorSnapshot(auth.row), head: daicho.lan.head() });
        const entry = (JSON.parse(body.toString('utf8')) as { entry?: unknown } | null)?.entry;
        return send(res, 200, { outcome: daicho.lan.deliver(auth.row, entry, address), head: daicho.lan.head() });
      } catch (err) {
        if (err instanceof DaichoError) return refusal(res, 400, err.toApiError());
        if (err instanceof SyntaxError) return refusal(res, 400, { code: 'invalid_input', messageKey: 'errors.bad_request' });
        throw err;
      }
    }
    let call: { method: string; input: unknown; token: string | null; device: string | null };
    try {
      const parsed = JSON.parse(body.toString('utf8')) as Partial<typeof call>;
      if (typeof parsed.method !== 'string' || parsed.method.length > 100) throw new Error('shape');
      call = { method: parsed.method, input: parsed.input ?? {}, token: typeof parsed.token === 'string' ? parsed.token : null, device: typeof parsed.device === 'string' ? parsed.device : null };
    } catch {
      return refusal(res, 400, { code: 'invalid_input', messageKey: 'errors.bad_request' });
    }
    const head = () => daicho.lan.head();
    if (terminal && !terminalMayCall(call.method)) {
      const answer: LanCallAnswer = { result: { ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } }, head: head() };
      return send(res, 200, answer);
    }
    // A door terminal's own calls run in the terminal session the host keeps for it (no one starts it at the door).
    if (terminal && call.method.startsWith('terminal.')) {
      try {
        call.token = daicho.lan.terminalToken(auth.row);
      } catch (err) {
        // Said to the door as any refusal is (its site gone, say), never a server error.
        if (!(err instanceof DaichoError)) throw err;
        return send(res, 200, { result: { ok: false, error: err.toApiError() }, head: head() } satisfies LanCallAnswer);
      }
    }
    const out = await daicho.dispatcher.call({ token: call.token, method: call.method, input: call.input, station: auth.row.id, client: `${auth.row.id}@${address}`, device: call.device, bindToStation: true });
    const answer: LanCallAnswer = { result: out.result, ...(out.token !== undefined ? { token: out.token } : {}), ...(out.device !== undefined ? { device: out.device } : {}), head: head() };
    return send(res, 200, answer);
  }

  async function stop(): Promise<void> {
    const s = server;
    server = null;
    bound = null;
    daicho.lan.listening = false;
    if (s) await new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); });
  }

  // One change of the listener at a time (two saves at once must not leave a second server listening).
  let applying: Promise<void> = Promise.resolve();
  function apply(): Promise<void> {
    applying = applying.then(applyNow, applyNow);
    return applying;
  }

  async function applyNow(): Promise<void> {
    const want = daicho.settings.get('lan.listener');
    const identity = daicho.lan.identity();
    if (!want.enabled || !identity) {
      await stop();
      daicho.lan.problem = null;
      return;
    }
    if (server && bound && bound.address === want.address && bound.port === want.port) return;
    await stop();
    // A setting kept from before such addresses were refused (0.0.0.0: every network of this PC) is not listened on.
    if (lanAddressProblem(want.address) !== null) {
      daicho.lan.problem = 'lan.problems.every_network';
      log(`lan: not listening on ${want.address}: not one address of this PC`);
      return;
    }
    const s = https.createServer({ cert: identity.certPem, key: identity.keyPem, minVersion: 'TLSv1.3', handshakeTimeout: 10_000 }, (req, res) => {
      handle(req, res).catch((err: unknown) => {
        log(`lan: ${(err as Error)?.message ?? String(err)}`);
        if (!res.headersSent) refusal(res, 500, { code: 'internal', messageKey: 'errors.internal' });
      });
    });
    s.headersTimeout = 10_000;
    s.requestTimeout = 30_000;
    // An office has a handful of stations: a flood of idle connections is refused, not served until the host runs out.
    s.maxConnections = 200;
    s.setTimeout(60_000);
    try {
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(want.port, want.address, () => resolve());
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      daicho.lan.problem = code === 'EADDRINUSE' ? 'lan.problems.in_use' : code === 'EADDRNOTAVAIL' ? 'lan.problems.not_here' : 'errors.internal';
      log(`lan: cannot listen on ${want.address}:${want.port}: ${code ?? String(err)}`);
      return;
    }
    // From now on a server error (too many open files…) is logged, never an uncaught exception that stops the host.
    s.on('error', (err) => log(`lan: ${(err as Error).message}`));
    server = s;
    bound = { address: want.address, port: (s.address() as AddressInfo).port };
    daicho.lan.listening = true;
    daicho.lan.problem = null;
    log(`lan: listening on https://${want.address}:${bound.port}/ (certificate ${identity.fingerprint.slice(0, 16)}…)`);
  }

  daicho.lan.control = apply;
  return { apply, close: stop, address: () => bound };
}
