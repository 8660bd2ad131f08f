import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAST_KDF_SWITCH, FAST_KDF_WARNING } from '../../electron/core/keys/cost';

// The built `daicho` command, run as a child process on real encrypted data in temp folders.
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'daicho.mjs');

export interface Run {
  code: number | null;
  stdout: string;
  /** stderr without the test-only cheap scrypt's warning line (core/keys/cost.ts), which the suite's switch makes the command print. */
  stderr: string;
  /** stderr exactly as printed. */
  rawStderr: string;
}

/**
 * The environment without any DAICHO_* of the developer's shell — except the suite's own switch to a
 * cheap scrypt (set in vitest.config.ts), which reaches the commands the tests start.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DAICHO_') || k === FAST_KDF_SWITCH));
  return { ...env, ...extra };
}

/** The command's stderr without the warning it prints first while the test-only switch is on. */
function withoutKdfWarning(stderr: string): string {
  const line = `${FAST_KDF_WARNING}\n`;
  return stderr.startsWith(line) ? stderr.slice(line.length) : stderr;
}

/** Run the command with no terminal (stdin closed), as CI and services do. */
export function daicho(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: withoutKdfWarning(r.stderr), rawStderr: r.stderr };
}

export function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Start `daicho serve` and wait for the address it prints. */
export function serve(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}


/** `npm test` builds first; a lone `vitest run` builds what it needs. */
export function ensureBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist/node/cli.mjs'))) execFileSync(process.execPath, ['build/bundle-node.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (!fs.existsSync(path.join(ROOT, 'dist/renderer/index.html'))) {
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
    } catch {
      // Only the page check needs the UI; it fails with a clear 503 if the UI does not build.
    }
  }
}
