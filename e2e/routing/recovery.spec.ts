/**
 * Invariant 1, nothing lost: a Redis wipe, a router killed with kill -9, and an api that dies
 * between committing an intake and queueing its routing job. In each case every ticket is
 * routed and resolved exactly once, repaired by BullMQ's stalled-job recovery or the reconciler.
 */
import { Stack, waitFor } from '../support/stack.js';
import {
  acceptAndResolve,
  createAgents,
  expectCleanHistories,
  queueBody,
  resolvedCount,
  setStatus,
  ticketBody,
} from './agents.js';

const FAST = { RECONCILE_INTERVAL_SECONDS: '2', ROUTING_RECHECK_SECONDS: '5' };

describe('a Redis FLUSHALL while 50 tickets wait', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start('flush', { env: FAST, ownRedis: true });
  });
  afterAll(() => stack?.stop());

  it('loses nothing: after the reconciler runs, all 50 are routed and resolved once', async () => {
    const admin = (await stack.login('admin@switchboard.local')).accessToken;
    const integration = (await stack.login('integration@switchboard.local')).accessToken;
    expect((await stack.call('POST', '/api/queues', admin, queueBody('flush'))).status).toBe(201);
    const agents = await createAgents(stack, admin, 'flush', 4, 'fl');
    for (let i = 0; i < 50; i++)
      expect((await stack.call('POST', '/api/tickets', integration, ticketBody('flush', i))).status).toBe(201);

    const redis = stack.redis();
    expect(await redis.dbsize()).toBeGreaterThan(0);
    await redis.flushall();
    expect(await redis.dbsize()).toBe(0);
    redis.disconnect();

    // The reconciler notices every waiting ticket lost its job, and gives each one back.
    const restored = async () =>
      (
        await stack.query<{ n: number }>(
          `SELECT count(DISTINCT ticket_id)::int AS n FROM ticket_events
            WHERE type = 'ticket.reconciled' AND data->>'fix' = 'routing-job-restored'`,
        )
      )[0]!.n;
    await waitFor(
      async () => (await restored()) === 50,
      20_000,
      () => stack.logs(),
    );

    const failures: string[] = [];
    agents.forEach((a) => acceptAndResolve(stack, a, failures));
    for (const a of agents) await setStatus(stack, a, 'available');
    await waitFor(
      async () => (await resolvedCount(stack, 'flush')) === 50,
      90_000,
      () => failures.join('\n') + stack.logs(),
    );
    expect(failures).toEqual([]);
    await expectCleanHistories(stack, 'flush');
    expect(await restored()).toBe(50);
  });
});

describe('a router killed with kill -9 in the middle of offers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start('kill', { env: FAST, routers: 2 });
  });
  afterAll(() => stack?.stop());

  it('leaves no ticket lost or stuck; the other router and the restarted one finish the work', async () => {
    const admin = (await stack.login('admin@switchboard.local')).accessToken;
    const integration = (await stack.login('integration@switchboard.local')).accessToken;
    expect((await stack.call('POST', '/api/queues', admin, queueBody('kill', { offerTimeoutSeconds: 8 }))).status).toBe(
      201,
    );
    const agents = await createAgents(stack, admin, 'kill', 6, 'kl');
    const failures: string[] = [];
    // Half the agents answer; the others leave their offers pending, so the kill lands mid-offer.
    agents.slice(0, 3).forEach((a) => acceptAndResolve(stack, a, failures, 50));
    for (const a of agents) await setStatus(stack, a, 'available');
    const posting = (async () => {
      for (let i = 0; i < 80; i++) {
        const res = await stack.call('POST', '/api/tickets', integration, ticketBody('kill', i));
        if (res.status !== 201) failures.push(`intake ${res.status}`);
      }
    })();
    await waitFor(
      async () => (await resolvedCount(stack, 'kill')) >= 10,
      30_000,
      () => stack.logs(),
    );
    const router0 = stack.processes.find((p) => p.name === 'router0')!;
    await stack.kill(router0, 'SIGKILL');
    const killedAt = Date.now();
    const pendingAtKill = (await stack.query(`SELECT 1 FROM offers WHERE status = 'pending'`)).length;
    expect(pendingAtKill).toBeGreaterThan(0);
    await stack.startRouter();
    // The silent agents start answering too, so every ticket can finish.
    agents.slice(3).forEach((a) => acceptAndResolve(stack, a, failures, 50));
    await posting;
    await waitFor(
      async () => (await resolvedCount(stack, 'kill')) === 80,
      120_000,
      () => failures.join('\n') + stack.logs(),
    );
    expect(failures).toEqual([]);
    await expectCleanHistories(stack, 'kill');
    // Offers pending at the kill were answered or expired on time, not left hanging.
    const [overdue] = await stack.query<{ worst: number | null }>(
      `SELECT max(extract(epoch FROM responded_at - expires_at))::float AS worst FROM offers WHERE status = 'expired' AND created_at < $1`,
      [new Date(killedAt)],
    );
    expect(overdue!.worst ?? 0).toBeLessThan(15);
  });
});

