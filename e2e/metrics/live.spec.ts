/**
 * Live metrics over Socket.IO across a scaled-out stack: two api and two router processes on one
 * PostgreSQL and Redis. Supervisors get a snapshot on join and a push within a second of what
 * changes; both apis push identical figures; an agent cannot see supervisor metrics; a client
 * that missed pushes resyncs to the same figures; sockets outliving their token or user close.
 */
import jwt from 'jsonwebtoken';
import type { AccessTokenClaims, MetricsPushMeta, QueueMetrics, QueueStatsEvent } from '@switchboard/contracts';
import { Stack, waitFor, type AgentSocket } from '../support/stack.js';
import { createAgents, queueBody, setStatus, ticketBody } from '../routing/agents.js';

let stack: Stack;
let apiA = '';
let apiB = '';
let admin: string;
let integration: string;
let supervisor: string;

interface Board {
  socket: AgentSocket;
  pushes: { at: number; queues: QueueMetrics[]; meta: MetricsPushMeta }[];
  latest: () => QueueMetrics[] | undefined;
  queue: (key: string) => QueueMetrics | undefined;
}

async function board(base: string, token = supervisor): Promise<Board> {
  stack.base = base;
  const socket = await stack.socket(token);
  const pushes: Board['pushes'] = [];
  socket.on('metrics.queues', (queues, meta) => pushes.push({ at: Date.now(), queues, meta }));
  const latest = () => pushes.at(-1)?.queues;
  return { socket, pushes, latest, queue: (key) => latest()?.find((q) => q.queue === key) };
}

/** Resolves with the time of the first push after `since` for which `test` holds. */
async function pushWhere(
  b: Board,
  since: number,
  test: (q: QueueMetrics[]) => boolean,
  timeoutMs = 5000,
): Promise<number> {
  let found = 0;
  await waitFor(
    () => {
      const hit = b.pushes.find((p) => p.at >= since && test(p.queues));
      if (hit) found = hit.at;
      return hit !== undefined;
    },
    timeoutMs,
    () => stack.logs(),
  );
  return found;
}

const figure = (queues: QueueMetrics[], key: string) => queues.find((q) => q.queue === key)!;
const live = (queues: QueueMetrics[]) => queues.find((q) => q.queue === 'live');

beforeAll(async () => {
  stack = await Stack.start('metrics', { routers: 2, env: { ROUTING_RECHECK_SECONDS: '1' } });
  apiA = stack.base;
  await stack.startApi();
  apiB = stack.base;
  stack.base = apiA;
  admin = (await stack.login('admin@switchboard.local')).accessToken;
  integration = (await stack.login('integration@switchboard.local')).accessToken;
  supervisor = (await stack.login('supervisor@switchboard.local')).accessToken;
  expect(
    (await stack.call('POST', '/api/queues', admin, queueBody('live', { offerTimeoutSeconds: 30, wrapUpSeconds: 0 })))
      .status,
  ).toBe(201);
}, 120_000);
afterAll(() => stack?.stop());

it('pushes a snapshot on join and a change within 1 s of a ticket posted, answered and abandoned, on both apis', async () => {
  const onA = await board(apiA);
  const onB = await board(apiB);
  await waitFor(() => onA.queue('live') !== undefined && onB.queue('live') !== undefined, 5000);
  expect(onA.queue('live')).toMatchObject({ waiting: 0, offered: 0, windowSeconds: 900 });

  // Posted through api B; seen by the board on api A.
  stack.base = apiB;
  const posted = await stack.call<{ id: string }>('POST', '/api/tickets', integration, ticketBody('live', 1));
  const postedAt = Date.now();
  expect(posted.status).toBe(201);
  const seen = await pushWhere(onA, postedAt - 50, (q) => live(q)?.waiting === 1 && live(q)?.offered === 1);
  expect(seen - postedAt).toBeLessThan(1000);

  // An agent connected to api A gets the offer for the ticket posted to api B, and accepts it.
  stack.base = apiA;
  const [agent] = await createAgents(stack, admin, 'live', 1, 'live');
  await setStatus(stack, agent!, 'available');
  await waitFor(
    () => agent!.offers.some((o) => o.ticketId === posted.body.id),
    5000,
    () => stack.logs(),
  );
  const accepted = await stack.call('POST', `/api/offers/${agent!.offers[0]!.offerId}/accept`, agent!.token);
  const acceptedAt = Date.now();
  expect(accepted.status).toBe(200);
  const answered = await pushWhere(onB, acceptedAt - 50, (q) => live(q)?.answered === 1 && live(q)?.waiting === 0);
  expect(answered - acceptedAt).toBeLessThan(1000);

  // The agent is busy: the next ticket waits, and its customer hangs up.
  const second = await stack.call<{ id: string }>('POST', '/api/tickets', integration, ticketBody('live', 2));
  await pushWhere(onA, Date.now() - 1000, (q) => live(q)?.waiting === 1);
  const abandon = await stack.call('POST', `/api/tickets/${second.body.id}/abandon`, integration);
  const abandonedAt = Date.now();
  expect(abandon.status).toBe(200);
  const gone = await pushWhere(onA, abandonedAt - 50, (q) => live(q)?.abandoned === 1 && live(q)?.waiting === 0);
  expect(gone - abandonedAt).toBeLessThan(1000);
  const final = figure(onA.latest()!, 'live');
  expect(final).toMatchObject({ offered: 2, answered: 1, abandoned: 1, abandonRatePercent: 50 });
  expect(final.agents.busy).toBe(1);

  // Both apis delivered the same pushes: same sequence numbers, same figures.
  await new Promise((r) => setTimeout(r, 1500));
  const lastB = onB.pushes.at(-1)!;
  const sameOnA = onA.pushes.find((p) => p.meta.seq === lastB.meta.seq && p.meta.epoch === lastB.meta.epoch);
  expect(sameOnA?.queues).toEqual(lastB.queues);
  // One engine, whichever router runs it: sequence numbers of one epoch never repeat or go back.
  const seqs = onA.pushes.filter((p) => p.meta.epoch === lastB.meta.epoch).map((p) => p.meta.seq);
  expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  expect(new Set(seqs).size).toBe(seqs.length);

  // REST agrees with the wallboard.
  const rest = await stack.call<QueueMetrics[]>('GET', '/api/metrics/queues', supervisor);
  expect(rest.status).toBe(200);
  expect(figure(rest.body, 'live')).toMatchObject({ offered: 2, answered: 1, abandoned: 1 });
  onA.socket.disconnect();
  onB.socket.disconnect();
  agent!.socket.disconnect();
}, 60_000);

