#!/usr/bin/env node
/**
 * Console benchmark: `npm run bench:console` (compiles first; run the script directly only with a current dist/).
 *
 * Builds the browser console (the `vite build` of npm start, into a private temporary directory:
 * it measures the sources as they are now, and a concurrent build elsewhere cannot change what it
 * serves), starts a private stack (own PostgreSQL database, own Redis prefix, one api serving
 * that build, one router) with BENCH_QUEUES queues (default 40) and BENCH_AGENTS agents (default
 * 500), and drives Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) with
 * playwright-core through:
 *
 *   1. first load of the agent desk, BENCH_LOADS times (default 7, after one unrecorded warm-up),
 *      each in a fresh browser context (empty HTTP cache, no open connection). A signed-in agent
 *      session is put into sessionStorage before the page's own scripts run, so navigating to
 *      /desk is the desk's cold load and nothing else. Per load: navigation start → the Status
 *      control rendered (the first animation frame after its radio buttons enter the DOM), first
 *      and largest contentful paint, DOMContentLoaded and the load event; and the JavaScript the
 *      page fetched (Resource Timing transfer and body sizes: what the wire carried), with the
 *      gzip size of the same files (node:zlib, level 6), the figure a compressing server would
 *      send.
 *   2. the supervisor wallboard at one metrics push a second (METRICS_PUSH_INTERVAL_MS=1000). A
 *      background loop POSTs one ticket a second (round robin over the queues) and moves two
 *      agents between away and offline, so every push carries changed tile and grid figures.
 *      With the agent grid shown and scrolled into view, two windows of BENCH_WALLBOARD_SECONDS
 *      (default 60):
 *      a. a Chrome trace (categories toplevel, devtools.timeline, blink.user_timing): the board
 *         renderer's main-thread time between one push's arrival and the next — wall time (the
 *         union of the top-level tasks on CrRendererMain) and CPU time (their thread time). The
 *         arrivals are performance.mark()s made by a hook on the page's WebSocket.
 *      b. no trace: a requestAnimationFrame loop records every frame interval. An interval over
 *         1.5 × 16.7 ms counts as a dropped frame; round(interval / 16.7 ms) − 1 is the number of
 *         frame slots it missed.
 *      Then the same two windows, a third as long, with the grid hidden (tiles only), and a
 *      10 s frame count on an empty page: the frame rate this machine gives at best.
 *
 * Prints the machine and a result table; writes nothing into the repository (the console build
 * and Chromium's profile live in the system's temporary directory and are removed).
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_TIMEOUT_SECONDS (default 600).
 * Everything it made (processes, browser, database, Redis keys, build) is removed at the end,
 * also on failure or Ctrl-C.
 */
// Functions passed to the page (addInitScript, evaluate) run in the browser:
/* global window, document, performance, requestAnimationFrame, sessionStorage, MutationObserver */
/* global setInterval, clearInterval */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { consoleBuildArgs, consoleBuildEnv } from '../lib/install.mjs';
import { benchStack, expectStatus, fmt, log, num, quantile, seedContactCentre, sleep } from './lib.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

const CFG = {
  adminDatabaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  queues: Math.round(num('BENCH_QUEUES', 40)),
  agents: Math.round(num('BENCH_AGENTS', 500)),
  loads: Math.round(num('BENCH_LOADS', 7)),
  wallboardSeconds: num('BENCH_WALLBOARD_SECONDS', 60),
  timeoutSeconds: num('BENCH_TIMEOUT_SECONDS', 600),
};
const TARGETS = { firstLoadJsGzipKb: 200, updateMs: 8 };
const FRAME_MS = 1000 / 60;
const VIEWPORT = { width: 1366, height: 900 };

// ---------------------------------------------------------------------------------------------
// The stack, and clean-up also on failure or Ctrl-C

let browser;
let buildDir;
let stopLoad = () => {};
const stack = benchStack({
  root: ROOT,
  adminDatabaseUrl: CFG.adminDatabaseUrl,
  redisUrl: CFG.redisUrl,
  timeoutSeconds: CFG.timeoutSeconds,
  // One push a second, the rate the issue's per-update target is stated for.
  env: { METRICS_PUSH_INTERVAL_MS: '1000' },
  beforeStop: async () => {
    stopLoad();
    await browser?.close().catch(() => {});
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  },
});
const { call, cleanup, fail } = stack;
let base = '';

