#!/usr/bin/env node
/**
 * Inbound e-mail benchmark: `npm run bench:email` (compiles first; run the script directly only
 * with a current dist/). BENCH_ROOT=<checkout> starts that checkout's apps/api/dist instead.
 *
 * Starts a private stack (own database, Redis prefix and data directory; one api with SMTP on a
 * free port, one router; no relay, so each acknowledgement is written as an .eml file as with
 * `npm start`) and sends it mail over SMTP with nodemailer, BENCH_CONCURRENCY (8) connections at
 * a time (a pooled transport, as a mail server delivers):
 *
 *   1. new threads: BENCH_MAILS (300) mails from different customers, each opening a ticket in
 *      `complaints` with its acknowledgement (written and queued in the same commit);
 *   2. replies: one reply per thread with In-Reply-To, each joining its ticket.
 *
 * For each phase: mails per second, the latency of each mail (DATA sent → 250), the api's CPU per
 * mail (/proc/<pid>/stat), and that every mail made exactly one message. Prints a table and one
 * JSON line (also tmp/bench-email.json). Removes what it made, also on failure.
 * Env: BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_TIMEOUT_SECONDS (default 300), BENCH_CPU_PROF
 * (a directory: the api's CPU profile is written there).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { benchStack, fmt, log, num, procCpuMs, summary, wall } from './lib.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const TMP = join(ROOT, 'tmp');
const CFG = {
  root: resolve(process.env.BENCH_ROOT || ROOT),
  adminDatabaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
  mails: Math.round(num('BENCH_MAILS', 300)),
  concurrency: Math.round(num('BENCH_CONCURRENCY', 8)),
  timeoutSeconds: num('BENCH_TIMEOUT_SECONDS', 300),
};
const dataDir = mkdtempSync(join(os.tmpdir(), 'sb-bench-email-'));
const smtpPort = 40_000 + Math.floor(Math.random() * 20_000);

let pool;
let transport;
const stack = benchStack({
  root: CFG.root,
  adminDatabaseUrl: CFG.adminDatabaseUrl,
  redisUrl: CFG.redisUrl,
  timeoutSeconds: CFG.timeoutSeconds,
  env: {
    DATA_DIR: dataDir,
    SMTP_INBOUND: 'true',
    SMTP_PORT: String(smtpPort),
    SMTP_CONNECTIONS_PER_IP_PER_MINUTE: '100000',
    EMAIL_NEW_TICKETS_PER_SENDER_PER_HOUR: '100000',
  },
  // BENCH_CPU_PROF=<dir>: the api writes a CPU profile there when it stops.
  nodeArgs: (name) =>
    name === 'api' && process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
  beforeStop: async () => {
    transport?.close();
    await pool?.end().catch(() => {});
  },
});
// The api writes into it until it stops: removed when this process ends.
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

/** Sends `mails` with at most CFG.concurrency in flight; returns each one's latency and the phase's wall time. */
async function phase(mails, apiPid) {
  const latencies = [];
  const ids = [];
  const cpuBefore = procCpuMs(apiPid);
  const started = wall();
  let next = 0;
  await Promise.all(
    Array.from({ length: CFG.concurrency }, async () => {
      while (next < mails.length) {
        const mail = mails[next++];
        const sent = wall();
        const info = await transport.sendMail(mail);
        latencies.push(wall() - sent);
        ids.push(info.messageId);
      }
    }),
  );
  const seconds = (wall() - started) / 1000;
  const cpu = procCpuMs(apiPid) - cpuBefore;
  return {
    ids,
    seconds,
    perSecond: mails.length / seconds,
    latency: summary(latencies),
    cpuMsPerMail: cpu / mails.length,
  };
}

async function main() {
  log(`stack from ${CFG.root}; SMTP on 127.0.0.1:${smtpPort}; ${CFG.mails} mails, ${CFG.concurrency} at a time`);
  const { api } = await stack.start();
  pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
  transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: CFG.concurrency,
    maxMessages: Infinity,
  });
  const run = Date.now();
  const customers = Array.from({ length: CFG.mails }, (_, i) => `bench${i}.${run}@mail.test`);
  const threads = await phase(
    customers.map((from, i) => ({
      from,
      to: 'complaints@switchboard.local',
      subject: `Order ${1000 + i} arrived damaged`,
      text: `Hello,\n\nOrder ${1000 + i} arrived with a cracked lid.\n\nRegards`,
    })),
    api.child.pid,
  );
  log(`new threads: ${fmt(threads.perSecond)} mails/s`);
  const replies = await phase(
    customers.map((from, i) => ({
      from,
      to: 'complaints@switchboard.local',
      subject: `Re: Order ${1000 + i} arrived damaged`,
      inReplyTo: threads.ids[i],
      references: [threads.ids[i]],
      text: `Here is a photo.\n\nOn Mon, 2 Nov 2026 at 09:00, Support <complaints@switchboard.local> wrote:\n> We are sorry.`,
    })),
    api.child.pid,
  );
  log(`replies: ${fmt(replies.perSecond)} mails/s`);
  const [{ tickets, inbound }] = (
    await pool.query(
      `SELECT count(DISTINCT ticket_id)::int AS tickets, count(*) FILTER (WHERE direction = 'inbound')::int AS inbound
         FROM email_messages`,
    )
  ).rows;
  const ok = tickets === CFG.mails && inbound === 2 * CFG.mails;
  const row = (name, p) =>
    `| ${name.padEnd(12)} | ${fmt(p.perSecond).padStart(7)} | ${fmt(p.latency.p50).padStart(7)} | ${fmt(p.latency.p90).padStart(7)} | ${fmt(p.latency.p99).padStart(7)} | ${fmt(p.cpuMsPerMail, 2).padStart(9)} |`;
  console.log(`\n| phase        | mails/s | p50 ms  | p90 ms  | p99 ms  | api CPU ms/mail |`);
  console.log(`| ------------ | ------- | ------- | ------- | ------- | --------- |`);
  console.log(row('new threads', threads));
  console.log(row('replies', replies));
  console.log(
    `\n${tickets} tickets, ${inbound} inbound mails (expected ${CFG.mails} and ${2 * CFG.mails}): ${ok ? 'ok' : 'WRONG'}`,
  );
  const result = {
    at: new Date().toISOString(),
    cpus: os.cpus().length,
    config: { mails: CFG.mails, concurrency: CFG.concurrency },
    newThreads: { ...threads, ids: undefined },
    replies: { ...replies, ids: undefined },
    tickets,
    inbound,
    ok,
  };
  mkdirSync(TMP, { recursive: true });
  writeFileSync(join(TMP, 'bench-email.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result));
  await stack.cleanup();
  if (!ok) process.exit(1);
}

main().catch((error) => stack.fail(error.stack ?? String(error), 1));