it('a board that missed pushes resyncs to the same figures as one that never disconnected', async () => {
  const steady = await board(apiA);
  const flaky = await board(apiB);
  await waitFor(() => steady.latest() !== undefined && flaky.latest() !== undefined, 5000);
  flaky.socket.disconnect();
  stack.base = apiA;
  for (let n = 10; n < 13; n++) await stack.call('POST', '/api/tickets', integration, ticketBody('live', n));
  await pushWhere(steady, Date.now() - 2000, (q) => live(q)?.waiting === 3);
  // Back on the other api, it asks for a snapshot (as after a gap in seq).
  const back = await board(apiB);
  const snapshot = await back.socket.timeout(5000).emitWithAck('metrics.snapshot');
  if ('error' in snapshot) throw new Error(snapshot.error);
  const atSeq = () =>
    steady.pushes.find((p) => p.meta.seq === snapshot.meta.seq && p.meta.epoch === snapshot.meta.epoch);
  // The snapshot is stored before it is pushed: the steady board gets the same push a moment later.
  await waitFor(() => atSeq() !== undefined, 5000);
  expect(figure(snapshot.queues, 'live').waiting).toBe(3);
  expect(atSeq()!.queues).toEqual(snapshot.queues);
  steady.socket.disconnect();
  back.socket.disconnect();
}, 30_000);

it('sends the agent grid only to boards that join supervisors:agents, with the tiles seq, until they leave', async () => {
  const tiles = await board(apiB);
  const grids: { ids: string[]; seq: number }[] = [];
  tiles.socket.on('metrics.agents', (payload, meta) =>
    grids.push({ ids: payload.agents.map((a) => a.agentId), seq: meta.seq }),
  );
  await pushWhere(tiles, 0, () => true);
  const [agent] = await createAgents(stack, admin, 'live', 1, 'gridded');
  const away = () => tiles.queue('live')?.agents.away ?? 0;
  const awayBefore = away();
  // Tiles only: the queue pushes show the agent going away, no grid comes.
  const wentAwayAt = Date.now();
  await setStatus(stack, agent!, 'away');
  await pushWhere(tiles, wentAwayAt, (q) => figure(q, 'live').agents.away === awayBefore + 1);
  expect(grids).toEqual([]);

  expect(await tiles.socket.timeout(5000).emitWithAck('rooms.join', 'supervisors:agents')).toEqual({
    ok: true,
    room: 'supervisors:agents',
  });
  await waitFor(
    () => grids.some((g) => g.ids.includes(agent!.id)),
    5000,
    () => stack.logs(),
  );
  // The grid rides on the same pushes as the tiles: its seq is one the tiles also carried.
  const gridSeq = grids.at(-1)!.seq;
  await waitFor(() => tiles.pushes.some((p) => p.meta.seq >= gridSeq), 5000);
  expect(tiles.pushes.map((p) => p.meta.seq)).toContain(gridSeq);

  expect(await tiles.socket.timeout(5000).emitWithAck('rooms.leave', 'supervisors:agents')).toEqual({
    ok: true,
    room: 'supervisors:agents',
  });
  const count = grids.length;
  const leftAt = Date.now();
  await setStatus(stack, agent!, 'offline');
  await pushWhere(tiles, leftAt, (q) => figure(q, 'live').agents.away === awayBefore);
  await new Promise((r) => setTimeout(r, 600)); // a grid push in flight at the leave has landed
  expect(grids.slice(count + 1)).toEqual([]);
  // Nobody leaves their own rooms (offers would stop reaching the agent).
  expect(await agent!.socket.timeout(5000).emitWithAck('rooms.leave', `agent:${agent!.id}`)).toEqual({
    ok: false,
    error: `agent:${agent!.id} is the user's own room and cannot be left`,
  });
  tiles.socket.disconnect();
  agent!.socket.disconnect();
}, 30_000);