// ---------------------------------------------------------------------------------------------
// The console build

function buildConsole() {
  buildDir = mkdtempSync(join(os.tmpdir(), 'switchboard-bench-console-'));
  const built = spawnSync(process.execPath, [...consoleBuildArgs(ROOT), '--outDir', buildDir, '--emptyOutDir'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: consoleBuildEnv(),
  });
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stderr}${built.stdout}`);
}

async function startStack() {
  await stack.start({ CONSOLE_DIR: buildDir });
  base = stack.base;
}

const login = (email, password = 'switchboard') =>
  expectStatus(call('POST', '/api/auth/login', null, { email, password }), 200, `login ${email}`);

/** The queues and agents of bench:metrics: a fifth of the agents away, the rest offline, so tickets wait. */
async function seed(adminToken, supervisorToken) {
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    return await seedContactCentre({
      call,
      db,
      queues: CFG.queues,
      agents: CFG.agents,
      adminToken,
      supervisorToken,
    });
  } finally {
    await db.end();
  }
}

/**
 * Every second: one ticket into the next queue, and two agents moved between away and offline
 * (never available, so nothing is routed and every ticket keeps waiting). The router's pushes
 * then carry changed queue and agent figures each time.
 */
function startLoad({ queueKeys, agentIds }, integrationToken, supervisorToken) {
  let n = 0;
  let errors = 0;
  const away = new Set(agentIds.filter((_, i) => i % 5 === 0));
  const timer = setInterval(() => {
    const k = n++;
    const moves = [agentIds[(2 * k) % agentIds.length], agentIds[(2 * k + 1) % agentIds.length]].map((id) => {
      const toAway = !away.has(id);
      if (toAway) away.add(id);
      else away.delete(id);
      return call(
        'PUT',
        `/api/agents/${id}/status`,
        supervisorToken,
        toAway ? { status: 'away', reason: 'break' } : { status: 'offline' },
      );
    });
    const ticket = call('POST', '/api/tickets', integrationToken, {
      channel: 'voice',
      queue: queueKeys[k % queueKeys.length],
      subject: `Bench ticket ${k}`,
      customer: { externalId: `bench-${k}` },
    });
    for (const p of [ticket, ...moves]) {
      p.then(
        (r) => r.status >= 300 && errors++,
        () => errors++,
      );
    }
  }, 1000);
  stopLoad = () => clearInterval(timer);
  return { stats: () => ({ ticks: n, errors }) };
}

// ---------------------------------------------------------------------------------------------
// The browser

function launchChromium() {
  // The flags of e2e/support/browser.ts: without the background-networking ones Chromium keeps
  // dialling Google's hosts, which this machine's closed network refuses.
  return chromium.launch({
    executablePath: CFG.chromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Runs in every page before the page's own scripts: signs it in (the console keeps its session
 * in sessionStorage), notes the LCP and the long tasks, and marks each metrics push as it
 * arrives; on the desk, also when the Status control first renders.
 */
function pageSetup({ session, desk }) {
  if (session) sessionStorage.setItem('switchboard.session', JSON.stringify(session));
  const bench = (window.__bench = { statusAt: null, lcp: null, queues: 0, agents: 0, longTaskMs: 0 });
  if (desk) {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('input[type="radio"][value="available"]')) return;
      observer.disconnect();
      requestAnimationFrame(() => (bench.statusAt = performance.now()));
    }).observe(document, { childList: true, subtree: true });
  }
  new window.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new window.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTaskMs += entry.duration;
  }).observe({ type: 'longtask' });
  // The push's arrival, before socket.io handles it: the trace's clock for "per update".
  // engine.io reads globalThis.WebSocket when it connects, after this ran.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data !== 'string') return;
        if (event.data.startsWith('42["metrics.queues"')) {
          bench.queues++;
          performance.mark('bench:metrics.queues');
        } else if (event.data.startsWith('42["metrics.agents"')) {
          bench.agents++;
        }
      });
    }
  };
}

async function newPage(session, { desk = false } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
  await context.addInitScript(pageSetup, { session, desk });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[bench] page error: ${error.message}`));
  return { context, page };
}

