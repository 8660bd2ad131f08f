import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chromiumPdfRenderer } from '../../electron/host/chromium-pdf';
import type { JobInfo } from '../../shared/domain/jobs';
import { SETUP } from '../helpers/temp-daicho';
import { jst, serverRoomFixture } from './server-room-fixture';

// Browser mode keeps its Chromium running between PDFs (issue 7, SPEC §10: a 1,000-record month took
// 4.7–5 s with a Chromium started for each print, about 2 s with one kept running). The Chromium
// processes are this test process's own children, counted with ps.

/** This process's Chromium children (the browser process playwright-core launched). */
function chromiumChildren(): number[] {
  let out: string;
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is no child at all
  }
  return out
    .split('\n')
    .filter((l) => /chrom/i.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Chromium kept running for PDFs in browser mode', () => {
  it('starts when the print view opens, prints every export after, goes when idle, is started again after a crash, and closes with the data', async () => {
    const render = chromiumPdfRenderer(undefined, { keepWarmMs: 3_000 });
    expect(render, 'Chromium is needed (DAICHO_CHROMIUM or /usr/bin/chromium)').not.toBeNull();
    // Each ask to get ready, counted (a print that asked would be seen here even before Chromium showed in ps).
    let warmed = 0;
    const warm = render!.warm!;
    render!.warm = () => {
      warmed++;
      return warm();
    };
    const f = await serverRoomFixture(jst('2026-10-20', '09:00'), { renderPdf: render! });
    const { c, sm, clerk, hq, yamada } = f;
    await clerk.ok('serverRoom.record', { siteId: hq.id, personId: yamada.id, enteredAt: jst('2026-10-20', '08:30'), exitedAt: jst('2026-10-20', '08:50'), purpose: 'maintenance', notes: '温めた印刷' });
    c.set(jst('2026-11-05', '10:00'));
    await sm.ok('auth.unlock', { password: SETUP.safetyManager.password });
    const unit = { ledger: 'serverRoom', siteId: hq.id, month: '2026-10' };
    const exported = async (): Promise<string> => {
      const started = await sm.ok('print.export', unit);
      let j: JobInfo = started;
      for (let i = 0; i < 600 && j.state === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        j = await sm.ok('print.exportStatus', { id: started.id });
      }
      expect(j.state).toBe('succeeded');
      return Buffer.from((await sm.ok('print.download', { id: started.id })).base64, 'base64').toString('latin1');
    };
    expect(chromiumChildren()).toEqual([]);

    // A print (journaled) does not start it; the print view's preview does, before any export is asked for.
    await sm.ok('print.sheet', { ...unit, format: 'print', calendar: 'wareki' });
    expect(warmed).toBe(0);
    expect(chromiumChildren()).toEqual([]);
    await sm.ok('print.sheet', { ...unit, format: 'preview', calendar: 'wareki' });
    expect(warmed).toBe(1);
    await until('Chromium started by the preview', () => chromiumChildren().length === 1);
    const first = chromiumChildren()[0];

    // Two exports in turn, both made by that one Chromium.
    expect(await exported()).toMatch(/^%PDF-/);
    expect(await exported()).toMatch(/^%PDF-/);
    expect(chromiumChildren()).toEqual([first]);

    // Idle past its time: gone.
    await until('Chromium let go when idle', () => chromiumChildren().length === 0, 15_000);

    // Killed while kept (it crashed): the next export starts another and succeeds.
    await sm.ok('print.sheet', { ...unit, format: 'preview', calendar: 'wareki' });
    await until('Chromium started again by the preview', () => chromiumChildren().length === 1);
    const second = chromiumChildren()[0];
    expect(second).not.toBe(first);
    process.kill(second, 'SIGKILL');
    await until('the killed Chromium gone', () => !chromiumChildren().includes(second));
    expect(await exported()).toMatch(/^%PDF-/);
    expect(chromiumChildren()).toHaveLength(1);

    // The data closes: Chromium goes with it, within its close.
    f.d.close();
    await until('Chromium closed with the data', () => chromiumChildren().length === 0, 10_000);
  }, 120_000);

  it('on the command line each print starts Chromium and leaves none running; a cancelled print leaves the next one whole', async () => {
    const once = chromiumPdfRenderer(undefined, { keepWarmMs: 0 })!;
    const html = '<!doctype html><html lang="ja"><head><meta charset="utf-8"></head><body><p>コマンドラインの印刷</p></body></html>';
    const pdf = await once(html, new AbortController().signal);
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/^%PDF-/);
    expect(chromiumChildren()).toEqual([]);
    once.warm?.(); // nothing to keep warm
    await new Promise((r) => setTimeout(r, 500));
    expect(chromiumChildren()).toEqual([]);

    const kept = chromiumPdfRenderer(undefined, { keepWarmMs: 60_000 })!;
    const cancel = new AbortController();
    const cancelled = kept(html, cancel.signal);
    setTimeout(() => cancel.abort(), 50);
    await expect(cancelled).rejects.toThrow();
    expect(Buffer.from(await kept(html, new AbortController().signal)).toString('latin1')).toMatch(/^%PDF-/);
    await kept.close!();
    expect(chromiumChildren()).toEqual([]);

    // A cancel while a warm-up is under way is said at once, not after it (a review of the change: 4 s).
    const warming = chromiumPdfRenderer(undefined, { keepWarmMs: 60_000 })!;
    let warmedUp = false;
    void warming.warm!().then(() => (warmedUp = true));
    const stop = new AbortController();
    const waiting = warming(html, stop.signal);
    setTimeout(() => stop.abort(), 20);
    await expect(waiting).rejects.toThrow();
    expect(warmedUp).toBe(false);
    // Closed during its warm-up: nothing left running, nothing started after.
    await warming.close!();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(chromiumChildren()).toEqual([]);
    await expect(kept(html, new AbortController().signal)).rejects.toThrow('closed');
  }, 120_000);
});
