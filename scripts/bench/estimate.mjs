#!/usr/bin/env node
/**
 * Wait-estimate accuracy benchmark: `npm run bench:estimate` (compiles first; run the script
 * directly only with a current dist/). BENCH_ROOT=<checkout> starts that checkout's
 * apps/api/dist and apps/router/dist instead of this one's, to compare estimators.
 *
 * How far is the wait Switchboard announces at intake (`estimatedWaitSeconds` of POST
 * /api/tickets) from the wait the customer then has? One run starts a private stack (lib.mjs's
 * benchStack: its own database and Redis prefix, an api and a router), signs in BENCH_AGENTS (4)
 * demo agents (agent1…@switchboard.local, all in `complaints`) who stay connected, take every
 * offer, hold the call for a random handle time, resolve and end their wrap-up at once. Voice
 * calls: one per agent, so an agent is one server, as the estimator assumes.
 *
 *   1. Opening: as soon as the agents are ready, BENCH_AGENTS + BENCH_OPENING_QUEUE (4) calls
 *      arrive one after another: the agents take the first ones and the rest wait while the
 *      queue has no handle time of its own (the estimator's 300 s default): the cold start.
 *   2. Warm-up: Poisson arrivals at rate λ = BENCH_LOAD (0.85) × agents / mean handle time for
 *      BENCH_WARMUP_SECONDS (40), so the queue's AHT is its own before measuring.
 *   3. Measuring: the same arrivals for BENCH_SECONDS (150). Only these tickets make the main
 *      figures. Then arrivals stop and the queue drains (at most BENCH_DRAIN_SECONDS, 60).
 *
 * Handle times: BENCH_HANDLE (exponential | lognormal, σ = BENCH_HANDLE_SIGMA, 0.8) with mean
 * BENCH_HANDLE_MEAN_SECONDS (4), from a PRNG seeded with BENCH_SEED (random unless set; printed),
 * which also draws the arrivals. Exponential handle times and Poisson arrivals make the queue
 * an M/M/c one, whose expected waits are known: a fair ground for the estimator.
 *
 * Per ticket: the announced position and estimate; the actual wait = tickets.accepted_at −
 * created_at from the database; one more ask of GET /api/tickets/:id/position "midway" (after
 * half the announced wait, at least 1 s) compared with the wait left from its `asOf`; and the
 * queue's live figures (staffed agents, AHT) polled from GET /api/metrics/queues, to check what
 * another formula would have announced with the same inputs.
 *
 * Prints, for the measured tickets and per group (announced position 1, 2–3, 4+; waited 0 s or
 * not; the cold start; the warm-up; the midway re-asks): count, mean absolute error, bias (mean of
 * estimate − actual; positive = over-announced), median and p90 absolute error, the mean
 * estimate and the mean actual wait; then one JSON line with every figure.
 *
 * Env: BENCH_ROOT, BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_TIMEOUT_SECONDS (default 420), and the
 * settings above. Everything it made (processes, database, Redis keys) is removed at the end,
 * also on failure, Ctrl-C and the timeout.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { agentSocket, benchStack, demoLogin, expectStatus, fmt, log, num, quantile, sleep, wall } from './lib.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

/** A whole number ≥ 0 from the environment (lib's `num` refuses 0, which is meaningful here). */
function count(name, fallback) {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got '${v}'`);
  return n;
}

const CFG = {
  root: resolve(process.env.BENCH_ROOT || ROOT),
  adminDatabaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
  agents: Math.round(num('BENCH_AGENTS', 4)),
  load: num('BENCH_LOAD', 0.85),
  handle: process.env.BENCH_HANDLE || 'exponential',
  handleMeanSeconds: num('BENCH_HANDLE_MEAN_SECONDS', 4),
  handleSigma: num('BENCH_HANDLE_SIGMA', 0.8),
  openingQueue: count('BENCH_OPENING_QUEUE', 4),
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 40),
  seconds: num('BENCH_SECONDS', 150),
  drainSeconds: num('BENCH_DRAIN_SECONDS', 60),
  seed: count('BENCH_SEED', randomBytes(4).readUInt32BE(0)),
  timeoutSeconds: num('BENCH_TIMEOUT_SECONDS', 420),
};
if (!['exponential', 'lognormal'].includes(CFG.handle)) {
  throw new Error(`BENCH_HANDLE must be exponential or lognormal, got '${CFG.handle}'`);
}
if (CFG.load >= 1) throw new Error(`BENCH_LOAD must stay below 1 (${CFG.load}): the queue would grow without end`);

const QUEUE = 'complaints';
/** Arrivals per second that load the agents to CFG.load with the configured mean handle time. */
const ARRIVAL_RATE = (CFG.load * CFG.agents) / CFG.handleMeanSeconds;
/** An offer this soon after creation means an agent was free when the ticket arrived. */
const OFFERED_AT_ONCE_MS = 100;
/** Below this an actual wait rounds to the estimator's 0 s. */
const NO_WAIT_SECONDS = 0.5;
const METRICS_POLL_MS = 500;
/** The intake's cache of a queue's figures (QUEUE_STATS_TTL_MS in ticket-intake.service.ts). */
const INTAKE_STATS_TTL_MS = 2_000;

// ---------------------------------------------------------------------------------------------
// Randomness: one seeded stream, so a run's arrivals and handle times can be drawn again.

/** mulberry32: small, fast and good enough to draw arrivals and handle times. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(CFG.seed);
/** Exponential with the given mean; 1 − u keeps log() away from 0. */
const exponential = (mean) => -mean * Math.log(1 - random());
function standardNormal() {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
/** A handle time in seconds: lognormal's μ is set so that its mean is the configured one. */
function handleSeconds() {
  if (CFG.handle === 'exponential') return exponential(CFG.handleMeanSeconds);
  const s = CFG.handleSigma;
  return Math.exp(Math.log(CFG.handleMeanSeconds) - (s * s) / 2 + s * standardNormal());
}

// ---------------------------------------------------------------------------------------------
// The stack, and what the benchmark opens itself (closed before the processes stop).

const opened = { sockets: [], timers: new Set(), pool: null, stopping: false };
const stack = benchStack({
  root: CFG.root,
  adminDatabaseUrl: CFG.adminDatabaseUrl,
  redisUrl: CFG.redisUrl,
  timeoutSeconds: CFG.timeoutSeconds,
  // The demo seed makes the agents (agent1…agentN, in complaints); lib's stack makes none by default.
  env: { DEMO_AGENT_COUNT: String(Math.max(CFG.agents, 1)) },
  beforeStop: async () => {
    opened.stopping = true;
    for (const timer of opened.timers) clearTimeout(timer);
    for (const socket of opened.sockets) socket.close();
    await opened.pool?.end().catch(() => {});
  },
});

/** setTimeout that the clean-up can cancel: a handle or re-ask must not reach a stopped api. */
function later(ms, fn) {
  const timer = setTimeout(() => {
    opened.timers.delete(timer);
    if (!opened.stopping) fn();
  }, ms);
  opened.timers.add(timer);
}

/** What went wrong or was unusual on the agents' side: message → count. */
const trouble = new Map();
const note = (what) => trouble.set(what, (trouble.get(what) ?? 0) + 1);

// ---------------------------------------------------------------------------------------------
// Tickets. An offer can reach an agent before the POST's answer: entries are made by either.

/**
 * @typedef {object} Ticket
 * @property {number} n             arrival number
 * @property {'opening'|'warmup'|'measure'} phase
 * @property {number} sent          POST issued (wall ms)
 * @property {number|null} announced POST answered (wall ms)
 * @property {number|null} position announced place in line
 * @property {number|null} estimate announced estimatedWaitSeconds
 * @property {{at:number, staffed:number, aht:number|null, available:number}|null} live queue figures then
 * @property {{asOf:number, position:number, estimate:number}|null} midway the re-ask, if still queued
 * @property {number|null} handleStart accept answered (wall ms)
 * @property {number|null} handleEnd   wrap-up ended (wall ms)
 * @property {number|null} created  tickets.created_at (ms)
 * @property {number|null} accepted tickets.accepted_at (ms)
 * @property {number|null} offered  first ticket.offered event (ms)
 */
/** @type {Map<string, Ticket>} ticket id → ticket */
const tickets = new Map();
let arrivals = 0;
const RUN_TAG = randomBytes(3).toString('hex');

/** @returns {Ticket} */
function ticket(id) {
  let t = tickets.get(id);
  if (!t) {
    t = {
      n: 0,
      phase: 'measure',
      sent: NaN,
      announced: null,
      position: null,
      estimate: null,
      live: null,
      midway: null,
      handleStart: null,
      handleEnd: null,
      created: null,
      accepted: null,
      offered: null,
    };
    tickets.set(id, t);
  }
  return t;
}

/** The queue's live figures as the wallboard had them, newest last. */
const liveSamples = [];
/** The newest sample taken at or before `at` (the estimator reads the same snapshot, cached ≤ 2 s). */
function liveAt(at) {
  for (let i = liveSamples.length - 1; i >= 0; i--) if (liveSamples[i].at <= at) return liveSamples[i];
  return null;
}

async function pollLive(token, until) {
  while (!opened.stopping && wall() < until) {
    const res = await stack.call('GET', '/api/metrics/queues', token).catch(() => null);
    const q = res?.status === 200 ? res.body.find((m) => m.queue === QUEUE) : null;
    if (q) {
      liveSamples.push({
        at: res.done,
        staffed: q.agents.available + q.agents.busy + q.agents.wrapUp,
        available: q.agents.available,
        aht: q.ahtSeconds ?? q.today.ahtSeconds,
      });
    }
    await sleep(METRICS_POLL_MS);
  }
}

const midwayAsks = [];

/** One arrival: POST, remember the answer, and schedule its midway re-ask. */
async function arrive(token, phase) {
  const n = ++arrivals;
  const res = await stack.call('POST', '/api/tickets', token, {
    channel: 'voice',
    queue: QUEUE,
    subject: `Estimate bench call ${n}`,
    customer: { externalId: `estimate-${RUN_TAG}-${n}`, name: `Caller ${n}` },
  });
  if (res.status !== 201) return void note(`intake: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  const t = ticket(res.body.id);
  Object.assign(t, {
    n,
    phase,
    sent: res.sent,
    announced: res.done,
    position: res.body.position,
    estimate: res.body.estimatedWaitSeconds,
    live: liveAt(res.done),
  });
  // "Midway" through what was promised; at least 1 s in, so position-1 tickets promised 0 s
  // that still wait are asked too.
  later(Math.max(1000, t.estimate * 500), () => midwayAsks.push(askMidway(token, res.body.id, t)));
}

