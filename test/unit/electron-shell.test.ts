/**
 * The thin Electron shell (electron/main/*, electron/preload/preload.ts) run under Node: the
 * Electron binary cannot run here, so `electron` is replaced by small fakes of exactly the APIs the
 * shell calls. Daicho's own core is NOT faked: the IPC bridge and main.ts open a real encrypted
 * Daicho in a temp folder. What the fakes cannot show — that Electron itself honours these
 * options and handlers — is the job of the Electron end-to-end suite (npm run test:electron).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Daicho } from '../../electron/core/daicho';
import { FAST_KDF_SWITCH, FAST_KDF_WARNING } from '../../electron/core/keys/cost';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { openTemp, SETUP, setUp, SM_APPROVAL, tempDir } from '../helpers/temp-daicho';
import { lanHost } from '../helpers/lan-host';

// ---------------------------------------------------------------------------------------------
// Fakes of the Electron APIs the shell uses.

type Listener = (...args: unknown[]) => unknown;

interface FakeFrame {
  parent: FakeFrame | null;
  frameTreeNodeId: number;
  url: string;
}

const fakes = await vi.hoisted(async () => {
  // vi.hoisted runs before the imports, so it loads its own EventEmitter.
  const { EventEmitter: Emitter } = await import('node:events');
  let nextId = 1;

  class FakeWebContents extends Emitter {
    readonly id = nextId++;
    readonly mainFrame: FakeFrame;
    windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
    constructor(url = 'app://daicho/index.html') {
      super();
      this.mainFrame = { parent: null, frameTreeNodeId: 1000 + this.id, url };
    }
    setWindowOpenHandler(h: (details: { url: string }) => unknown): void {
      this.windowOpenHandler = h;
    }
    readonly printToPDF = vi.fn(async (_options: Record<string, unknown>) => Buffer.from('%PDF-fake'));
  }

  class FakeBrowserWindow extends Emitter {
    static instances: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly loadURL = vi.fn(async (_url: string) => undefined);
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly isMinimized = vi.fn(() => false);
    destroyed = false;
    readonly destroy = vi.fn(() => void (this.destroyed = true));
    readonly isDestroyed = vi.fn(() => this.destroyed);
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.instances.push(this);
    }
  }

  const appEvents = new Emitter();
  const paths = new Map<string, string>();
  const ready: { resolve: () => void; promise: Promise<void> } = { resolve: () => undefined, promise: Promise.resolve() };
  const app = {
    isPackaged: false,
    commandLine: { appendSwitch: vi.fn() },
    on: vi.fn((name: string, l: Listener) => appEvents.on(name, l)),
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(() => ready.promise),
    setPath: vi.fn((name: string, p: string) => void paths.set(name, p)),
    getPath: vi.fn((name: string) => {
      const p = paths.get(name);
      if (!p) throw new Error(`fake app.getPath: no ${name}`);
      return p;
    }),
  };

  const ipcHandlers = new Map<string, Listener>();
  const ipcMain = {
    handle: vi.fn((channel: string, l: Listener) => {
      // Like Electron: a second handler for one channel is an error.
      if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, l);
    }),
  };

  const protocolHandlers = new Map<string, (req: { url: string; method: string }) => Promise<Response>>();
  const protocol = {
    registerSchemesAsPrivileged: vi.fn(),
    handle: vi.fn((scheme: string, h: (req: { url: string; method: string }) => Promise<Response>) => void protocolHandlers.set(scheme, h)),
  };

  const permissions: { request: Listener | null; check: Listener | null } = { request: null, check: null };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn((h: Listener) => void (permissions.request = h)),
      setPermissionCheckHandler: vi.fn((h: Listener) => void (permissions.check = h)),
    },
  };

  const storage = { available: true, backend: 'gnome_libsecret', decryptFails: false, reEncrypt: false, decryptResult: null as string | null };
  const safeStorage = {
    isAsyncEncryptionAvailable: vi.fn(async () => storage.available),
    getSelectedStorageBackend: vi.fn(() => storage.backend),
    encryptStringAsync: vi.fn(async (s: string) => Buffer.from(`wrapped:${Buffer.from(s).toString('base64')}`)),
    decryptStringAsync: vi.fn(async (b: Buffer) => {
      const text = b.toString();
      if (storage.decryptFails || !text.startsWith('wrapped:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: storage.decryptResult ?? Buffer.from(text.slice('wrapped:'.length), 'base64').toString(), shouldReEncrypt: storage.reEncrypt };
    }),
  };

  const exposed = new Map<string, unknown>();
  const contextBridge = { exposeInMainWorld: vi.fn((key: string, api: unknown) => void exposed.set(key, api)) };
  const ipcRenderer = { invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'from-main' })) };

  const Menu = { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((t: unknown) => ({ template: t })) };
  const dialog = { showErrorBox: vi.fn() };

  function reset(): void {
    FakeBrowserWindow.instances = [];
    appEvents.removeAllListeners();
    paths.clear();
    ipcHandlers.clear();
    protocolHandlers.clear();
    permissions.request = null;
    permissions.check = null;
    Object.assign(storage, { available: true, backend: 'gnome_libsecret', decryptFails: false, reEncrypt: false, decryptResult: null });
    exposed.clear();
    app.isPackaged = false;
    let resolve: () => void = () => undefined;
    ready.promise = new Promise<void>((r) => (resolve = r));
    ready.resolve = resolve;
    app.requestSingleInstanceLock.mockImplementation(() => true);
    vi.clearAllMocks();
  }

  return {
    FakeWebContents, FakeBrowserWindow, appEvents, ready, app, ipcHandlers, ipcMain, protocolHandlers, protocol,
    permissions, session, storage, safeStorage, exposed, contextBridge, ipcRenderer, Menu, dialog, reset,
  };
});

vi.mock('electron', () => ({
  app: fakes.app,
  BrowserWindow: fakes.FakeBrowserWindow,
  ipcMain: fakes.ipcMain,
  protocol: fakes.protocol,
  session: fakes.session,
  safeStorage: fakes.safeStorage,
  contextBridge: fakes.contextBridge,
  ipcRenderer: fakes.ipcRenderer,
  Menu: fakes.Menu,
  dialog: fakes.dialog,
}));

const REAL_PLATFORM = process.platform;
type FakeWebContents = InstanceType<typeof fakes.FakeWebContents>;

beforeEach(() => fakes.reset());

function navEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

function setPlatform(p: NodeJS.Platform): () => void {
  const original = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { ...original, value: p });
  return () => Object.defineProperty(process, 'platform', original);
}

// ---------------------------------------------------------------------------------------------

describe('window.ts: the one BrowserWindow', () => {
  it('is created with the Electron security checklist webPreferences and the preload', async () => {
    const { createMainWindow } = await import('../../electron/main/window');
    const win = createMainWindow('desk', 'dist/electron/preload.cjs') as unknown as InstanceType<typeof fakes.FakeBrowserWindow>;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: path.resolve('dist/electron/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: true, // not packaged
    });
    expect(path.isAbsolute(prefs.preload as string)).toBe(true);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('experimentalFeatures');
    expect(win.options).toMatchObject({ kiosk: false, fullscreen: false, show: false });
    expect(win.loadURL).toHaveBeenCalledWith('app://daicho/index.html');
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledTimes(1);
  });

  it('has no devtools when packaged, and the terminal profile is a kiosk at #/terminal', async () => {
    const { createMainWindow } = await import('../../electron/main/window');
    fakes.app.isPackaged = true;
    const win = createMainWindow('terminal', '/opt/daicho/preload.cjs') as unknown as InstanceType<typeof fakes.FakeBrowserWindow>;
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true });
    expect(win.options.webPreferences).toMatchObject({ devTools: false, sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/opt/daicho/preload.cjs' });
    expect(win.loadURL).toHaveBeenCalledWith('app://daicho/index.html#/terminal');
  });
});

describe('security.ts: navigation, new windows, permissions', () => {
  async function lockedDownContents(): Promise<FakeWebContents> {
    const { lockDownWebContents } = await import('../../electron/main/security');
    lockDownWebContents();
    const contents = new fakes.FakeWebContents();
    fakes.appEvents.emit('web-contents-created', {}, contents);
    return contents;
  }

  const foreign = [
    'https://evil.example/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://daicho.evil.example/index.html',
    'app://daicho@evil.example/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
  ];

  it('prevents navigation, frame navigation and redirects away from app://daicho/', async () => {
    const contents = await lockedDownContents();
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(contents.listenerCount(name), name).toBe(1);
      for (const url of foreign) {
        const e = navEvent(url);
        contents.emit(name, e);
        expect(e.preventDefault, `${name} ${url}`).toHaveBeenCalled();
      }
      const own = navEvent('app://daicho/index.html#/people');
      contents.emit(name, own);
      expect(own.preventDefault, `${name} within the app`).not.toHaveBeenCalled();
    }
  });

  it('denies every window.open, even to the app itself, and every <webview>', async () => {
    const contents = await lockedDownContents();
    expect(contents.windowOpenHandler).not.toBeNull();
    for (const url of [...foreign, 'app://daicho/index.html']) expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    const e = navEvent('app://daicho/index.html');
    contents.emit('will-attach-webview', e);
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', async () => {
    const { denyAllPermissions } = await import('../../electron/main/security');
    denyAllPermissions();
    expect(fakes.permissions.request).not.toBeNull();
    expect(fakes.permissions.check).not.toBeNull();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'fullscreen', 'openExternal']) {
      const callback = vi.fn();
      fakes.permissions.request!({}, permission, callback, { requestingUrl: 'app://daicho/index.html' });
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(fakes.permissions.check!({}, permission, 'app://daicho', {}), permission).toBe(false);
    }
  });
});

describe('protocol.ts: app://daicho/', () => {
  let base: string;
  let root: string;
  let serve: (url: string, method?: string) => Promise<Response>;

  beforeAll(() => {
    base = tempDir('daicho-protocol-');
    root = path.join(base, 'renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Daicho</title>');
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log("app")');
    fs.writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET');
    // A sibling whose name starts with the renderer folder's name: "renderer-evil".
    fs.mkdirSync(path.join(base, 'renderer-evil'));
    fs.writeFileSync(path.join(base, 'renderer-evil', 'x.js'), 'EVIL SIBLING');
  });
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  beforeEach(async () => {
    const { handleAppProtocol } = await import('../../electron/main/protocol');
    handleAppProtocol(root);
    const handler = fakes.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    serve = (url, method = 'GET') => handler!({ url, method });
  });

  it('registers app as a standard, secure scheme without CORS or CSP bypass', async () => {
    const { registerAppScheme } = await import('../../electron/main/protocol');
    registerAppScheme();
    const [[schemes]] = fakes.protocol.registerSchemesAsPrivileged.mock.calls as [[{ scheme: string; privileges: Record<string, boolean> }[]]];
    expect(schemes).toHaveLength(1);
    expect(schemes[0].scheme).toBe('app');
    expect(schemes[0].privileges).toMatchObject({ standard: true, secure: true });
    for (const p of ['corsEnabled', 'bypassCSP', 'allowServiceWorkers']) expect(schemes[0].privileges[p], p).toBeFalsy();
  });

  it('serves the renderer files with the one CSP and hardening headers', async () => {
    const page = await serve('app://daicho/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!doctype html><title>Daicho</title>');
    expect(page.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const js = await serve('app://daicho/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await js.text()).toBe('console.log("app")');
  });

  it('falls back to the page for "/" and extension-less routes, 404 for missing files', async () => {
    for (const url of ['app://daicho/', 'app://daicho/people']) {
      const r = await serve(url);
      expect(r.status, url).toBe(200);
      expect(await r.text()).toContain('<title>Daicho</title>');
    }
    expect((await serve('app://daicho/assets/missing.js')).status).toBe(404);
  });

  it('refuses path traversal, plain and encoded, and never serves a file outside the renderer folder', async () => {
    const attempts = [
      'app://daicho/../secret.txt',
      'app://daicho/../../../../etc/passwd',
      'app://daicho/%2e%2e/secret.txt',
      'app://daicho/%2E%2E/%2E%2E/etc/passwd',
      'app://daicho/..%2fsecret.txt',
      'app://daicho/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      'app://daicho/%2e%2e%2fsecret.txt',
      'app://daicho/assets/..%2f..%2fsecret.txt',
      'app://daicho/..%2frenderer-evil%2fx.js',
      'app://daicho/%2e%2e%2frenderer-evil%2fx.js',
      `app://daicho/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
      'app://daicho/%E0%A4%A', // malformed escape
    ];
    const passwd = fs.existsSync('/etc/passwd') ? fs.readFileSync('/etc/passwd', 'utf8') : null;
    for (const url of attempts) {
      const r = await serve(url);
      const body = await r.text();
      expect(body, url).not.toContain('TOP SECRET');
      expect(body, url).not.toContain('EVIL SIBLING');
      if (passwd) expect(body, url).not.toBe(passwd);
      // Either refused outright, or (dot segments the URL parser already folded) the app's page.
      if (r.status === 200) expect(body, url).toContain('<title>Daicho</title>');
      else expect(r.status, url).toBe(404);
    }
    // The encoded "../" forms survive URL parsing and must be refused by the handler itself.
    for (const url of ['app://daicho/..%2fsecret.txt', 'app://daicho/..%2frenderer-evil%2fx.js', 'app://daicho/assets/..%2f..%2fsecret.txt', 'app://daicho/%E0%A4%A'])
      expect((await serve(url)).status, url).toBe(404);
  });

  it('refuses unknown hosts and methods other than GET and HEAD', async () => {
    for (const url of ['app://evil/index.html', 'app://daicho.evil/index.html', 'app://localhost/index.html', 'app://daicho:8080/index.html'])
      expect((await serve(url)).status, url).toBe(404);
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await serve('app://daicho/index.html', method)).status, method).toBe(404);
    expect((await serve('app://daicho/index.html', 'HEAD')).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------

function liveTokens(d: Daicho): string[] {
  // The session tokens the core holds (read only, to show none reaches the page).
  return [...(d.sessions as unknown as { sessions: Map<string, unknown> }).sessions.keys()];
}

describe('print-pdf.ts: the app\'s PDFs by printToPDF (issue 12)', () => {
  it('serves a print layout once, with a CSP that loads nothing and runs no script', async () => {
    const { handleAppProtocol, offerPrintDocument } = await import('../../electron/main/protocol');
    handleAppProtocol(tempDir('daicho-print-'));
    const serve = (url: string) => fakes.protocolHandlers.get('app')!({ url, method: 'GET' });
    const doc = offerPrintDocument('<!doctype html><title>台帳</title>');
    expect(doc.url).toMatch(/^app:\/\/daicho\/__print\/[0-9a-f-]{36}$/);
    const first = await serve(doc.url);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('<!doctype html><title>台帳</title>');
    expect(first.headers.get('Content-Security-Policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect((await serve(doc.url)).status).toBe(404);
    const withdrawn = offerPrintDocument('<p>x</p>');
    withdrawn.withdraw();
    expect((await serve(withdrawn.url)).status).toBe(404);
    expect((await serve('app://daicho/__print/not-a-document')).status).toBe(404);
  });

  it('renders in a hidden window without preload or script, A4 landscape by the layout\'s own @page, then closes the window and withdraws the document', async () => {
    const { handleAppProtocol } = await import('../../electron/main/protocol');
    const { electronPdfRenderer } = await import('../../electron/main/print-pdf');
    handleAppProtocol(tempDir('daicho-print-'));
    const pdf = await electronPdfRenderer()('<!doctype html><p>記録</p>', new AbortController().signal);
    expect(Buffer.from(pdf).toString()).toBe('%PDF-fake');
    const win = fakes.FakeBrowserWindow.instances.at(-1)!;
    expect(win.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
    expect((win.options.webPreferences as Record<string, unknown>).preload).toBeUndefined();
    const url = win.loadURL.mock.calls[0][0];
    expect(url).toMatch(/^app:\/\/daicho\/__print\//);
    expect(win.webContents.printToPDF).toHaveBeenCalledWith({ landscape: true, pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(win.destroy).toHaveBeenCalled();
    expect((await fakes.protocolHandlers.get('app')!({ url, method: 'GET' })).status).toBe(404);
    // Cancelled before it starts: no PDF, the window gone.
    const ctl = new AbortController();
    ctl.abort();
    await expect(electronPdfRenderer()('<p>x</p>', ctl.signal)).rejects.toThrow();
    expect(fakes.FakeBrowserWindow.instances.at(-1)!.destroyed).toBe(true);
  });
});

describe('ipc.ts: the daicho:api bridge over a real Daicho', () => {
  let d: Daicho;
  let ours: Set<FakeWebContents>;
  let invoke: (event: { sender: FakeWebContents; senderFrame: FakeFrame | null }, method: unknown, input?: unknown) => Promise<{ ok: boolean; error?: { code: string }; value?: unknown }>;
  const signIn = { loginId: SETUP.safetyManager.loginId, password: SETUP.safetyManager.password };
  const FORBIDDEN = { ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } };

  beforeAll(async () => {
    d = await openTemp();
    await setUp(d);
  });
  afterAll(() => d.close());

  beforeEach(async () => {
    const { installApiBridge } = await import('../../electron/main/ipc');
    ours = new Set();
    installApiBridge({ dispatch: (r) => d.dispatcher.call(r), forget: (t) => d.sessions.delete(t), station: 'desk:front-pc', isOurWindow: (c) => ours.has(c as unknown as FakeWebContents) });
    const handler = fakes.ipcHandlers.get('daicho:api');
    expect(handler).toBeDefined();
    invoke = (event, method, input = {}) => handler!(event, method, input) as ReturnType<typeof invoke>;
  });

  function ourWindow(url = 'app://daicho/index.html'): FakeWebContents {
    const c = new fakes.FakeWebContents(url);
    ours.add(c);
    return c;
  }
  const fromMain = (c: FakeWebContents) => ({ sender: c, senderFrame: c.mainFrame });
  const journalSeq = () => d.store.journalHead().seq;

  it('refuses calls not from the main frame of our window at app://daicho/, and writes nothing', async () => {
    const stranger = new fakes.FakeWebContents(); // app://daicho/, but not our window
    const win = ourWindow();
    const sub: FakeFrame = { parent: win.mainFrame, frameTreeNodeId: 9001, url: 'app://daicho/index.html' };
    const orphanTop: FakeFrame = { parent: null, frameTreeNodeId: 9002, url: 'app://daicho/index.html' };
    const cases: [string, { sender: FakeWebContents; senderFrame: FakeFrame | null }][] = [
      ['not our window', fromMain(stranger)],
      ['no sender frame (gone)', { sender: win, senderFrame: null }],
      ['a subframe', { sender: win, senderFrame: sub }],
      ['a top frame that is not the main frame', { sender: win, senderFrame: orphanTop }],
      // Not a state Electron produces; it tests the parent === null clause on its own.
      ['a child frame with the main frame id', { sender: win, senderFrame: { ...sub, frameTreeNodeId: win.mainFrame.frameTreeNodeId } }],
    ];
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'app://evil/index.html', 'app://daicho.evil.example/', 'about:blank', 'data:text/html,x']) {
      const w = ourWindow(url);
      cases.push([`main frame at ${url}`, fromMain(w)]);
    }
    const seq = journalSeq();
    const tokens = liveTokens(d).length;
    for (const [name, event] of cases) {
      // A valid sign-in: had it reached the dispatcher it would journal and make a session.
      expect(await invoke(event, 'auth.signIn', signIn), name).toEqual(FORBIDDEN);
      expect(await invoke(event, 'people.list', {}), name).toEqual(FORBIDDEN);
      expect(event.sender.listenerCount('destroyed'), name).toBe(0);
    }
    expect(journalSeq()).toBe(seq);
    expect(liveTokens(d)).toHaveLength(tokens);
  });

  it('refuses a method that is not a short string before the dispatcher', async () => {
    const win = ourWindow();
    const seq = journalSeq();
    for (const m of [42, null, { toString: () => 'auth.signIn' }, 'a'.repeat(101)])
      expect(await invoke(fromMain(win), m, signIn)).toEqual({ ok: false, error: { code: 'unknown_method', messageKey: 'errors.unknown_method' } });
    expect(journalSeq()).toBe(seq);
  });

  it('passes trusted calls to the real dispatcher and keeps the token per window, out of the page', async () => {
    const win = ourWindow();
    const other = ourWindow();
    expect(await invoke(fromMain(win), 'people.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });

    const before = new Set(liveTokens(d));
    const seq = journalSeq();
    const res = await invoke(fromMain(win), 'auth.signIn', signIn);
    expect(res).toMatchObject({ ok: true });
    const created = liveTokens(d).filter((t) => !before.has(t));
    expect(created).toHaveLength(1);
    // The page never sees the token.
    expect(JSON.stringify(res)).not.toContain(created[0]);
    // The call went through the one dispatcher: journaled with this bridge's station.
    const row = d.store.db.prepare('SELECT action, station FROM journal WHERE seq > ? ORDER BY seq DESC LIMIT 1').get(seq) as { action: string; station: string };
    expect(row).toEqual({ action: 'auth.signin', station: 'desk:front-pc' });

    // The session is this window's only.
    expect(await invoke(fromMain(win), 'people.list', {})).toMatchObject({ ok: true, value: { total: 0 } });
    expect(await invoke(fromMain(win), 'auth.session', {})).toMatchObject({ ok: true, value: { loginId: SETUP.safetyManager.loginId } });
    expect(await invoke(fromMain(other), 'people.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await invoke(fromMain(other), 'auth.session', {})).toEqual({ ok: true, value: null });
    // Once per window, not once per call.
    expect(win.listenerCount('destroyed')).toBe(1);

    // Signing out forgets the token.
    expect(await invoke(fromMain(win), 'auth.signOut', {})).toEqual({ ok: true, value: null });
    expect(liveTokens(d)).not.toContain(created[0]);
    expect(await invoke(fromMain(win), 'people.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('ends the session when the window\'s web contents are destroyed', async () => {
    const win = ourWindow();
    const before = new Set(liveTokens(d));
    expect(await invoke(fromMain(win), 'auth.signIn', signIn)).toMatchObject({ ok: true });
    const [token] = liveTokens(d).filter((t) => !before.has(t));
    expect(token).toBeDefined();
    expect(d.sessions.get(token)).not.toBeNull();

    win.emit('destroyed');
    expect(d.sessions.get(token)).toBeNull();
    expect(liveTokens(d)).not.toContain(token);
    // A later call with the same contents id starts with no session.
    expect(await invoke(fromMain(win), 'people.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });
  it('ends a session whose window is destroyed while its sign-in is still running', async () => {
    const win = ourWindow();
    expect(await invoke(fromMain(win), 'auth.session', {})).toEqual({ ok: true, value: null }); // the window is known
    const before = new Set(liveTokens(d));
    const pending = invoke(fromMain(win), 'auth.signIn', signIn); // the password check takes a while
    win.emit('destroyed');
    expect(await pending).toMatchObject({ ok: true });
    expect(liveTokens(d).filter((t) => !before.has(t))).toEqual([]);
  });
});

describe('preload.ts: the whole bridge', () => {
  it('exposes one frozen object with one function that invokes daicho:api only', async () => {
    vi.resetModules();
    await import('../../electron/preload/preload');
    expect(fakes.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const bridge = fakes.exposed.get('daicho') as { call: (m: unknown, i: unknown) => Promise<unknown> };
    expect(Object.keys(bridge)).toEqual(['call']);
    expect(Object.isFrozen(bridge)).toBe(true);
    await expect(bridge.call({ toString: () => 'people.list' }, { q: 1 })).resolves.toEqual({ ok: true, value: 'from-main' });
    expect(fakes.ipcRenderer.invoke).toHaveBeenCalledWith('daicho:api', 'people.list', { q: 1 });
  });
});

describe('safe-storage-keystore.ts', () => {
  let dir: string;
  let restorePlatform: () => void;
  beforeEach(() => {
    dir = tempDir('daicho-safestorage-');
    restorePlatform = setPlatform('linux');
  });
  afterEach(() => {
    restorePlatform();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the Linux basic_text backend even when Electron says encryption is available', async () => {
    const { SafeStorageKeyStore, SafeStorageUnavailableError } = await import('../../electron/main/safe-storage-keystore');
    fakes.storage.backend = 'basic_text';
    fakes.storage.available = true;
    await expect(SafeStorageKeyStore.assertAvailable()).rejects.toBeInstanceOf(SafeStorageUnavailableError);
    await expect(SafeStorageKeyStore.assertAvailable()).rejects.toMatchObject({ reason: 'basic_text' });
    const ks = new SafeStorageKeyStore(dir);
    await expect(ks.save(Buffer.alloc(32, 7))).rejects.toMatchObject({ reason: 'basic_text' });
    expect(ks.exists()).toBe(false);
    expect(fakes.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
  });

  it('refuses when encryption is not available', async () => {
    const { SafeStorageKeyStore } = await import('../../electron/main/safe-storage-keystore');
    fakes.storage.available = false;
    await expect(SafeStorageKeyStore.assertAvailable()).rejects.toMatchObject({ name: 'SafeStorageUnavailableError', reason: 'unavailable' });
    await expect(new SafeStorageKeyStore(dir).save(Buffer.alloc(32, 7))).rejects.toMatchObject({ reason: 'unavailable' });
  });

  it('wraps the key through safeStorage (file 0600, no clear key) and unwraps it', async () => {
    const { SafeStorageKeyStore, SAFE_STORAGE_KEY_FILE } = await import('../../electron/main/safe-storage-keystore');
    await expect(SafeStorageKeyStore.assertAvailable()).resolves.toBeUndefined();
    const ks = new SafeStorageKeyStore(dir);
    const key = Buffer.alloc(32, 0xab);
    await ks.save(key);
    const file = path.join(dir, SAFE_STORAGE_KEY_FILE);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(key.toString('hex'));
    if (REAL_PLATFORM !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([SAFE_STORAGE_KEY_FILE]);
    expect((await ks.load()).equals(key)).toBe(true);

    // shouldReEncrypt: written again.
    fakes.storage.reEncrypt = true;
    fakes.safeStorage.encryptStringAsync.mockClear();
    expect((await ks.load()).equals(key)).toBe(true);
    expect(fakes.safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
  });

  it('maps a key store that cannot unwrap to wrong_key and a bad key to bad_key_file', async () => {
    const { SafeStorageKeyStore } = await import('../../electron/main/safe-storage-keystore');
    const ks = new SafeStorageKeyStore(dir);
    await ks.save(Buffer.alloc(32, 1));
    fakes.storage.decryptFails = true;
    await expect(ks.load()).rejects.toMatchObject({ code: 'wrong_key' });
    fakes.storage.decryptFails = false;
    fakes.storage.decryptResult = 'not-a-key';
    await expect(ks.load()).rejects.toMatchObject({ code: 'bad_key_file' });
    // Loading also refuses basic_text.
    fakes.storage.decryptResult = null;
    fakes.storage.backend = 'basic_text';
    await expect(ks.load()).rejects.toMatchObject({ reason: 'basic_text' });
  });
});

describe('profile.ts: desk or door terminal', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('daicho-profile-');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const writeStation = (v: unknown) => fs.writeFileSync(path.join(dir, 'station.json'), typeof v === 'string' ? v : JSON.stringify(v));

  it('is desk by default, named after the host', async () => {
    const { readStation } = await import('../../electron/main/profile');
    const s = readStation(['electron', '.'], {}, dir);
    expect(s.profile).toBe('desk');
    expect(s.name).toBe(`desk:${os.hostname().replace(/[^\w.-]/g, '_').slice(0, 40)}`);
  });

  it('picks the terminal from --profile=terminal, --profile terminal, DAICHO_PROFILE or station.json', async () => {
    const { readStation } = await import('../../electron/main/profile');
    expect(readStation(['electron', '.', '--profile=terminal'], {}, dir).profile).toBe('terminal');
    expect(readStation(['electron', '.', '--profile', 'terminal'], {}, dir).profile).toBe('terminal');
    expect(readStation(['electron', '.'], { DAICHO_PROFILE: 'terminal' }, dir).profile).toBe('terminal');
    writeStation({ profile: 'terminal', name: 'server room/door 1' });
    expect(readStation(['electron', '.'], {}, dir)).toEqual({ profile: 'terminal', name: 'terminal:server_room_door_1' });
  });

  it('prefers the command line, then the environment, then station.json; anything else is desk', async () => {
    const { readStation } = await import('../../electron/main/profile');
    writeStation({ profile: 'terminal', name: 'door' });
    expect(readStation(['--profile=desk'], { DAICHO_PROFILE: 'terminal' }, dir).profile).toBe('desk');
    expect(readStation([], { DAICHO_PROFILE: 'desk' }, dir).profile).toBe('desk');
    expect(readStation(['--profile=terminal'], { DAICHO_PROFILE: 'desk' }, dir).profile).toBe('terminal');
    expect(readStation(['--profile=kiosk'], {}, dir).profile).toBe('desk');
    expect(readStation([], { DAICHO_PROFILE: 'TERMINAL' }, dir).profile).toBe('desk');
    writeStation('{ not json');
    expect(readStation([], {}, dir).profile).toBe('desk');
    writeStation({ name: 'x'.repeat(100) });
    expect(readStation([], {}, dir).name).toBe(`desk:${'x'.repeat(40)}`);
  });

  it('reads an enrollment from --host and --pair (either form), with its fingerprint; half of one is refused, and Chromium’s own --host-… switches are not one', async () => {
    const { readEnrollment } = await import('../../electron/main/profile');
    expect(readEnrollment(['electron', '.'])).toBeNull();
    expect(readEnrollment(['electron', '.', '--host-resolver-rules=MAP * 127.0.0.1'])).toBeNull();
    expect(readEnrollment(['--host=https://192.168.1.20:8471', '--pair', 'ABCDE-FGHJK'])).toEqual({ host: 'https://192.168.1.20:8471', pair: 'ABCDE-FGHJK' });
    expect(readEnrollment(['--host', 'h', '--pair=P', '--fingerprint=ab12'])).toEqual({ host: 'h', pair: 'P', fingerprint: 'ab12' });
    expect(() => readEnrollment(['--pair=ABCDE-FGHJK'])).toThrow(/--host/);
    expect(() => readEnrollment(['--host=https://h:1'])).toThrow(/--pair/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('main.ts: start-up order and wiring', () => {
  const saved = { ...process.env };
  let userData: string;
  beforeEach(() => {
    userData = tempDir('daicho-userdata-');
    process.env.DAICHO_USER_DATA = userData;
    process.env.DAICHO_TEST_RAW_KEY = '1';
    delete process.env.DAICHO_PROFILE;
    fs.writeFileSync(path.join(userData, 'station.json'), JSON.stringify({ name: 'front-pc' }));
    vi.resetModules();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    fakes.appEvents.emit('will-quit'); // closes the database
    process.env = { ...saved };
    vi.restoreAllMocks();
    fs.rmSync(userData, { recursive: true, force: true });
  });

  it('locks down before ready, then serves one window whose main frame alone reaches a real Daicho', async () => {
    process.env[FAST_KDF_SWITCH] = '1';
    await import('../../electron/main/main');
    // Before 'ready': sandbox for all renderers, the privileged scheme, the web-contents lock-down.
    expect(fakes.app.enableSandbox).toHaveBeenCalled();
    // Chromium's own controls (date fields, month pickers) in Japanese, set before ready (a walk-through).
    expect(fakes.app.commandLine.appendSwitch).toHaveBeenCalledWith('lang', 'ja');
    expect(fakes.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(fakes.appEvents.listenerCount('web-contents-created')).toBe(1);
    expect(fakes.app.setPath).toHaveBeenCalledWith('userData', path.resolve(userData));
    expect(fakes.FakeBrowserWindow.instances).toHaveLength(0);
    // In a checkout the test-only cheap scrypt may be on, and is said on stderr.
    expect(process.env[FAST_KDF_SWITCH]).toBe('1');
    expect(console.error).toHaveBeenCalledWith(FAST_KDF_WARNING);

    fakes.ready.resolve();
    await vi.waitFor(() => expect(fakes.FakeBrowserWindow.instances).toHaveLength(1));
    expect(fakes.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(fakes.protocolHandlers.has('app')).toBe(true);
    const win = fakes.FakeBrowserWindow.instances[0];
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(fs.existsSync(path.join(userData, 'data', 'raw.key'))).toBe(true);

    const handler = fakes.ipcHandlers.get('daicho:api')!;
    const c = win.webContents;
    expect(await handler({ sender: c, senderFrame: c.mainFrame }, 'auth.session', {})).toEqual({ ok: true, value: null });
    const other = new fakes.FakeWebContents();
    expect(await handler({ sender: other, senderFrame: other.mainFrame }, 'auth.session', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // After the window closes, its old contents are no longer ours.
    win.emit('closed');
    expect(await handler({ sender: c, senderFrame: c.mainFrame }, 'auth.session', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a packaged app ignores the test overrides and refuses the basic_text key store', async () => {
    const restore = setPlatform('linux');
    try {
      fakes.app.isPackaged = true;
      fakes.app.setPath('userData', userData);
      fakes.app.setPath.mockClear();
      fakes.storage.backend = 'basic_text';
      process.env[FAST_KDF_SWITCH] = '1';
      await import('../../electron/main/main');
      expect(fakes.app.setPath).not.toHaveBeenCalled();
      // Nor does it make cheap hashes, whatever its environment says.
      expect(process.env[FAST_KDF_SWITCH]).toBeUndefined();
      expect(console.error).not.toHaveBeenCalledWith(FAST_KDF_WARNING);
      fakes.ready.resolve();
      await vi.waitFor(() => expect(fakes.app.exit).toHaveBeenCalledWith(1));
      expect(fakes.dialog.showErrorBox).toHaveBeenCalledWith(expect.any(String), expect.stringContaining('GNOME Keyring'));
      expect(fakes.FakeBrowserWindow.instances).toHaveLength(0);
      expect(fs.existsSync(path.join(userData, 'data', 'raw.key'))).toBe(false);
    } finally {
      restore();
    }
  });

  it('enrolled by its own first start (--host, --pair), it is a station that opens no data: its keys in the OS key store, a door terminal opens the kiosk, its calls go to the host', async () => {
    // A host on 127.0.0.2; the app enrolls itself into its own folder (userData/lan-station), its keys kept by the OS key store.
    delete process.env.DAICHO_TEST_RAW_KEY;
    const host = await openTemp();
    const { admin } = await setUp(host);
    const { listener, url } = await lanHost(host, admin);
    const argv = process.argv;
    try {
      const site = (await admin.ok('sites.list', {}))[0];
      const { code } = await admin.ok('stations.pair', { name: 'サーバルーム入口', profile: 'terminal', siteId: site.id, approval: SM_APPROVAL });
      process.argv = [...argv, `--host=${url}`, '--pair', code];
      await import('../../electron/main/main');
      fakes.ready.resolve();
      await vi.waitFor(() => expect(fakes.FakeBrowserWindow.instances).toHaveLength(1));
      const win = fakes.FakeBrowserWindow.instances[0];
      expect(win.options).toMatchObject({ kiosk: true, fullscreen: true });
      expect(win.loadURL).toHaveBeenCalledWith('app://daicho/index.html#/terminal');
      expect(fs.existsSync(path.join(userData, 'data'))).toBe(false);
      const lanDir = path.join(userData, 'lan-station');
      expect(fs.readdirSync(lanDir).sort()).toEqual(expect.arrayContaining(['key.safestorage', 'station-secrets.json', 'station.json', 'witness.json']));
      expect(fs.readdirSync(lanDir).filter((f) => f === 'station.key' || f === 'door-queue.key' || f === 'raw.key')).toEqual([]);
      const handler = fakes.ipcHandlers.get('daicho:api')!;
      const c = win.webContents;
      expect(await handler({ sender: c, senderFrame: c.mainFrame }, 'terminal.info', {})).toMatchObject({ ok: true, value: { siteId: site.id, stationName: 'サーバルーム入口' } });
      expect(await handler({ sender: c, senderFrame: c.mainFrame }, 'station.status', {})).toMatchObject({ ok: true, value: { mode: 'station', connected: true, waiting: 0 } });
    } finally {
      process.argv = argv;
      fakes.appEvents.emit('will-quit');
      await listener.close();
      host.close();
    }
  });

  it('a station enrolled by the daicho command (its keys under a passphrase) is not opened: the app says how to start it', async () => {
    delete process.env.DAICHO_TEST_RAW_KEY;
    const host = await openTemp();
    const { admin } = await setUp(host);
    const { listener, enroll } = await lanHost(host, admin);
    try {
      await enroll('総務課の事務PC', 'desk', undefined, path.join(userData, 'lan-station'));
      await import('../../electron/main/main');
      fakes.ready.resolve();
      await vi.waitFor(() => expect(fakes.app.exit).toHaveBeenCalledWith(1));
      expect(fakes.dialog.showErrorBox).toHaveBeenCalledWith(expect.any(String), expect.stringContaining('daicho station --data'));
      expect(fakes.FakeBrowserWindow.instances).toHaveLength(0);
      expect(fs.existsSync(path.join(userData, 'lan-station', 'key.safestorage'))).toBe(false);
    } finally {
      await listener.close();
      host.close();
    }
  });

  it('a second instance quits at once', async () => {
    fakes.app.requestSingleInstanceLock.mockImplementation(() => false);
    await import('../../electron/main/main');
    expect(fakes.app.quit).toHaveBeenCalled();
    expect(fakes.app.whenReady).not.toHaveBeenCalled();
  });
});
