/**
 * GET /api/agents/me/summary: the idle desk's "your day" and "your week", by the metric engine's
 * readers — asserted against what the agents did through the API: tickets resolved, one reopened
 * (not a first-contact resolution), ratings 5 and 2, two evaluations submitted and a draft, work
 * older than the week, and another agent's work.
 */
import type { AgentSummaryResponse, EvaluationDetail, Scorecard } from '@switchboard/contracts';
import { resolvedTicket as resolveThrough } from './support/resolved-ticket.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  t = await startTestApp('agent_summary');
  for (const role of ['qa', 'supervisor', 'integration'] as const) tokens[role] = await t.token(role);
  tokens.agent1 = await t.token('agent', 1);
  tokens.agent2 = await t.token('agent', 2);
});
afterAll(async () => {
  await t.close();
});

let seq = 0;
/** Agent `n` takes a new ticket and resolves it, wrap-up done; returns its id. */
const resolvedTicket = (n: number) =>
  resolveThrough(
    t,
    { agent: tokens[`agent${n}`]!, integration: tokens.integration! },
    { subject: `Summary complaint ${++seq}` },
  );

const summary = async (who: string, query = '') =>
  (await t.http.get(`/api/agents/me/summary${query}`).set(as(who)).expect(200)).body as AgentSummaryResponse;

const FORM = {
  name: 'Summary form',
  sections: [
    {
      key: 'service',
      title: 'Service',
      weight: 1,
      criteria: [
        { key: 'greeted', label: 'Greeted the customer', weight: 1, type: 'yes_no' },
        { key: 'solved', label: 'Solved the problem', weight: 1, type: 'yes_no' },
      ],
    },
  ],
};

async function evaluate(ticketId: string, cardId: string, answers: { criterion: string; value: string }[]) {
  const res = await t.http
    .post('/api/qa/evaluations')
    .set(as('qa'))
    .send({ ticketId, scorecardId: cardId, answers, submit: true })
    .expect(201);
  return res.body as EvaluationDetail;
}

/** Mean accept → wrap-up end of these tickets, from the event log itself, in seconds. */
async function meanHandleSeconds(ticketIds: string[]): Promise<number> {
  const [row] = (await t.db.query(
    `SELECT avg(extract(epoch FROM w.at - a.at))::float8 AS mean
       FROM ticket_events a JOIN ticket_events w ON w.ticket_id = a.ticket_id AND w.type = 'ticket.wrap_up_completed'
      WHERE a.type = 'ticket.accepted' AND a.ticket_id = ANY($1)`,
    [ticketIds],
  )) as { mean: number }[];
  return row!.mean;
}