async function askMidway(token, id, t) {
  const res = await stack.call('GET', `/api/tickets/${id}/position`, token).catch(() => null);
  if (res?.status !== 200) return void note(`position: HTTP ${res?.status ?? 'failed'}`);
  if (res.body.status === 'queued') {
    t.midway = {
      asOf: Date.parse(res.body.asOf),
      position: res.body.position,
      estimate: res.body.estimatedWaitSeconds,
    };
  }
}

/** Poisson arrivals from now until `end` (wall ms); `phaseAt(t)` names each arrival's phase. */
async function poissonArrivals(token, end, phaseAt) {
  const posts = [];
  let at = wall();
  for (;;) {
    at += exponential(1000 / ARRIVAL_RATE);
    if (at >= end || opened.stopping) break;
    const wait = at - wall();
    if (wait > 0) await sleep(wait);
    // Open loop: the next arrival never waits for this one's answer.
    posts.push(arrive(token, phaseAt(at)).catch((e) => note(`intake: ${e.message}`)));
  }
  await Promise.all(posts);
}

// ---------------------------------------------------------------------------------------------
// Agents

/** Agents holding a call now: a second offer to one of them would break "one agent = one server". */
const holding = new Set();

async function startAgent(i) {
  const email = `agent${i}@switchboard.local`;
  const { accessToken: token } = await expectStatus(
    stack.call('POST', '/api/auth/login', undefined, { email, password: 'switchboard' }),
    200,
    `login ${email}`,
  );
  const socket = await agentSocket(stack.base, token, email);
  opened.sockets.push(socket);
  socket.on('offer.created', (offer) => void take(email, token, offer).catch((e) => note(`agent: ${e.message}`)));
  socket.on('offer.rescinded', (e) => note(`offer rescinded: ${e.reason}`));
  socket.on('session.ended', (e) => note(`agent session ended: ${e.reason}`));
  socket.on('disconnect', (reason) => {
    if (!opened.stopping) note(`agent socket closed: ${reason}`);
  });
  await expectStatus(
    stack.call('PUT', '/api/agents/me/status', token, { status: 'available' }),
    200,
    `${email} available`,
  );
}

