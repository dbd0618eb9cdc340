/**
 * A queue's wallboard alerts through the API: thresholds set per queue by an admin (defaults, a
 * PATCH that changes one, 400 naming the field), and the alerts GET /api/metrics/queues decides
 * with them — waiting with nobody able (an agent in the queue without its skill is not able), and
 * no percentage alert below the minimum sample.
 */
import type { QueueMetrics, QueueResponse } from '@switchboard/contracts';
import { startTestApp, ticketBody, type TestApp } from './support/test-app.js';

let t: TestApp;
let admin: string;
let integration: string;
let supervisor: string;
const as = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await startTestApp('queue-alerts');
  [admin, integration, supervisor] = await Promise.all([
    t.token('admin'),
    t.token('integration'),
    t.token('supervisor'),
  ]);
});
afterAll(() => t.close());

const queueBody = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  name: `Queue ${key}`,
  serviceLevel: { thresholdSeconds: 1, targetPercent: 80 },
  offerTimeoutSeconds: 30,
  wrapUpSeconds: 0,
  ...extra,
});

async function metricsOf(queue: string): Promise<QueueMetrics> {
  const res = await t.http.get('/api/metrics/queues').set(as(supervisor)).expect(200);
  const found = (res.body as QueueMetrics[]).find((q) => q.queue === queue);
  if (!found) throw new Error(`no metrics for ${queue}`);
  return found;
}

describe('alert thresholds per queue', () => {
  it('defaults them, takes some at creation and changes one with PATCH', async () => {
    const plain = await t.http.post('/api/queues').set(as(admin)).send(queueBody('plain')).expect(201);
    expect((plain.body as QueueResponse).alerts).toEqual({
      longestWaitSeconds: 120,
      abandonRatePercent: 10,
      minSample: 20,
    });

    const set = await t.http
      .post('/api/queues')
      .set(as(admin))
      .send(queueBody('strict', { alerts: { longestWaitSeconds: 45, minSample: 5 } }))
      .expect(201);
    expect((set.body as QueueResponse).alerts).toEqual({
      longestWaitSeconds: 45,
      abandonRatePercent: 10,
      minSample: 5,
    });

    const patched = await t.http
      .patch('/api/queues/strict')
      .set(as(admin))
      .send({ alerts: { abandonRatePercent: 7.5 } })
      .expect(200);
    expect((patched.body as QueueResponse).alerts).toEqual({
      longestWaitSeconds: 45,
      abandonRatePercent: 7.5,
      minSample: 5,
    });
    const listed = await t.http.get('/api/queues/strict').set(as(admin)).expect(200);
    expect((listed.body as QueueResponse).alerts.abandonRatePercent).toBe(7.5);
  });

  it.each([
    [{ minSample: 0 }, 'alerts.minSample must be at least 1'],
    [{ minSample: 2.5 }, 'alerts.minSample must be a whole number of contacts'],
    [{ longestWaitSeconds: -3 }, 'alerts.longestWaitSeconds must be at least 1'],
    [{ abandonRatePercent: 101 }, 'alerts.abandonRatePercent must be at most 100'],
    [{ abandonRatePercent: 'ten' }, 'alerts.abandonRatePercent must be a number'],
    [{ minSamples: 3 }, 'alerts.minSamples is not a known field'],
  ])('refuses %j with 400 naming the field', async (alerts, message) => {
    const res = await t.http.patch('/api/queues/strict').set(as(admin)).send({ alerts }).expect(400);
    expect(res.body.message).toContain(message);
  });

  it('refuses alerts that are not an object, and lets only admins set them', async () => {
    const res = await t.http.patch('/api/queues/strict').set(as(admin)).send({ alerts: null }).expect(400);
    expect(JSON.stringify(res.body.message)).toContain('alerts');
    await t.http
      .patch('/api/queues/strict')
      .set(as(supervisor))
      .send({ alerts: { minSample: 1 } })
      .expect(403);
  });
});

describe('the alerts of GET /api/metrics/queues', () => {
  it('raises "nobody able" while the only available agent lacks the skill, and clears it when they have it', async () => {
    await t.http
      .post('/api/queues')
      .set(as(admin))
      .send(queueBody('outage', { requiredSkills: [{ skill: 'networking', minLevel: 3 }] }))
      .expect(201);
    const created = await t.http
      .post('/api/agents')
      .set(as(admin))
      .send({
        name: 'Night Shift',
        email: 'night@example.com',
        password: 'long-enough-password',
        queues: ['outage'],
        skills: [{ skill: 'networking', level: 2 }],
      })
      .expect(201);
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'night@example.com', password: 'long-enough-password' })
      .expect(200);
    await t.http
      .put('/api/agents/me/status')
      .set(as(login.body.accessToken as string))
      .send({ status: 'available' })
      .expect(200);
    await t.http
      .post('/api/tickets')
      .set(as(integration))
      .send(ticketBody({ queue: 'outage' }))
      .expect(201);

    const before = await metricsOf('outage');
    expect(before).toMatchObject({ name: 'Queue outage', waiting: 1, agents: { available: 1 }, staffing: { able: 0 } });
    expect(before.alerts).toEqual([{ kind: 'nobody-able', value: 1, threshold: null, sample: null }]);

    await t.http
      .patch(`/api/agents/${created.body.id as string}`)
      .set(as(admin))
      .send({ skills: [{ skill: 'networking', level: 3 }] })
      .expect(200);
    const after = await metricsOf('outage');
    expect(after.staffing.able).toBe(1);
    expect(after.alerts).toEqual([]);
  });

  it('raises no service-level or abandon alert below the minimum sample, and does once it is met', async () => {
    await t.http.post('/api/queues').set(as(admin)).send(queueBody('late')).expect(201);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.http
        .post('/api/tickets')
        .set(as(integration))
        .send(ticketBody({ queue: 'late' }))
        .expect(201);
      ids.push(res.body.id as string);
    }
    // Past the 1 s threshold and the 5 s short-abandon grace: each abandon counts against the service level.
    await new Promise((r) => setTimeout(r, 5_500));
    for (const id of ids) await t.http.post(`/api/tickets/${id}/abandon`).set(as(integration)).send({}).expect(200);

    const small = await metricsOf('late');
    expect(small).toMatchObject({
      serviceLevelPercent: 0,
      serviceLevelContacts: 3,
      abandonRatePercent: 100,
      offered: 3,
      alertThresholds: { minSample: 20 },
    });
    expect(small.alerts).toEqual([]);

    // The history's minute shows the three who waited at once, though none waits at its end.
    const now = Date.now();
    const history = await t.http
      .get('/api/metrics/history')
      .query({
        queue: 'late',
        from: new Date(now - 180_000).toISOString(),
        to: new Date(now).toISOString(),
        bucket: '1m',
      })
      .set(as(supervisor))
      .expect(200);
    const buckets = history.body.buckets as { waitingAtEnd: number; waitingPeak: number }[];
    expect(buckets.at(-1)!.waitingAtEnd).toBe(0);
    expect(Math.max(...buckets.map((b) => b.waitingPeak))).toBe(3);

    await t.http
      .patch('/api/queues/late')
      .set(as(admin))
      .send({ alerts: { minSample: 3 } })
      .expect(200);
    const met = await metricsOf('late');
    expect(met.alerts).toEqual([
      { kind: 'abandon-rate', value: 100, threshold: 10, sample: 3 },
      { kind: 'service-level', value: 0, threshold: 80, sample: 3 },
    ]);
  }, 20_000);
});
