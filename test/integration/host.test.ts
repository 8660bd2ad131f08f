import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHost, type RunningHost } from '../../electron/host/host';
import type { Daicho } from '../../electron/core/daicho';
import { openTemp, SETUP, setUp, tempDir } from '../helpers/temp-daicho';

let d: Daicho;
let host: RunningHost;
let origin: string;

beforeAll(async () => {
  d = await openTemp();
  await setUp(d);
  const staticDir = tempDir('daicho-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Daicho</title>');
  host = await startHost({ dispatch: (r) => d.dispatcher.call(r), port: 0, staticDir });
  origin = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  d.close();
});

function post(method: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin, ...headers },
    body: JSON.stringify(body),
  });
}

async function signIn(): Promise<string> {
  const res = await post('auth.signIn', { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  return cookie.split(';')[0];
}

describe('the browser-mode host', () => {
  it('refuses API calls without a session', async () => {
    const res = await post('people.list', {});
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('serves the API with the session cookie from sign-in', async () => {
    const cookie = await signIn();
    const res = await post('people.list', {}, { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { rows: [], total: 0 } });
  });

  it('refuses a foreign or missing Origin even with a valid session', async () => {
    const cookie = await signIn();
    const before = d.store.journalHead().seq;
    for (const o of ['http://evil.example', 'null', `http://127.0.0.1:${host.port + 1}`]) {
      const res = await post('people.list', {}, { Cookie: cookie, Origin: o });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'errors.foreign_origin' } });
    }
    const noOrigin = await fetch(`${origin}/api/auth.signOut`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: '{}' });
    expect(noOrigin.status).toBe(403);
    expect(d.store.journalHead().seq).toBe(before);
  });

  it('refuses other Host names (DNS rebinding) and non-JSON bodies', async () => {
    const rebound = await new Promise<string>((resolve) => {
      const sock = net.connect(host.port, '127.0.0.1', () => sock.end('GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n'));
      let buf = '';
      sock.on('data', (c) => (buf += c));
      sock.on('end', () => resolve(buf));
    });
    expect(rebound).toMatch(/^HTTP\/1.1 421/);
    const form = await fetch(`${origin}/api/auth.signIn`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'text/plain' }, body: 'x' });
    expect(form.status).toBe(415);
  });

  it('serves the page with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('listens on 127.0.0.1 only', async () => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal)
      .map((i) => i.address);
    const attempts = ['127.0.0.1', ...others].map(
      (addr) =>
        new Promise<string>((resolve) => {
          const s = net.connect({ host: addr, port: host.port, timeout: 2000 });
          s.on('connect', () => { s.destroy(); resolve(`${addr}:open`); });
          s.on('error', () => resolve(`${addr}:refused`));
          s.on('timeout', () => { s.destroy(); resolve(`${addr}:refused`); });
        }),
    );
    const results = await Promise.all(attempts);
    expect(results).toEqual(['127.0.0.1:open', ...others.map((a) => `${a}:refused`)]);
  });
});

/** A raw request: a status and body even when fetch would refuse what is sent (malformed paths, huge declared bodies). */
function raw(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: opts.path, method: opts.method ?? 'POST', headers: { Host: `127.0.0.1:${host.port}`, Origin: origin, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('the host refuses malformed requests with the right status, never a 500 (issue 6 point 11)', () => {
  it('a malformed path gives 400', async () => {
    const logged: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...a) => void logged.push(a));
    try {
      const api = await raw({ path: '/api/%ZZ', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(api.status).toBe(400);
      expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'errors.bad_request' } });
      const page = await raw({ path: '/%E0%A4%A', method: 'GET' });
      expect(page.status).toBe(400);
    } finally {
      spy.mockRestore();
    }
    expect(logged).toEqual([]); // nothing unexpected happened, so no stack in the log
  });

  it('a malformed session cookie gives 400 and is cleared, so the next request works', async () => {
    const r = await raw({ path: '/api/auth.session', headers: { 'Content-Type': 'application/json', Cookie: 'daicho_session=%ZZ%' }, body: '{}' });
    expect(r.status).toBe(400);
    expect(String(r.headers['set-cookie'])).toMatch(/daicho_session=; .*Max-Age=0/);
    const next = await raw({ path: '/api/auth.session', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(next.status).toBe(200);
  });

  it('a body over the limit gives 413 naming the limit, not a reset connection', async () => {
    const big = JSON.stringify({ loginId: 'x', password: 'y'.repeat(2 * 1024 * 1024) });
    const res = await post('auth.signIn', JSON.parse(big));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'errors.body_too_large', params: { limit: '1 MiB' } } });
    // A body declared far too large is refused before it is read.
    const declared = await raw({ path: '/api/auth.signIn', headers: { 'Content-Type': 'application/json', 'Content-Length': String(200 * 1024 * 1024) }, body: '{}' }).catch((e: Error) => e);
    expect(declared).toMatchObject({ status: 413 });
  });

  it('accepts exactly application/json (with charset=utf-8 at most)', async () => {
    for (const type of ['text/plain', 'application/jsonx', 'application/json-patch+json', 'application/json; charset=latin1', 'application/json; boundary=x', 'multipart/form-data'])
      expect({ type, status: (await raw({ path: '/api/auth.session', headers: { 'Content-Type': type }, body: '{}' })).status }).toEqual({ type, status: 415 });
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])
      expect({ type, status: (await raw({ path: '/api/auth.session', headers: { 'Content-Type': type }, body: '{}' })).status }).toEqual({ type, status: 200 });
  });
});

describe('the desk and the door terminal in two tabs of one browser (issue 6 point 17)', () => {
  it('keep sessions of their own: starting the terminal does not sign the desk out', async () => {
    const desk = await post('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password });
    const cookies = desk.headers.getSetCookie();
    expect(cookies.some((c) => /^daicho_device=v2\..*Max-Age=\d+/.test(c))).toBe(true);
    const jar = cookies.map((c) => c.split(';')[0]).join('; ');
    // The terminal tab shares the browser's cookies but asks for its own channel: no session there yet.
    const terminal = { Cookie: jar, 'X-Daicho-Channel': 'terminal' };
    expect(await (await post('auth.session', {}, terminal)).json()).toEqual({ ok: true, value: null });
    const signedIn = await post('auth.signIn', { loginId: SETUP.sysadmin.loginId, password: SETUP.sysadmin.password }, terminal);
    const terminalCookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('daicho_terminal='))!.split(';')[0];
    const sites = (await (await post('sites.list', {}, { ...terminal, Cookie: `${jar}; ${terminalCookie}` })).json()) as { value: { id: string }[] };
    const started = await post('terminal.start', { siteId: sites.value[0].id, password: SETUP.sysadmin.password }, { ...terminal, Cookie: `${jar}; ${terminalCookie}` });
    expect(started.status).toBe(200);
    // The desk tab, reloaded with every cookie the browser now has, is still the desk.
    const all = `${jar}; ${started.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')}`;
    const deskSession = (await (await post('auth.session', {}, { Cookie: all })).json()) as { value: { kind: string; loginId: string } | null };
    expect(deskSession.value).toMatchObject({ kind: 'desk', loginId: SETUP.sysadmin.loginId });
    expect((await post('terminal.info', {}, { Cookie: all, 'X-Daicho-Channel': 'terminal' })).status).toBe(200);
  });
});