const counters = (page) => page.evaluate(() => ({ ...window.__bench }));

// ---------------------------------------------------------------------------------------------
// 1. First load of the desk

const gzipCache = new Map();
function gzipSize(url) {
  if (!gzipCache.has(url)) {
    const file = join(buildDir, new URL(url).pathname);
    gzipCache.set(url, gzipSync(readFileSync(file), { level: 6 }).length);
  }
  return gzipCache.get(url);
}

async function loadDesk(session) {
  const { context, page } = await newPage(session, { desk: true });
  try {
    await page.goto(`${base}/desk`, { waitUntil: 'load' });
    await page.getByRole('radio', { name: 'Available' }).waitFor();
    await page.waitForFunction(() => window.__bench.statusAt !== null);
    await sleep(500); // LCP is final once the page has had a moment without new content
    const m = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        statusMs: window.__bench.statusAt,
        fcpMs: fcp ? fcp.startTime : null,
        lcpMs: window.__bench.lcp,
        domContentLoadedMs: nav.domContentLoadedEventEnd,
        loadMs: nav.loadEventEnd,
        resources: performance.getEntriesByType('resource').map((r) => ({
          name: r.name,
          transferSize: r.transferSize,
          encodedBodySize: r.encodedBodySize,
          decodedBodySize: r.decodedBodySize,
        })),
      };
    });
    const ofType = (ext) => m.resources.filter((r) => new URL(r.name).pathname.endsWith(ext));
    const sum = (rs, k) => rs.reduce((a, r) => a + r[k], 0);
    const scripts = ofType('.js');
    const styles = ofType('.css');
    return {
      statusMs: m.statusMs,
      fcpMs: m.fcpMs,
      lcpMs: m.lcpMs,
      domContentLoadedMs: m.domContentLoadedMs,
      loadMs: m.loadMs,
      jsFiles: scripts.map((r) => basename(new URL(r.name).pathname)).sort(),
      jsTransfer: sum(scripts, 'transferSize'),
      jsEncoded: sum(scripts, 'encodedBodySize'),
      jsDecoded: sum(scripts, 'decodedBodySize'),
      jsGzip: scripts.reduce((a, r) => a + gzipSize(r.name), 0),
      cssDecoded: sum(styles, 'decodedBodySize'),
      cssGzip: styles.reduce((a, r) => a + gzipSize(r.name), 0),
    };
  } finally {
    await context.close();
  }
}

/** The Content-Encoding the api answers a browser-like request with. */
async function contentEncoding(path) {
  const res = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
  await res.arrayBuffer();
  return res.headers.get('content-encoding') ?? 'none';
}

// ---------------------------------------------------------------------------------------------
// 2. The wallboard

const TRACE_CATEGORIES = ['-*', 'toplevel', 'devtools.timeline', 'blink.user_timing'];
const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);
/** devtools.timeline events on the main thread, grouped as the Performance panel does. */
const KIND = {
  UpdateLayoutTree: 'styleLayout',
  Layout: 'styleLayout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
};

/**
 * The board's main-thread time between one push's arrival and the next, from a Chrome trace:
 * wall time (the union of top-level tasks on CrRendererMain) and CPU time (their thread time;
 * on a shared machine a task's wall time also holds the time its thread waited for a core).
 */
