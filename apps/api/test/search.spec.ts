import { startTestApp, ticketBody, type TestApp } from './support/test-app.js';

let t: TestApp;
let supervisor: string;
const created: { id: string; queue: string; category: string }[] = [];

beforeAll(async () => {
  t = await startTestApp('search');
  supervisor = await t.token('supervisor');
  const integration = await t.token('integration');
  // 57 tickets, several per millisecond, so pagination must break ties by id.
  for (let batch = 0; batch < 3; batch++) {
    const responses = await Promise.all(
      Array.from({ length: 19 }, (_, i) => {
        const n = batch * 19 + i;
        const queue = ['complaints', 'billing', 'technical'][n % 3]!;
        const category = n % 2 === 0 ? 'refund' : 'outage';
        return t.http
          .post('/api/tickets')
          .set('authorization', `Bearer ${integration}`)
          .send(
            ticketBody({ queue, category, subject: `Ticket number ${n}${n === 7 ? ' mentions 100%_discount' : ''}` }),
          )
          .then((r) => ({ id: r.body.id as string, queue, category }));
      }),
    );
    created.push(...responses);
  }
});
afterAll(() => t.close());

const get = (query: string) =>
  t.http.get(`/api/tickets?${query}`).set('authorization', `Bearer ${supervisor}`).expect(200);