it('an agent gets their own queue waiting count but cannot join the supervisors room or ask for metrics', async () => {
  stack.base = apiA;
  const [agent] = await createAgents(stack, admin, 'live', 1, 'nosy');
  const stats: QueueStatsEvent[] = [];
  const leaked: unknown[] = [];
  agent!.socket.on('queue.stats', (s) => stats.push(s));
  agent!.socket.on('metrics.queues', (q) => leaked.push(q));
  agent!.socket.on('metrics.agents', (a) => leaked.push(a));
  const join = await agent!.socket.timeout(5000).emitWithAck('rooms.join', 'supervisors');
  expect(join).toEqual({ ok: false, error: 'forbidden: a agent may not join supervisors' });
  expect(await agent!.socket.timeout(5000).emitWithAck('rooms.join', 'supervisors:agents')).toEqual({
    ok: false,
    error: 'forbidden: a agent may not join supervisors:agents',
  });
  expect(await agent!.socket.timeout(5000).emitWithAck('rooms.join', 'queue:billing')).toMatchObject({ ok: false });
  expect(await agent!.socket.timeout(5000).emitWithAck('metrics.snapshot')).toHaveProperty('error');
  expect((await stack.call('GET', '/api/metrics/queues', agent!.token)).status).toBe(403);
  await stack.call('POST', '/api/tickets', integration, ticketBody('live', 20));
  await waitFor(() => stats.some((s) => s.queues.some((q) => q.queue === 'live' && q.waiting >= 1)), 5000);
  expect(stats.flatMap((s) => s.queues.map((q) => q.queue))).not.toContain('billing');
  expect(leaked).toEqual([]);
  agent!.socket.disconnect();
}, 30_000);

it('disconnects a socket whose user is disabled within 60 s', async () => {
  stack.base = apiA;
  const [agent] = await createAgents(stack, admin, 'live', 1, 'leaver');
  const ended: string[] = [];
  agent!.socket.on('session.ended', ({ reason }) => ended.push(reason));
  const started = Date.now();
  await stack.query(`UPDATE users SET disabled = true WHERE id = $1`, [agent!.id]);
  await waitFor(() => !agent!.socket.connected, 60_000);
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(ended).toEqual(['user-disabled']);
}, 70_000);

it('disconnects a socket whose token expires within 60 s, at once if it speaks after expiry', async () => {
  stack.base = apiB;
  const issued = await stack.login('supervisor@switchboard.local');
  // A token of that sign-in as if issued a while ago, now 3 s from its end (JWT_TTL_SECONDS is at least 60).
  const { sub, sid } = jwt.decode(issued.accessToken) as AccessTokenClaims;
  const exp = Math.floor(Date.now() / 1000) + 3;
  const claims: AccessTokenClaims = { sub, sid, iat: exp - 60, exp };
  const token = jwt.sign(claims, stack.env.JWT_SECRET!, { algorithm: 'HS256' });
  const idle = await stack.socket(token);
  const talker = await stack.socket(token);
  const ended = { idle: [] as string[], talker: [] as string[] };
  idle.on('session.ended', ({ reason }) => ended.idle.push(reason));
  talker.on('session.ended', ({ reason }) => ended.talker.push(reason));
  expect(await talker.timeout(5000).emitWithAck('metrics.snapshot')).toHaveProperty('queues');

  await waitFor(() => Date.now() >= exp * 1000 + 50, 5_000);
  expect((await stack.call('GET', '/api/metrics/queues', token)).status).toBe(401);
  const spokeAt = Date.now();
  talker.emit('metrics.snapshot', () => {});
  await waitFor(() => !talker.connected, 2_000);
  expect(Date.now() - spokeAt).toBeLessThan(2_000);
  expect(ended.talker).toEqual(['token-expired']);

  // The idle socket is closed by the session sweep.
  await waitFor(() => !idle.connected, 60_000);
  expect(Date.now() - exp * 1000).toBeLessThan(60_000);
  expect(ended.idle).toEqual(['token-expired']);
}, 70_000);