/** Accept at once, hold the call for a drawn handle time, resolve, end the wrap-up. */
async function take(email, token, offer) {
  if (holding.has(email)) note('offer to an agent already holding a call');
  const accepted = await stack.call('POST', `/api/offers/${offer.offerId}/accept`, token);
  if (accepted.status !== 200) return void note(`accept: HTTP ${accepted.status}`);
  holding.add(email);
  const t = ticket(offer.ticketId);
  t.handleStart = accepted.done;
  later(handleSeconds() * 1000, async () => {
    try {
      const resolved = await stack.call('POST', `/api/tickets/${offer.ticketId}/resolve`, token, {
        resolutionCode: 'fixed',
      });
      if (resolved.status !== 200) return void note(`resolve: HTTP ${resolved.status}`);
      // Free from here on in this process's books: the next offer can arrive before the answer below.
      holding.delete(email);
      const done = await stack.call('POST', '/api/agents/me/wrap-up/complete', token);
      // 409: this queue has no wrap-up (or it ended already); the agent is free either way.
      if (done.status !== 200 && done.status !== 409) return void note(`wrap-up: HTTP ${done.status}`);
      t.handleEnd = done.done;
    } catch (error) {
      if (!opened.stopping) note(`agent: ${error.message}`);
    } finally {
      holding.delete(email);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Figures

const round = (v, digits = 2) => (v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits)));
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * Accuracy over `pairs` of { estimate, actual } (seconds): count, MAE, bias (+ = over-announced),
 * median and p90 of the absolute error, mean estimate, mean actual wait.
 */
function accuracy(pairs) {
  const errors = pairs.map((p) => p.estimate - p.actual);
  const absolute = errors.map(Math.abs).sort((a, b) => a - b);
  return {
    count: pairs.length,
    maeSeconds: round(mean(absolute)),
    biasSeconds: round(mean(errors)),
    medianAbsSeconds: round(quantile(absolute, 0.5)),
    p90AbsSeconds: round(quantile(absolute, 0.9)),
    meanEstimateSeconds: round(mean(pairs.map((p) => p.estimate))),
    meanActualSeconds: round(mean(pairs.map((p) => p.actual))),
  };
}

/** The groups every set of tickets is split into; `rows` have position, estimate, actual. */
function groups(rows) {
  return {
    all: accuracy(rows),
    position1: accuracy(rows.filter((r) => r.position === 1)),
    position2to3: accuracy(rows.filter((r) => r.position >= 2 && r.position <= 3)),
    position4plus: accuracy(rows.filter((r) => r.position >= 4)),
    waitedZero: accuracy(rows.filter((r) => r.actual < NO_WAIT_SECONDS)),
    waited: accuracy(rows.filter((r) => r.actual >= NO_WAIT_SECONDS)),
  };
}

/** Erlang C: the M/M/c mean wait in queue at `rate` arrivals/s, `aht` s, `c` agents (null if overloaded). */
function erlangCMeanWait(rate, aht, c) {
  const a = rate * aht;
  if (a >= c) return null;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) sum += term *= a / k;
  const last = ((term * a) / c) * (c / (c - a));
  const pWait = last / (sum + last);
  return pWait / (c / aht - rate);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  log(
    `stack from ${CFG.root}; ${CFG.agents} agents, ${CFG.handle} handle mean ${CFG.handleMeanSeconds} s, ` +
      `load ${CFG.load} (λ ${fmt(ARRIVAL_RATE, 3)}/s), seed ${CFG.seed}`,
  );
  await stack.start();
  opened.pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
  const login = (email) => demoLogin(stack, email);
  const integration = await login('integration@switchboard.local');
  const supervisor = await login('supervisor@switchboard.local');
  const queue = (await expectStatus(stack.call('GET', '/api/queues', supervisor), 200, 'queues')).find(
    (q) => q.key === QUEUE,
  );
  for (let i = 1; i <= CFG.agents; i++) await startAgent(i);

  const runEnd = wall() + (CFG.warmupSeconds + CFG.seconds) * 1000;
  const polling = pollLive(supervisor, runEnd + CFG.drainSeconds * 1000);
  // The live figures must show the agents staffed before the first call, as they would on a real floor.
  for (let i = 0; i < 50 && !(liveSamples.at(-1)?.staffed >= CFG.agents); i++) await sleep(100);

  log(`opening: ${CFG.agents + CFG.openingQueue} calls at once`);
  // One after another: each sees the previous one in line, so the positions are 1, 2, 3, … deterministically.
  for (let i = 0; i < CFG.agents + CFG.openingQueue; i++) await arrive(integration, 'opening');

  const measureFrom = wall() + CFG.warmupSeconds * 1000;
  log(`warm-up ${CFG.warmupSeconds} s, then measuring ${CFG.seconds} s`);
  await poissonArrivals(integration, runEnd, (at) => (at < measureFrom ? 'warmup' : 'measure'));

  log(`arrivals over (${arrivals}); draining`);
  const ids = [...tickets.keys()];
  const drainEnd = wall() + CFG.drainSeconds * 1000;
  for (;;) {
    const { rows } = await opened.pool.query(
      'SELECT count(*)::int AS n FROM tickets WHERE id = ANY($1::uuid[]) AND accepted_at IS NULL',
      [ids],
    );
    if (rows[0].n === 0) break;
    if (wall() > drainEnd) {
      note(`${rows[0].n} tickets never accepted within the drain`);
      break;
    }
    await sleep(500);
  }
  await Promise.all(midwayAsks);
  opened.stopping = true;
  await polling;

  const { rows } = await opened.pool.query(
    `SELECT t.id, extract(epoch FROM t.created_at)::float8 * 1000 AS created,
            extract(epoch FROM t.accepted_at)::float8 * 1000 AS accepted,
            (SELECT extract(epoch FROM min(e.at))::float8 * 1000 FROM ticket_events e
              WHERE e.ticket_id = t.id AND e.type = 'ticket.offered') AS offered
       FROM tickets t WHERE t.id = ANY($1::uuid[])`,
    [ids],
  );
  for (const r of rows) Object.assign(ticket(r.id), { created: r.created, accepted: r.accepted, offered: r.offered });

  const result = figures(queue);
  printReport(result);
  console.log(JSON.stringify(result));
}

function figures(queue) {
  const all = [...tickets.values()].filter((t) => t.estimate !== null && t.accepted !== null).sort((a, b) => a.n - b.n);
  const unanswered = [...tickets.values()].filter((t) => t.estimate !== null && t.accepted === null).length;
  const row = (t) => ({
    position: t.position,
    estimate: t.estimate,
    actual: (t.accepted - t.created) / 1000,
    // What the intake knew: whether an agent took the ticket at once, and the queue's live figures.
    offeredAtOnce: t.offered !== null && t.offered - t.created < OFFERED_AT_ONCE_MS,
    live: t.live,
  });
  const measured = all.filter((t) => t.phase === 'measure');
  const rows = measured.map(row);

  const handles = [...tickets.values()]
    .filter((t) => t.handleStart !== null && t.handleEnd !== null)
    .map((t) => (t.handleEnd - t.handleStart) / 1000);
  const measuredSeconds = CFG.seconds;
  const measuredRate = measured.length / measuredSeconds;
  const aht = mean(handles);
  const liveAht = mean(rows.map((r) => r.live?.aht).filter((v) => Number.isFinite(v)));
  const staffedSeen = rows.map((r) => r.live?.staffed).filter((v) => Number.isFinite(v));

  // Same inputs, another formula: the whole position (the caller waits for the one before them
  // to be taken AND for an agent to come free), 0 when an agent took the call at once.
  const alternative = rows
    .filter((r) => r.live && r.live.aht && r.live.staffed)
    .map((r) => ({
      position: r.position,
      actual: r.actual,
      estimate: r.offeredAtOnce ? 0 : Math.round((r.position * r.live.aht) / r.live.staffed),
    }));

  const midway = measured
    .filter((t) => t.midway)
    .map((t) => ({
      position: t.midway.position,
      estimate: t.midway.estimate,
      actual: (t.accepted - t.midway.asOf) / 1000,
    }));

  // Until the live figures have an AHT, and the intake's cached figures have expired after that,
  // the estimator may use its 300 s default: the cold start.
  const coldUntil = (liveSamples.find((s) => s.aht !== null)?.at ?? Infinity) + INTAKE_STATS_TTL_MS;
  const cold = all.filter((t) => t.announced < coldUntil).map(row);
  const warmup = all.filter((t) => t.phase !== 'measure').map(row);
  const fromAnnouncement = measured.map((t) => ({
    position: t.position,
    estimate: t.estimate,
    actual: (t.accepted - t.announced) / 1000,
  }));

  // The position announced against the line as the log has it: tickets created before this one
  // and not yet offered when it was created (FIFO, one priority: these are the ones ahead).
  const positionDrift = measured.map((t) => {
    const ahead = all.filter((u) => u.created < t.created && (u.offered === null || u.offered > t.created)).length;
    return t.position - (ahead + 1);
  });

  return {
    at: new Date().toISOString(),
    root: CFG.root,
    machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((v) => round(v)), node: process.version },
    config: {
      agents: CFG.agents,
      channel: 'voice',
      queue: QUEUE,
      wrapUpSeconds: queue?.wrapUpSeconds ?? null,
      handle: CFG.handle,
      handleMeanSeconds: CFG.handleMeanSeconds,
      handleSigma: CFG.handle === 'lognormal' ? CFG.handleSigma : undefined,
      targetLoad: CFG.load,
      arrivalsPerSecond: round(ARRIVAL_RATE, 3),
      openingQueue: CFG.openingQueue,
      warmupSeconds: CFG.warmupSeconds,
      measuredSeconds,
      seed: CFG.seed,
    },
    observed: {
      tickets: tickets.size,
      measuredTickets: measured.length,
      neverAccepted: unanswered,
      measuredArrivalsPerSecond: round(measuredRate, 3),
      ahtSeconds: round(aht),
      liveAhtSecondsAtAnnouncement: round(liveAht),
      staffedAtAnnouncement: staffedSeen.length ? [Math.min(...staffedSeen), Math.max(...staffedSeen)] : null,
      offeredLoad: round((measuredRate * aht) / CFG.agents),
      erlangCMeanWaitSeconds: round(erlangCMeanWait(measuredRate, aht, CFG.agents)),
      offeredAtOncePercent: round((100 * rows.filter((r) => r.offeredAtOnce).length) / Math.max(1, rows.length), 1),
      maxPosition: Math.max(0, ...rows.map((r) => r.position)),
      meanIntakeMs: round(mean(measured.map((t) => t.announced - t.sent)), 1),
      positionVsLog: {
        meanDifference: round(mean(positionDrift)),
        differing: positionDrift.filter((d) => d !== 0).length,
      },
    },
    measured: groups(rows),
    fromAnnouncement: accuracy(fromAnnouncement),
    midway: { asked: measured.length, stillQueued: midway.length, ...groups(midway) },
    coldStart: { ...groups(cold), positions: cold.map((r) => [r.position, r.estimate, round(r.actual, 1)]) },
    warmup: groups(warmup),
    alternativePositionTimesAht: groups(alternative),
    trouble: Object.fromEntries(trouble),
  };
}

