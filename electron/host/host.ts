import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { CallOutcome, CallRequest } from '../core';
import type { ApiError } from '../../shared/api/errors';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';

export interface HostOptions {
  /** Where calls go: the core's dispatcher here, or (a LAN station) the ledger host through the station's transport. */
  dispatch: (req: CallRequest) => Promise<CallOutcome>;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** Station name written on journal rows for calls through this host. */
  station?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * One session cookie per channel: the desk app and the door-terminal screen (#/terminal, which
 * sends X-Daicho-Channel: terminal) keep their sessions apart, so both can be open in one browser.
 */
const SESSION_COOKIES = { desk: 'daicho_session', terminal: 'daicho_terminal' } as const;
type Channel = keyof typeof SESSION_COOKIES;
/** The device's proof of the accounts it has signed in to (issue 6 point 10), kept for a year. */
const DEVICE_COOKIE = 'daicho_device';
const DEVICE_MAX_AGE = 400 * 24 * 3600;
const MAX_BODY = 1024 * 1024;
const MAX_BODY_TEXT = '1 MiB';
/** Beyond this the rest of an oversized body is not even read: the connection is closed. */
const MAX_DRAIN = 16 * MAX_BODY;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};
const HTTP_STATUS: Partial<Record<ApiError['code'], number>> = {
  invalid_input: 400,
  unknown_method: 404,
  not_signed_in: 401,
  forbidden: 403,
  session_locked: 423,
  account_locked: 423,
  reauth_required: 403,
  password_change_required: 403,
  bad_credentials: 401,
  not_found: 404,
  conflict: 409,
  setup_done: 409,
  data_damaged: 503,
  too_many_attempts: 429,
  internal: 500,
};

/** The cookies of a request; a value that is not valid percent-encoding is reported, not thrown. */
function readCookies(req: http.IncomingMessage): { values: Map<string, string>; malformed: Set<string> } {
  const values = new Map<string, string>();
  const malformed = new Set<string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      values.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      malformed.add(name);
    }
  }
  return { values, malformed };
}

function cookie(name: string, value: string | null, maxAge?: number): string {
  return value === null
    ? `${name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`
    : `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict${maxAge ? `; Max-Age=${maxAge}` : ''}`;
}

/** Exactly JSON: `application/json`, optionally with `charset=utf-8`, nothing else. */
function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  return type === 'application/json' && params.every((p) => p === 'charset=utf-8' || p === 'charset="utf-8"');
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

function refuse(res: http.ServerResponse, status: number, code: ApiError['code'], messageKey: ApiError['messageKey'], extra: Partial<ApiError> = {}, headers: Record<string, string | string[]> = {}): void {
  sendJson(res, status, { ok: false, error: { code, messageKey, ...extra } }, headers);
}

/**
 * The body as text, or null when it is larger than MAX_BODY. An oversized body is read to its end
 * and dropped (so the client gets the 413, not a reset connection), up to MAX_DRAIN.
 */
function readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
      else if (size > MAX_DRAIN) {
        res.setHeader('Connection', 'close');
        resolve(null);
        req.pause();
      }
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Browser mode (SPEC §9): the built renderer and the API on 127.0.0.1 only. A thin transport over
 * the one dispatcher: POST /api/<method>, JSON in and out, the session in an HttpOnly,
 * SameSite=Strict cookie, and the Origin and Host of every API call checked.
 */
export function startHost(opts: HostOptions): Promise<RunningHost> {
  const station = opts.station ?? 'browser';
  let allowed = new Set<string>();

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // DNS rebinding: only our own host names are served at all.
      if (!allowed.has(`http://${req.headers.host ?? ''}`)) return refuse(res, 421, 'forbidden', 'errors.forbidden');
      if (url.pathname.startsWith('/api/')) return await api(req, res, url);
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'unknown_method', 'errors.unknown_method');
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return refuse(res, 400, 'invalid_input', 'errors.bad_request');
      }
      serveStatic(opts.staticDir, pathname, res);
    } catch (err) {
      console.error(`[${new Date().toISOString()}] host: ${(err as Error)?.message ?? String(err)}`);
      if (!res.headersSent) refuse(res, 500, 'internal', 'errors.internal');
    }
  });

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'unknown_method', 'errors.unknown_method');
    // A foreign page must not drive the API with the user's cookie.
    if (!allowed.has(String(req.headers.origin ?? ''))) return refuse(res, 403, 'forbidden', 'errors.foreign_origin');
    let method: string;
    try {
      method = decodeURIComponent(url.pathname.slice('/api/'.length));
    } catch {
      return refuse(res, 400, 'invalid_input', 'errors.bad_request');
    }
    if (!isJsonContentType(req.headers['content-type'])) return refuse(res, 415, 'invalid_input', 'errors.unsupported_media_type');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_DRAIN) {
      res.setHeader('Connection', 'close');
      return refuse(res, 413, 'invalid_input', 'errors.body_too_large', { params: { limit: MAX_BODY_TEXT } });
    }
    const body = await readBody(req, res);
    if (body === null) return refuse(res, 413, 'invalid_input', 'errors.body_too_large', { params: { limit: MAX_BODY_TEXT } });
    const channel: Channel = req.headers['x-daicho-channel'] === 'terminal' ? 'terminal' : 'desk';
    const sessionCookie = SESSION_COOKIES[channel];
    const cookies = readCookies(req);
    // A cookie we never set (not valid percent-encoding): say so, and clear it so the next request works.
    if (cookies.malformed.has(sessionCookie) || cookies.malformed.has(DEVICE_COOKIE))
      return refuse(res, 400, 'invalid_input', 'errors.bad_request', {}, {
        'Set-Cookie': [...cookies.malformed].filter((n) => n === sessionCookie || n === DEVICE_COOKIE).map((n) => cookie(n, null)),
      });
    let input: unknown;
    try {
      input = body ? JSON.parse(body) : {};
    } catch {
      return refuse(res, 400, 'invalid_input', 'errors.field.invalid_type');
    }
    const out = await opts.dispatch({
      token: cookies.values.get(sessionCookie) ?? null, method, input, station,
      client: req.socket.remoteAddress ?? 'unknown', device: cookies.values.get(DEVICE_COOKIE) ?? null,
    });
    const setCookies: string[] = [];
    if (out.token !== undefined) setCookies.push(cookie(sessionCookie, out.token));
    if (out.device !== undefined) setCookies.push(cookie(DEVICE_COOKIE, out.device, DEVICE_MAX_AGE));
    const status = out.result.ok ? 200 : (HTTP_STATUS[out.result.error.code] ?? 400);
    return sendJson(res, status, out.result, setCookies.length > 0 ? { 'Set-Cookie': setCookies } : {});
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the host is never reachable from the network.
    server.listen(opts.port, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      allowed = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
      resolve({
        url: `http://127.0.0.1:${port}/`,
        port,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const rel = path.normalize(pathname).replace(/^([/\\])+/, '');
  let file = path.join(root, rel);
  if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The renderer is not built: run "npm run build". / 画面がビルドされていません。');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=31536000, immutable',
  });
  fs.createReadStream(file).pipe(res);
}
