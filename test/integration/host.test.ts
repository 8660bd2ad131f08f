import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  host = await startHost({ daicho: d, port: 0, staticDir });
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