function printReport(r) {
  const line = (label, a) =>
    console.log(
      `${label.padEnd(34)}${String(a.count).padStart(5)}${fmt(a.maeSeconds, 2).padStart(9)}${fmt(a.biasSeconds, 2).padStart(9)}` +
        `${fmt(a.medianAbsSeconds, 2).padStart(9)}${fmt(a.p90AbsSeconds, 2).padStart(9)}` +
        `${fmt(a.meanEstimateSeconds, 2).padStart(10)}${fmt(a.meanActualSeconds, 2).padStart(10)}`,
    );
  const block = (title, g) => {
    console.log(title);
    line('  all', g.all);
    line('  announced position 1', g.position1);
    line('  announced position 2–3', g.position2to3);
    line('  announced position 4+', g.position4plus);
    line(`  waited 0 s (< ${NO_WAIT_SECONDS} s)`, g.waitedZero);
    line(`  waited ≥ ${NO_WAIT_SECONDS} s`, g.waited);
  };
  const { config: c, observed: o } = r;
  console.log(`
wait-estimate accuracy — ${r.machine.cpus} cpus (load ${r.machine.loadavg.join(' ')}), node ${r.machine.node}
${c.agents} agents on ${c.channel} (one call each) in '${c.queue}' (wrap-up ${c.wrapUpSeconds} s, ended at once)
handle ${c.handle} mean ${c.handleMeanSeconds} s${c.handleSigma ? ` σ ${c.handleSigma}` : ''}; target load ${c.targetLoad} → λ ${c.arrivalsPerSecond}/s; seed ${c.seed}
opening ${c.agents + c.openingQueue} calls, warm-up ${c.warmupSeconds} s, measured ${c.measuredSeconds} s
observed: ${o.measuredTickets} measured tickets (${o.tickets} in all, ${o.neverAccepted} never accepted), λ ${o.measuredArrivalsPerSecond}/s, AHT ${fmt(o.ahtSeconds, 2)} s (live AHT at announcement ${fmt(o.liveAhtSecondsAtAnnouncement, 2)} s), staffed ${JSON.stringify(o.staffedAtAnnouncement)}
          offered load ${fmt(o.offeredLoad, 2)}, M/M/c mean wait ${fmt(o.erlangCMeanWaitSeconds, 2)} s, ${fmt(o.offeredAtOncePercent, 1)} % taken at once, max position ${o.maxPosition}, intake ${fmt(o.meanIntakeMs, 1)} ms
          announced position − position from the log: mean ${fmt(o.positionVsLog.meanDifference, 2)}, ${o.positionVsLog.differing} differ

seconds (error = estimate − actual)   n      MAE     bias   p50|e|   p90|e|  mean est  mean act`);
  block('measured, announced at intake', r.measured);
  line('  (actual from the 201, not created_at)', r.fromAnnouncement);
  block(`midway GET position (${r.midway.stillQueued} of ${r.midway.asked} still queued)`, r.midway);
  block('cold start (before the live AHT could reach the intake: 300 s default)', r.coldStart);
  block('warm-up incl. opening (not in the figures above)', r.warmup);
  block('same inputs, position × AHT / staffed, 0 if taken at once', r.alternativePositionTimesAht);
  console.log(`cold start (position, estimate s, actual s): ${JSON.stringify(r.coldStart.positions)}`);
  if (Object.keys(r.trouble).length) console.log(`trouble: ${JSON.stringify(r.trouble)}`);
  console.log('');
}

main()
  .then(() => stack.cleanup())
  .then(() => process.exit(0))
  .catch((error) => stack.fail(error.stack ?? String(error), 1));