describe("an agent's day and week", () => {
  let mine: string[];
  let scores: number[];
  let agent2Score: number;

  beforeAll(async () => {
    const card = (await t.http.post('/api/qa/scorecards').set(as('qa')).send(FORM).expect(201)).body as Scorecard;

    // Older than any week: resolved, rated 5 and evaluated, then moved eight days back.
    const old = await resolvedTicket(1);
    await t.http.post(`/api/tickets/${old}/csat`).set(as('integration')).send({ score: 5 }).expect(201);
    await t.db.query(`UPDATE ticket_events SET at = at - interval '8 days' WHERE ticket_id = $1`, [old]);

    // Agent 2: one ticket rated 1, evaluated 0.
    const theirs = await resolvedTicket(2);
    await t.http.post(`/api/tickets/${theirs}/csat`).set(as('integration')).send({ score: 1 }).expect(201);
    agent2Score = (
      await evaluate(theirs, card.id, [
        { criterion: 'greeted', value: 'no' },
        { criterion: 'solved', value: 'no' },
      ])
    ).score!;

    // Agent 1 today: three resolutions; ratings 5 and 2; the third comes back (reopened, below).
    mine = [await resolvedTicket(1), await resolvedTicket(1), await resolvedTicket(1)];
    await t.http.post(`/api/tickets/${mine[0]}/csat`).set(as('integration')).send({ score: 5 }).expect(201);
    await t.http.post(`/api/tickets/${mine[1]}/csat`).set(as('integration')).send({ score: 2 }).expect(201);

    // Two submitted evaluations of agent 1, and a draft that must not count.
    scores = [
      (
        await evaluate(mine[0]!, card.id, [
          { criterion: 'greeted', value: 'yes' },
          { criterion: 'solved', value: 'yes' },
        ])
      ).score!,
      (
        await evaluate(mine[1]!, card.id, [
          { criterion: 'greeted', value: 'yes' },
          { criterion: 'solved', value: 'no' },
        ])
      ).score!,
    ];
    await t.http
      .post('/api/qa/evaluations')
      .set(as('qa'))
      .send({ ticketId: mine[2], scorecardId: card.id, answers: [{ criterion: 'greeted', value: 'no' }] })
      .expect(201);
    await t.http.post(`/api/tickets/${mine[2]}/reopen`).set(as('agent1')).send({ note: 'Came back' }).expect(200);
  }, 60_000);

  it('counts what the agent did today, by the engine’s definitions', async () => {
    expect(scores).toEqual([100, 50]);
    const s = await summary('agent1');
    expect(s.timeZone).toBe('UTC');
    expect(s.day).toMatchObject({
      handled: 3,
      fcrPercent: 66.7, // 2 of 3: the reopened one was not resolved at first contact
      csatPercent: 50, // ratings 5 and 2
      qaAverage: 75, // (100 + 50) / 2; the draft is not counted
      evaluations: 2,
    });
    expect(s.day.ahtSeconds).toBeCloseTo(await meanHandleSeconds(mine), 1);
    expect(Date.parse(s.day.to) - Date.now()).toBeLessThan(5_000);
  });

  it('leaves out work older than the week, and another agent’s', async () => {
    const s = await summary('agent1');
    // The old ticket (its rating 5 included) is in neither period: else 4 handled and CSAT 66.7.
    expect(s.week).toMatchObject({ handled: 3, fcrPercent: 66.7, csatPercent: 50, qaAverage: 75, evaluations: 2 });
    expect(Date.parse(s.week.from)).toBeLessThanOrEqual(Date.parse(s.day.from));

    const theirs = await summary('agent2');
    expect(theirs.day).toMatchObject({
      handled: 1,
      fcrPercent: 100,
      csatPercent: 0,
      qaAverage: agent2Score,
      evaluations: 1,
    });
    expect(theirs.lastEvaluations.map((e) => e.score)).toEqual([0]);
  });

  it('lists the newest submitted evaluations first, with their ticket reference', async () => {
    const s = await summary('agent1');
    const numbers = (await t.db.query(`SELECT id, number FROM tickets WHERE id = ANY($1)`, [mine])) as {
      id: string;
      number: number;
    }[];
    const ref = (id: string) => `SB-${numbers.find((n) => n.id === id)!.number}`;
    expect(s.lastEvaluations).toEqual([
      expect.objectContaining({ ticketId: mine[1], ticketReference: ref(mine[1]!), score: 50, status: 'submitted' }),
      expect.objectContaining({ ticketId: mine[0], ticketReference: ref(mine[0]!), score: 100, autoFailed: false }),
    ]);
    expect(Date.parse(s.lastEvaluations[0]!.submittedAt)).toBeGreaterThanOrEqual(
      Date.parse(s.lastEvaluations[1]!.submittedAt),
    );
  });
});

describe('periods in the agent’s time zone', () => {
  const wallClock = (iso: string, timeZone: string) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));

  it('start at local midnight and on local Monday', async () => {
    for (const zone of ['Asia/Tehran', 'America/New_York', 'Pacific/Auckland']) {
      const s = await summary('agent1', `?tz=${encodeURIComponent(zone)}`);
      expect(s.timeZone).toBe(zone);
      expect(wallClock(s.day.from, zone)).toMatch(/ 00:00$/);
      expect(wallClock(s.week.from, zone)).toBe('Mon 00:00');
      expect(Date.parse(s.day.to) - Date.parse(s.day.from)).toBeLessThan(25 * 3_600_000);
      expect(Date.parse(s.week.to) - Date.parse(s.week.from)).toBeLessThan(8 * 86_400_000);
    }
  });

  it('refuses a zone that is not one, naming it', async () => {
    const bad = await t.http.get('/api/agents/me/summary?tz=Mars%2FOlympus').set(as('agent1')).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('tz must be an IANA time zone');
    expect(JSON.stringify(bad.body.message)).toContain('Mars/Olympus');
    await t.http.get('/api/agents/me/summary?tz=').set(as('agent1')).expect(400);
    await t.http.get('/api/agents/me/summary?tz=UTC&tz=UTC').set(as('agent1')).expect(400);
  });
});

describe('who may ask', () => {
  it('is the agent alone: QA and supervisors are refused, strangers unauthorised', async () => {
    await t.http.get('/api/agents/me/summary').set(as('qa')).expect(403);
    await t.http.get('/api/agents/me/summary').set(as('supervisor')).expect(403);
    await t.http.get('/api/agents/me/summary').expect(401);
  });
});