describe('an api that dies between the intake commit and the routing job', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start('crash', { env: FAST, apiEnv: { FAULT_INJECT: 'intake-crash-after-commit' } });
  });
  afterAll(() => stack?.stop());

  it('keeps the committed ticket and the reconciler delivers it to an agent', async () => {
    const integration = (await stack.login('integration@switchboard.local')).accessToken;
    const crashed = await stack
      .call('POST', '/api/tickets', integration, ticketBody('complaints', 1))
      .catch((e: Error) => e);
    expect(String(crashed)).toMatch(/fetch failed/); // the connection died with the process
    const [ticket] = await stack.query<{ id: string; status: string }>(`SELECT id, status FROM tickets`);
    expect(ticket!.status).toBe('queued');

    await stack.startApi(); // without the fault
    const agent = await stack.login('agent1@switchboard.local');
    const socket = await stack.socket(agent.accessToken);
    const offered = new Promise<string>((resolve) => socket.on('offer.created', (o) => resolve(o.ticketId)));
    expect((await stack.call('PUT', '/api/agents/me/status', agent.accessToken, { status: 'available' })).status).toBe(
      200,
    );
    expect(await offered).toBe(ticket!.id);
    const types = (
      await stack.query<{ type: string }>(`SELECT type FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`, [
        ticket!.id,
      ])
    ).map((e) => e.type);
    expect(types).toContain('ticket.reconciled');
  });
});

describe('a Redis that may evict keys', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start('evict', { ownRedis: true, redisArgs: ['--maxmemory-policy', 'allkeys-lru'] });
  });
  afterAll(() => stack?.stop());

  it('makes the router warn at start-up', async () => {
    const router = stack.processes.find((p) => p.name === 'router0')!;
    await waitFor(
      () => router.output().includes('maxmemory-policy'),
      10_000,
      () => stack.logs(),
    );
    expect(router.output()).toMatch(/Redis maxmemory-policy is 'allkeys-lru', not 'noeviction'/);
  });
});

describe('a database reset while Redis still holds the old jobs', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start('reset', { env: FAST });
  });
  afterAll(() => stack?.stop());

  const runTickets = async () => {
    const admin = (await stack.login('admin@switchboard.local')).accessToken;
    const integration = (await stack.login('integration@switchboard.local')).accessToken;
    expect((await stack.call('POST', '/api/queues', admin, queueBody('reset'))).status).toBe(201);
    const agents = await createAgents(stack, admin, 'reset', 2, 'rs');
    const failures: string[] = [];
    agents.forEach((a) => acceptAndResolve(stack, a, failures));
    for (const a of agents) await setStatus(stack, a, 'available');
    for (let i = 0; i < 10; i++)
      expect((await stack.call('POST', '/api/tickets', integration, ticketBody('reset', i))).status).toBe(201);
    await waitFor(
      async () => (await resolvedCount(stack, 'reset')) === 10,
      60_000,
      () => failures.join('\n') + stack.logs(),
    );
    expect(failures).toEqual([]);
  };

  it('routes new tickets: job ids never repeat across databases', async () => {
    await runTickets();
    const redis = stack.redis();
    // Jobs the routing queue took (offer deadlines, most of them removed again once answered),
    // as BullMQ's event stream records them.
    const added = async () =>
      (await redis.xrange(`${stack.prefix}:routing:events`, '-', '+')).filter(([, f]) => f[1] === 'added').length;
    const addedBefore = await added();
    expect(addedBefore).toBeGreaterThanOrEqual(10);
    await stack.resetDatabase();
    await runTickets(); // the same seed, the same ticket numbers, a fresh database
    expect(await added()).toBeGreaterThanOrEqual(addedBefore + 10);
    redis.disconnect();
  });
});