async function pageThrough(query: string, limit: number, from: string | null = null): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = from;
  let pages = 0;
  do {
    const res = await get(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...res.body.items.map((i: { id: string }) => i.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return seen;
}

describe('GET /api/tickets', () => {
  it('pages through everything exactly once, newest first', async () => {
    const seen = await pageThrough('', 10);
    expect(seen).toHaveLength(57);
    expect(new Set(seen)).toEqual(new Set(created.map((c) => c.id)));
    const all = await get('limit=100');
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual(seen);
    expect(all.body.nextCursor).toBeNull();
    const times = all.body.items.map((i: { createdAt: string }) => Date.parse(i.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('does not skip or repeat when new tickets arrive between pages', async () => {
    const first = await get('limit=20');
    await t.http
      .post('/api/tickets')
      .set('authorization', `Bearer ${await t.token('integration')}`)
      .send(ticketBody({ queue: 'billing', subject: 'Arrived mid-scroll' }))
      .expect(201);
    const rest = await pageThrough('', 20, first.body.nextCursor);
    const ids = [...first.body.items.map((i: { id: string }) => i.id), ...rest];
    expect(ids).toHaveLength(57);
    expect(new Set(ids).size).toBe(57);
  });

  it('filters by queue, category and status together', async () => {
    const seen = await pageThrough('queue=billing&category=refund&status=queued', 4);
    const expected = created.filter((c) => c.queue === 'billing' && c.category === 'refund').map((c) => c.id);
    expect(new Set(seen)).toEqual(new Set(expected));
    expect((await get('status=resolved')).body.items).toEqual([]);
  });

  it('searches text literally, so % and _ are not wildcards', async () => {
    const res = await get(`q=${encodeURIComponent('100%_disc')}`);
    expect(res.body.items.map((i: { subject: string }) => i.subject)).toEqual([
      'Ticket number 7 mentions 100%_discount',
    ]);
    expect((await get(`q=${encodeURIComponent('%')}`)).body.items).toHaveLength(1);
  });

  it('filters by resolution code, and refuses a malformed one', async () => {
    const [a, b] = created.slice(0, 2);
    await t.db.query(
      `UPDATE tickets SET status = 'resolved', resolution_code = CASE WHEN id = $1 THEN 'refunded' ELSE 'fixed' END,
              resolved_at = now() WHERE id IN ($1, $2)`,
      [a!.id, b!.id],
    );
    const refunded = await get('status=resolved&resolutionCode=refunded');
    expect(refunded.body.items.map((i: { id: string }) => i.id)).toEqual([a!.id]);
    const bad = await t.http
      .get('/api/tickets?resolutionCode=DROP%20TABLE')
      .set('authorization', `Bearer ${supervisor}`)
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('resolutionCode');
    await t.db.query(
      `UPDATE tickets SET status = 'queued', resolution_code = NULL, resolved_at = NULL WHERE id IN ($1, $2)`,
      [a!.id, b!.id],
    );
  });

  it('limits by resolution time, which only resolved tickets have', async () => {
    const [a, b] = created.slice(2, 4);
    await t.db.query(
      `UPDATE tickets SET status = 'resolved', resolution_code = 'fixed',
              resolved_at = CASE WHEN id = $1 THEN now() - interval '3 days' ELSE now() - interval '1 hour' END
        WHERE id IN ($1, $2)`,
      [a!.id, b!.id],
    );
    const ids = async (params: string) => (await get(params)).body.items.map((i: { id: string }) => i.id);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    expect(await ids(`resolvedFrom=${twoDaysAgo}&limit=100`)).toEqual([b!.id]);
    expect(await ids(`resolvedTo=${twoDaysAgo}&limit=100`)).toEqual([a!.id]);
    // Created just now, so a creation-time filter from two days ago matches all 57 (and more) instead.
    expect((await ids(`from=${twoDaysAgo}&limit=100`)).length).toBeGreaterThanOrEqual(57);
    const bad = await t.http
      .get('/api/tickets?resolvedFrom=yesterday')
      .set('authorization', `Bearer ${supervisor}`)
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('resolvedFrom must be an ISO-8601 date-time');
    await t.db.query(
      `UPDATE tickets SET status = 'queued', resolution_code = NULL, resolved_at = NULL WHERE id IN ($1, $2)`,
      [a!.id, b!.id],
    );
  });

  it('limits by creation time', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await get(`from=${future}`)).body.items).toEqual([]);
    expect((await get(`to=${future}&limit=100`)).body.items.length).toBeGreaterThanOrEqual(57);
  });
});

describe('GET /api/tickets/waiting', () => {
  const waiting = (query: string, token = supervisor) =>
    t.http.get(`/api/tickets/waiting?${query}`).set('authorization', `Bearer ${token}`);

  it("lists a queue's waiting tickets in the order the router offers them, with how many wait", async () => {
    const billing = created.filter((c) => c.queue === 'billing');
    const [a, b, c] = billing;
    // Effective priority = priority + one point a minute waited: a 50+20 = 70, c 50+10 = 60 and
    // waiting longer than b 60+0 = 60. Every other ticket has a priority under 60.
    await t.db.query(
      `UPDATE tickets SET priority = v.p, enqueued_at = now() - v.ago * interval '1 minute'
         FROM (VALUES ($1::uuid, 50, 20), ($2::uuid, 60, 0), ($3::uuid, 50, 10)) AS v(id, p, ago)
        WHERE tickets.id = v.id`,
      [a!.id, b!.id, c!.id],
    );
    const res = await waiting('queue=billing').expect(200);
    const [{ n }] = (await t.db.query(
      `SELECT count(*)::int AS n FROM tickets t JOIN queues q ON q.id = t.queue_id
        WHERE q.key = 'billing' AND t.status = 'queued'`,
    )) as { n: number }[];
    expect(res.body.total).toBe(n);
    expect(res.body.items).toHaveLength(n);
    expect(res.body.items.slice(0, 3).map((i: { id: string }) => i.id)).toEqual([a!.id, c!.id, b!.id]);
    expect(res.body.items.slice(0, 3).map((i: { effectivePriority: number }) => i.effectivePriority)).toEqual([
      70, 60, 60,
    ]);
    expect(res.body.items.map((i: { position: number }) => i.position)).toEqual(
      Array.from({ length: n }, (_, i) => i + 1),
    );

    const two = await waiting('queue=billing&limit=2').expect(200);
    expect(two.body.total).toBe(n);
    expect(two.body.items.map((i: { id: string }) => i.id)).toEqual([a!.id, c!.id]);
  });

  it('refuses a bad limit or queue, an unknown queue, and agents', async () => {
    expect(JSON.stringify((await waiting('queue=billing&limit=0').expect(400)).body)).toContain(
      'limit must be at least 1',
    );
    expect(JSON.stringify((await waiting('limit=5').expect(400)).body)).toContain('queue');
    expect((await waiting('queue=nowhere').expect(404)).body.message).toContain("queue 'nowhere' does not exist");
    await waiting('queue=billing', await t.token('agent')).expect(403);
  });
});

it('refuses a resolution-date range that ends before it starts', async () => {
  const res = await t.http
    .get('/api/tickets?resolvedFrom=2026-11-20T00:00:00Z&resolvedTo=2026-11-10T00:00:00Z')
    .set('authorization', `Bearer ${supervisor}`)
    .expect(400);
  expect(JSON.stringify(res.body)).toContain('resolvedFrom must not be later than resolvedTo');
});

describe('short references', () => {
  it('gives every ticket its own SB- number and finds a ticket by it', async () => {
    const references = await Promise.all(
      created.slice(0, 10).map(async ({ id }) => {
        const detail = (await t.http.get(`/api/tickets/${id}`).set('authorization', `Bearer ${supervisor}`).expect(200))
          .body as { reference: string };
        return detail.reference;
      }),
    );
    for (const reference of references) expect(reference).toMatch(/^SB-\d{5,}$/);
    expect(new Set(references).size).toBe(references.length);
    const found = (await get(`q=${references[3]!.toLowerCase()}`)).body.items as { id: string; reference: string }[];
    expect(found.map((x) => x.reference)).toEqual([references[3]]);
    // A number in a subject is still text: "7" is not a reference.
    expect(((await get('q=number%207')).body.items as unknown[]).length).toBeGreaterThan(0);
  });
});