function analyseTrace(buffer) {
  const { traceEvents } = JSON.parse(buffer.toString('utf8'));
  const marks = traceEvents.filter((e) => e.name === 'bench:metrics.queues');
  if (marks.length < 2) throw new Error(`the trace holds ${marks.length} metrics pushes`);
  const pid = marks[0].pid;
  const mainTid = traceEvents.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain',
  )?.tid;
  if (mainTid === undefined) throw new Error('no CrRendererMain thread in the trace');
  const onMain = traceEvents.filter((e) => e.pid === pid && e.tid === mainTid && e.ph === 'X' && e.dur > 0);
  // Outermost tasks only: a nested run loop's tasks are inside their parent's time.
  const tasks = [];
  for (const e of onMain.filter((x) => TASK_NAMES.has(x.name)).sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
    const last = tasks.at(-1);
    if (last && e.ts < last.end) continue;
    tasks.push({ start: e.ts, end: e.ts + e.dur, cpu: e.tdur ?? e.dur });
  }
  const arrivals = marks.map((e) => e.ts).sort((a, b) => a - b);
  const between = (from, to) => {
    let wall = 0;
    let cpu = 0;
    for (const t of tasks) {
      if (t.end <= from || t.start >= to) continue;
      const overlap = Math.min(t.end, to) - Math.max(t.start, from);
      wall += overlap;
      cpu += (t.cpu * overlap) / (t.end - t.start);
    }
    return { wall: wall / 1000, cpu: cpu / 1000 };
  };
  const perUpdate = arrivals.slice(1).map((t, i) => between(arrivals[i], t));
  const from = arrivals[0];
  const to = arrivals.at(-1);
  const cpuMs = { styleLayout: 0, paint: 0, gc: 0 };
  const openUntil = {};
  for (const e of onMain.filter((x) => KIND[x.name]).sort((a, b) => a.ts - b.ts)) {
    const kind = KIND[e.name];
    if (e.ts < (openUntil[kind] ?? 0) || e.ts < from || e.ts >= to) continue;
    openUntil[kind] = e.ts + e.dur;
    cpuMs[kind] += (e.tdur ?? e.dur) / 1000;
  }
  return {
    updates: perUpdate.length,
    windowMs: (to - from) / 1000,
    wall: perUpdate.map((u) => u.wall),
    cpu: perUpdate.map((u) => u.cpu),
    kindsPerUpdate: Object.fromEntries(Object.entries(cpuMs).map(([k, v]) => [k, v / perUpdate.length])),
    pushIntervalMs: arrivals.slice(1).map((t, i) => (t - arrivals[i]) / 1000),
    traceMB: buffer.length / 2 ** 20,
  };
}

async function openWallboard(session) {
  const { context, page } = await newPage(session);
  await page.goto(`${base}/wallboard`);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="tile-"]').length >= n, CFG.queues, {
    timeout: 60_000,
  });
  return { context, page };
}

/** Agent rows the grid has in the DOM (a virtualised grid renders only those in view). */
const GRID_ROWS = '[data-testid="agent-grid"] tbody tr:not([aria-hidden="true"])';

/**
 * Switches the agent grid on (scrolled to the top of the view, as a supervisor reading it would
 * have it) or off (the page back at the top, the tiles in view). Returns the agent rows in the DOM.
 */
async function showGrid(page, shown) {
  const toggle = page.getByRole('switch', { name: 'Show agents' });
  if (!shown) {
    await toggle.uncheck({ force: true });
    await page.waitForFunction(() => !document.querySelector('[data-testid="agent-grid"]'), null, { timeout: 60_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    return 0;
  }
  const { agents } = await counters(page);
  await toggle.check({ force: true });
  await page.waitForFunction(
    ([seen, selector]) => window.__bench.agents > seen && document.querySelectorAll(selector).length > 0,
    [agents, GRID_ROWS],
    { timeout: 60_000 },
  );
  await page.locator('[data-testid="agent-grid"]').evaluate((grid) => grid.scrollIntoView({ block: 'start' }));
  await sleep(2_000); // the rows in view rendered
  return page.evaluate((selector) => document.querySelectorAll(selector).length, GRID_ROWS);
}

async function traceWindow(page, seconds) {
  await page.evaluate(() => performance.clearMarks());
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const before = await counters(page);
  await sleep(seconds * 1000);
  const after = await counters(page);
  const trace = await browser.stopTracing();
  return {
    ...analyseTrace(trace),
    queuesFrames: after.queues - before.queues,
    agentsFrames: after.agents - before.agents,
    longTaskMs: after.longTaskMs - before.longTaskMs,
  };
}

/** Every requestAnimationFrame interval for `seconds`, no trace running. */
async function frameWindow(page, seconds) {
  const before = await counters(page);
  const intervals = await page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const out = [];
        let last = null;
        const end = performance.now() + ms;
        const frame = (t) => {
          if (last !== null) out.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(frame);
          else resolve(out);
        };
        requestAnimationFrame(frame);
      }),
    seconds * 1000,
  );
  const after = await counters(page);
  const long = intervals.filter((d) => d > 1.5 * FRAME_MS);
  const minutes = intervals.reduce((a, b) => a + b, 0) / 60_000;
  return {
    fps: intervals.length / (minutes * 60),
    droppedPerMin: long.length / minutes,
    missedSlotsPerMin: long.reduce((a, d) => a + Math.round(d / FRAME_MS) - 1, 0) / minutes,
    longestFrameMs: Math.max(...intervals),
    updates: after.queues - before.queues,
    longTaskMs: after.longTaskMs - before.longTaskMs,
  };
}

