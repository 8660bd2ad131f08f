import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';

/** The app is served from app://daicho/ — a privileged standard scheme, never file:// (Electron security checklist). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://daicho';
export const APP_URL = `${APP_ORIGIN}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Must run before app 'ready'. standard + secure make app://daicho/ a real origin ('self' in the
 * CSP, same-origin module scripts); corsEnabled is deliberately not set, so no other origin can
 * read from it.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Print layouts waiting to be rendered (print-pdf.ts), each served once from app://daicho/__print/<id>. */
const printDocuments = new Map<string, string>();
const PRINT_PATH = '/__print/';
/** A print layout's own document: its inline styles, nothing loaded from anywhere, no script. */
const PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Serve one print layout, once; returns its address. */
export function offerPrintDocument(html: string): { url: string; withdraw(): void } {
  const id = randomUUID();
  printDocuments.set(id, html);
  return { url: `${APP_ORIGIN}${PRINT_PATH}${id}`, withdraw: () => void printDocuments.delete(id) };
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Serve the built renderer (dist/renderer) with the one CSP from shared/security.ts. */
export function handleAppProtocol(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'daicho' || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
    if (url.pathname.startsWith(PRINT_PATH)) {
      const id = url.pathname.slice(PRINT_PATH.length);
      const html = printDocuments.get(id);
      if (html === undefined) return notFound();
      printDocuments.delete(id);
      return new Response(html, {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PRINT_CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
      });
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return notFound();
    }
    let file = path.resolve(root, `.${rel}`);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();
    const isFile = fs.existsSync(file) && fs.statSync(file).isFile();
    if (!isFile) {
      // Routes are hash routes, so only "/" and extension-less paths fall back to the page.
      if (path.extname(file)) return notFound();
      file = path.join(root, 'index.html');
    }
    let body: Buffer;
    try {
      body = await fs.promises.readFile(file);
    } catch {
      return notFound();
    }
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      },
    });
  });
}
