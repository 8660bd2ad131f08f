import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Daicho } from '../core/daicho';
import type { ApiError } from '../../shared/api/errors';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';

export interface HostOptions {
  daicho: Daicho;
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

const COOKIE = 'daicho_session';
const MAX_BODY = 1024 * 1024;
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
  internal: 500,
};

function cookieToken(req: http.IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return decodeURIComponent(v.join('='));
  }
  return null;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

function refuse(res: http.ServerResponse, status: number, code: ApiError['code'], messageKey: string): void {
  sendJson(res, status, { ok: false, error: { code, messageKey } });
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
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
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Browser mode (SPEC §9): the built renderer and the API on 127.0.0.1 only. A thin transport over
 * the one dispatcher: POST /api/<method>, JSON in and out, the session in an HttpOnly,
 * SameSite=Strict cookie, and the Origin and Host of every API call checked.
 */
export function startHost(opts: HostOptions): Promise<RunningHost> {
  const { daicho } = opts;
  const station = opts.station ?? 'browser';
  let allowed = new Set<string>();

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // DNS rebinding: only our own host names are served at all.
      if (!allowed.has(`http://${req.headers.host ?? ''}`)) return refuse(res, 421, 'forbidden', 'errors.forbidden');
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return refuse(res, 405, 'unknown_method', 'errors.unknown_method');
        // A foreign page must not drive the API with the user's cookie.
        if (!allowed.has(String(req.headers.origin ?? ''))) return refuse(res, 403, 'forbidden', 'errors.foreign_origin');
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
          return refuse(res, 415, 'invalid_input', 'errors.field.invalid_type');
        const body = await readBody(req);
        if (body === null) return refuse(res, 413, 'invalid_input', 'errors.field.too_long');
        let input: unknown;
        try {
          input = body ? JSON.parse(body) : {};
        } catch {
          return refuse(res, 400, 'invalid_input', 'errors.field.invalid_type');
        }
        const method = decodeURIComponent(url.pathname.slice('/api/'.length));
        const out = await daicho.dispatcher.call({ token: cookieToken(req), method, input, station });
        const headers: Record<string, string> = {};
        if (out.token !== undefined) {
          headers['Set-Cookie'] =
            out.token === null
              ? `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`
              : `${COOKIE}=${encodeURIComponent(out.token)}; Path=/; HttpOnly; SameSite=Strict`;
        }
        const status = out.result.ok ? 200 : (HTTP_STATUS[out.result.error.code] ?? 400);
        return sendJson(res, status, out.result, headers);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'unknown_method', 'errors.unknown_method');
      serveStatic(opts.staticDir, url.pathname, res);
    } catch (err) {
      console.error(err);
      if (!res.headersSent) refuse(res, 500, 'internal', 'errors.internal');
    }
  });

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
  const rel = path.normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
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