// ---------------------------------------------------------------------------------------------
// The run

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => quantile(sorted(xs), 0.5);
const kB = (bytes) => bytes / 1000;

function sourceState() {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const dirty = git('status', '--porcelain', '--', 'apps', 'libs').split('\n').filter(Boolean);
  return `HEAD ${git('rev-parse', '--short', 'HEAD') || '?'}${dirty.length ? ` + ${dirty.length} uncommitted file(s) in apps/, libs/` : ''}`;
}

async function main() {
  const loadBefore = os.loadavg()[0];
  log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const sources = sourceState();
  log(`building the console (vite build); sources: ${sources}`);
  buildConsole();
  await startStack();
  const adminToken = (await login('admin@switchboard.local')).accessToken;
  const supervisor = await login('supervisor@switchboard.local');
  const integrationToken = (await login('integration@switchboard.local')).accessToken;
  log(`creating ${CFG.queues} queues and ${CFG.agents} agents`);
  const seeded = await seed(adminToken, supervisor.accessToken);
  const agent = await login('bench1@agents.test', 'bench-agent-password');
  browser = await launchChromium();

  log(`chromium ${browser.version()}: ${CFG.loads} cold loads of /desk (after one warm-up)`);
  const loads = [];
  for (let i = 0; i <= CFG.loads; i++) {
    const l = await loadDesk({ token: agent.accessToken, user: agent.user });
    if (i > 0) loads.push(l);
  }
  const { jsFiles } = loads[0];
  const encoding = await contentEncoding(`/assets/${jsFiles[0]}`);

  log('frame-rate floor: 10 s on an empty page');
  const blank = await newPage(null);
  await blank.page.goto(`${base}/api/health`);
  const floor = await frameWindow(blank.page, 10);
  await blank.context.close();

  log('wallboard: one push a second; a ticket and two agent moves a second');
  const load = startLoad(seeded, integrationToken, supervisor.accessToken);
  const { page } = await openWallboard({ token: supervisor.accessToken, user: supervisor.user });
  const gridRows = await showGrid(page, true);
  await sleep(5_000);
  log(
    `wallboard with the agent grid: ${CFG.wallboardSeconds} s traced, then ${CFG.wallboardSeconds} s counting frames`,
  );
  const grid = await traceWindow(page, CFG.wallboardSeconds);
  const gridFrames = await frameWindow(page, CFG.wallboardSeconds);
  const tilesSeconds = Math.max(10, CFG.wallboardSeconds / 3);
  log(`wallboard, tiles only: ${tilesSeconds} s traced, then ${tilesSeconds} s counting frames`);
  await showGrid(page, false);
  await sleep(3_000);
  const tiles = await traceWindow(page, tilesSeconds);
  const tilesFrames = await frameWindow(page, tilesSeconds);
  const loadStats = load.stats();
  stopLoad();

  const loadAfter = os.loadavg()[0];
  const table = (rows) =>
    rows
      .map(([label, ...cells]) => `  ${label.padEnd(52)}${cells.map((c) => String(c).padStart(16)).join('')}`)
      .join('\n');
  const loadRow = (label, key) => {
    const xs = loads.map((l) => l[key]).filter((v) => v !== null);
    return [label, fmt(median(xs), 0), `${fmt(Math.min(...xs), 0)}–${fmt(Math.max(...xs), 0)}`];
  };
  const medianKb = (key) => fmt(kB(median(loads.map((l) => l[key]))));
  const total = (xs) => xs.reduce((a, b) => a + b, 0);
  const pair = (a, b, digits = 0) => `${fmt(a, digits)} / ${fmt(b, digits)}`;
  const p50p95 = (xs) => pair(quantile(sorted(xs), 0.5), quantile(sorted(xs), 0.95));
  const both = (f) => [f(grid, gridFrames), f(tiles, tilesFrames)];

  console.log(`
Console benchmark — ${CFG.queues} queues, ${CFG.agents} agents; built from ${sources}
Chromium ${browser.version()}; load average ${fmt(loadBefore, 2)} at the start, ${fmt(loadAfter, 2)} at the end

1. First load of /desk as an agent: ${loads.length} cold loads, each in a fresh browser context
${table([
  ['ms from navigation start', 'median', 'range'],
  loadRow('Status control rendered', 'statusMs'),
  loadRow('first contentful paint', 'fcpMs'),
  loadRow('largest contentful paint', 'lcpMs'),
  loadRow('DOMContentLoaded', 'domContentLoadedMs'),
  loadRow('load event', 'loadMs'),
])}
  JavaScript: ${jsFiles.length} files (${jsFiles.join(', ')})
${table([
  [`JS on the wire, kB (Content-Encoding: ${encoding})`, medianKb('jsTransfer')],
  [
    'JS bodies / decoded, kB',
    pair(kB(median(loads.map((l) => l.jsEncoded))), kB(median(loads.map((l) => l.jsDecoded))), 1),
  ],
  [`JS gzip -6 of the same files, kB (target < ${TARGETS.firstLoadJsGzipKb})`, medianKb('jsGzip')],
  [
    'CSS decoded / gzip -6, kB',
    pair(kB(median(loads.map((l) => l.cssDecoded))), kB(median(loads.map((l) => l.cssGzip))), 1),
  ],
])}

2. Wallboard at one metrics push a second (target < ${TARGETS.updateMs} ms per update); traced ${CFG.wallboardSeconds} s with the grid, ${tilesSeconds} s without
  The grid, scrolled into view, had ${gridRows} of ${CFG.agents} agents' rows in the DOM.
${table([
  ['', 'grid shown', 'tiles only'],
  ['updates traced / seconds', ...both((t) => pair(t.updates, t.windowMs / 1000))],
  ['main-thread CPU ms per update, p50 / p95', ...both((t) => p50p95(t.cpu))],
  ['main-thread wall ms per update, p50 / p95', ...both((t) => p50p95(t.wall))],
  [
    'main-thread CPU / wall ms per update, mean',
    ...both((t) => pair(total(t.cpu) / t.updates, total(t.wall) / t.updates)),
  ],
  ['main thread busy, % of the time', ...both((t) => fmt((100 * total(t.wall)) / t.windowMs, 0))],
  [
    'CPU ms per update: style+layout / paint / GC',
    ...both(
      (t) =>
        `${fmt(t.kindsPerUpdate.styleLayout, 0)} / ${fmt(t.kindsPerUpdate.paint, 0)} / ${fmt(t.kindsPerUpdate.gc, 0)}`,
    ),
  ],
  ['pushes received: metrics.queues / metrics.agents', ...both((t) => pair(t.queuesFrames, t.agentsFrames))],
  ['push interval p50, ms', ...both((t) => fmt(median(t.pushIntervalMs), 0))],
  [
    'long tasks, ms per update: traced / untraced',
    ...both((t, f) => pair(t.longTaskMs / t.updates, f.longTaskMs / Math.max(1, f.updates))),
  ],
])}
  Frames, untraced window of the same length (empty page: the machine's floor)
${table([
  ['', 'grid shown', 'tiles only', 'empty page'],
  ['frames per second', ...[gridFrames, tilesFrames, floor].map((f) => fmt(f.fps))],
  [
    `dropped frames per minute (rAF interval > ${fmt(1.5 * FRAME_MS)} ms)`,
    ...[gridFrames, tilesFrames, floor].map((f) => fmt(f.droppedPerMin, 0)),
  ],
  ['missed frame slots per minute', ...[gridFrames, tilesFrames, floor].map((f) => fmt(f.missedSlotsPerMin, 0))],
  ['longest frame, ms', ...[gridFrames, tilesFrames, floor].map((f) => fmt(f.longestFrameMs, 0))],
])}
  missed frame slots = Σ round(interval / ${fmt(FRAME_MS)} ms) − 1 over the dropped frames.
  Background load: ${loadStats.ticks} s of one ticket and two agent moves a second, ${loadStats.errors} failed requests.
`);
}

main()
  .then(() => cleanup())
  .then(
    () => process.exit(0),
    (error) => fail(error?.stack ?? String(error), 1),
  );
