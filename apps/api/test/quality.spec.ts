/**
 * Quality (CONTRACT.md, "Quality"): versioned scorecards, evaluations that cite the timeline,
 * their lifecycle (draft → submitted → acknowledged, or → disputed → re-scored with both
 * versions kept, or upheld), who may see and do what, the sampled inbox, calibration with
 * Krippendorff's alpha, the report and the CSV export.
 */
import type {
  CalibrationView,
  EvaluationDetail,
  InboxItem,
  MessagePage,
  Page,
  EvaluationSummary,
  QualityReport,
  Scorecard,
  TicketDetail,
} from '@switchboard/contracts';
import { parse } from 'csv-parse/sync';
import { SamplingService } from '../src/qa/sampling.service.js';
import { resolvedTicket as resolveThrough } from './support/resolved-ticket.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  t = await startTestApp('quality');
  for (const role of ['qa', 'admin', 'supervisor', 'integration'] as const) tokens[role] = await t.token(role);
  tokens.agent1 = await t.token('agent', 1);
  tokens.agent2 = await t.token('agent', 2);
});
afterAll(async () => {
  await t.close();
});

const handledBy: Record<string, number> = {};
/** Agent `n` takes a new ticket of `queue`, answers and resolves it; returns its id. */
async function resolvedTicket(n = 1, queue = 'complaints'): Promise<string> {
  const agent = `agent${n}`;
  const id = await resolveThrough(
    t,
    { agent: tokens[agent]!, integration: tokens.integration! },
    {
      queue,
      reply: 'Sorry about that, fixing it now.',
    },
  );
  handledBy[agent] = (handledBy[agent] ?? 0) + 1;
  return id;
}

const FORM = {
  name: 'Web complaints',
  sections: [
    {
      key: 'opening',
      title: 'Opening',
      weight: 1,
      criteria: [
        { key: 'greeted', label: 'Greeted the customer', weight: 1, type: 'yes_no' },
        { key: 'verified', label: 'Verified identity', weight: 1, type: 'yes_no', allowNa: true },
      ],
    },
    {
      key: 'resolution',
      title: 'Resolution',
      weight: 3,
      criteria: [
        { key: 'tone', label: 'Tone', weight: 1, type: 'scale' },
        { key: 'privacy', label: 'Protected personal data', weight: 1, type: 'yes_no', critical: true },
      ],
    },
  ],
};

const ALL_GOOD = [
  { criterion: 'greeted', value: 'yes' },
  { criterion: 'verified', na: true },
  { criterion: 'tone', value: 5 },
  { criterion: 'privacy', value: 'yes' },
];

let card: Scorecard;

describe('scorecards', () => {
  it('are created by QA, refused to supervisors, and checked: 400 names each problem', async () => {
    const created = await t.http.post('/api/qa/scorecards').set(as('qa')).send(FORM).expect(201);
    card = created.body as Scorecard;
    expect(card).toMatchObject({ version: 1, latestVersion: 1, name: 'Web complaints' });
    await t.http.post('/api/qa/scorecards').set(as('supervisor')).send(FORM).expect(403);
    await t.http.post('/api/qa/scorecards').set(as('agent1')).send(FORM).expect(403);
    const bad = await t.http
      .post('/api/qa/scorecards')
      .set(as('qa'))
      .send({
        name: 'Broken',
        sections: [
          {
            key: 's',
            title: 'S',
            weight: 1,
            criteria: [
              { key: 'a', label: 'A', weight: 1, type: 'choice', options: [{ value: 'x', points: 1 }] },
              { key: 'a', label: 'A again', weight: 1, type: 'yes_no' },
            ],
          },
        ],
      })
      .expect(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining(['criterion a (choice) needs at least two options', 'criterion a appears twice']),
    );
    const typed = await t.http
      .post('/api/qa/scorecards')
      .set(as('qa'))
      .send({
        name: 'x',
        sections: [
          { key: 's', title: 'S', weight: -1, criteria: [{ key: 'a', label: 'A', weight: 1, type: 'stars' }] },
        ],
      })
      .expect(400);
    expect(JSON.stringify(typed.body.message)).toMatch(/section weight must be 0 or more/);
    expect(JSON.stringify(typed.body.message)).toMatch(/criterion type must be one of yes_no, scale, choice/);
  });

  it('include the demo’s own, a form the API itself accepts', async () => {
    const cards = (await t.http.get('/api/qa/scorecards').set(as('supervisor')).expect(200)).body as Scorecard[];
    const demo = cards.find((c) => c.name === 'Contact quality')!;
    expect(demo.sections.map((s) => s.key)).toEqual(['opening', 'resolution']);
    const again = await t.http
      .put(`/api/qa/scorecards/${demo.id}`)
      .set(as('qa'))
      .send({ name: demo.name, sections: demo.sections })
      .expect(200);
    expect(again.body.version).toBe(2);
  });

  it('keep the version an evaluation was made with after an edit makes the next', async () => {
    const ticket = await resolvedTicket(1);
    const v1 = (
      await t.http
        .post('/api/qa/evaluations')
        .set(as('qa'))
        .send({ ticketId: ticket, scorecardId: card.id, answers: ALL_GOOD, submit: true })
        .expect(201)
    ).body as EvaluationDetail;
    expect(v1).toMatchObject({ scorecardVersion: 1, status: 'submitted', score: 100, autoFailed: false });

    const edited = {
      ...FORM,
      name: 'Web complaints (2027)',
      sections: [{ ...FORM.sections[0]!, weight: 2 }, FORM.sections[1]!],
    };
    const updated = (await t.http.put(`/api/qa/scorecards/${card.id}`).set(as('qa')).send(edited).expect(200))
      .body as Scorecard;
    expect(updated).toMatchObject({ version: 2, latestVersion: 2, name: 'Web complaints (2027)' });

    const again = (await t.http.get(`/api/qa/evaluations/${v1.id}`).set(as('qa')).expect(200)).body as EvaluationDetail;
    expect(again.scorecardVersion).toBe(1);
    expect(again.scorecard).toMatchObject({ version: 1, latestVersion: 2, name: 'Web complaints' });
    expect(again.scorecard.sections[0]!.weight).toBe(1);
    const old = (await t.http.get(`/api/qa/scorecards/${card.id}?version=1`).set(as('supervisor')).expect(200))
      .body as Scorecard;
    expect(old.name).toBe('Web complaints');
    await t.http.get(`/api/qa/scorecards/${card.id}?version=99999999999`).set(as('qa')).expect(400);
    const fresh = (
      await t.http
        .post('/api/qa/evaluations')
        .set(as('qa'))
        .send({ ticketId: await resolvedTicket(1), scorecardId: card.id, answers: [] })
        .expect(201)
    ).body as EvaluationDetail;
    expect(fresh).toMatchObject({ scorecardVersion: 2, status: 'draft', score: null });
  });
});

describe('an evaluation', () => {
  it('goes draft → submitted → acknowledged, each step an event with its actor', async () => {
    const ticket = await resolvedTicket(1);
    const draft = (
      await t.http
        .post('/api/qa/evaluations')
        .set(as('qa'))
        .send({ ticketId: ticket, scorecardId: card.id, answers: [{ criterion: 'greeted', value: 'no' }] })
        .expect(201)
    ).body as EvaluationDetail;
    expect(draft.status).toBe('draft');
    // A draft is the reviewer's: the agent does not see it yet.
    await t.http.get(`/api/qa/evaluations/${draft.id}`).set(as('agent1')).expect(404);
    // Submitting with criteria unanswered names them.
    const early = await t.http
      .put(`/api/qa/evaluations/${draft.id}`)
      .set(as('qa'))
      .send({ answers: [{ criterion: 'greeted', value: 'no' }], submit: true })
      .expect(400);
    expect(early.body.message).toEqual([
      'verified needs an answer (or N/A) before submitting',
      'tone needs an answer (or N/A) before submitting',
      'privacy needs an answer (or N/A) before submitting',
    ]);

    const answers = [
      { criterion: 'greeted', value: 'no', comment: 'No greeting at all, only "hi"\nthen silence' },
      { criterion: 'verified', value: 'yes' },
      { criterion: 'tone', value: 4 },
      { criterion: 'privacy', value: 'yes' },
    ];
    const submitted = (
      await t.http.put(`/api/qa/evaluations/${draft.id}`).set(as('qa')).send({ answers, submit: true }).expect(200)
    ).body as EvaluationDetail;
    // v2 weights: opening ×2 (0.5), resolution ×3 ((0.75 + 1) / 2 = 0.875) → (1 + 2.625) / 5 = 72.5
    expect(submitted).toMatchObject({ status: 'submitted', score: 72.5, autoFailed: false });
    expect(submitted.sections).toEqual([
      { key: 'opening', score: 50 },
      { key: 'resolution', score: 87.5 },
    ]);
    await t.http.put(`/api/qa/evaluations/${draft.id}`).set(as('qa')).send({ answers }).expect(409);

    const mine = (await t.http.get('/api/qa/evaluations').set(as('agent1')).expect(200))
      .body as Page<EvaluationSummary>;
    expect(mine.items.map((e) => e.id)).toContain(draft.id);
    const acked = (
      await t.http
        .post(`/api/qa/evaluations/${draft.id}/acknowledge`)
        .set(as('agent1'))
        .send({ comment: 'Fair, I will greet.' })
        .expect(200)
    ).body as EvaluationDetail;
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgement: 'Fair, I will greet.' });
    await t.http
      .post(`/api/qa/evaluations/${draft.id}/dispute`)
      .set(as('agent1'))
      .send({ reason: 'Changed my mind' })
      .expect(409);
    expect(acked.history.map((h) => [h.type, h.actor?.name])).toEqual([
      ['evaluation.created', 'Demo QA Reviewer'],
      ['evaluation.submitted', 'Demo QA Reviewer'],
      ['evaluation.acknowledged', 'Agent 1'],
    ]);
  });

  it('disputed, is re-scored into a new version with the old one kept; or upheld', async () => {
    const ticket = await resolvedTicket(1);
    const failing = ALL_GOOD.map((a) => (a.criterion === 'privacy' ? { ...a, value: 'no' } : a));
    const ev = (
      await t.http
        .post('/api/qa/evaluations')
        .set(as('qa'))
        .send({ ticketId: ticket, scorecardId: card.id, answers: failing, submit: true })
        .expect(201)
    ).body as EvaluationDetail;
    expect(ev).toMatchObject({ score: 0, autoFailed: true });
    await t.http.post(`/api/qa/evaluations/${ev.id}/dispute`).set(as('agent1')).send({ reason: '' }).expect(400);
    await t.http
      .post(`/api/qa/evaluations/${ev.id}/dispute`)
      .set(as('agent2'))
      .send({ reason: 'Not mine' })
      .expect(404);
    await t.http.post(`/api/qa/evaluations/${ev.id}/rescore`).set(as('qa')).send({ answers: ALL_GOOD }).expect(409);
    const disputed = (
      await t.http
        .post(`/api/qa/evaluations/${ev.id}/dispute`)
        .set(as('agent1'))
        .send({ reason: 'I never shared the card number' })
        .expect(200)
    ).body as EvaluationDetail;
    expect(disputed.status).toBe('disputed');
    await t.http
      .post(`/api/qa/evaluations/${ev.id}/rescore`)
      .set(as('supervisor'))
      .send({ answers: ALL_GOOD })
      .expect(403);
    const rescored = (
      await t.http
        .post(`/api/qa/evaluations/${ev.id}/rescore`)
        .set(as('qa'))
        .send({ answers: ALL_GOOD, note: 'Checked the transcript: you did not.' })
        .expect(200)
    ).body as EvaluationDetail;
    expect(rescored).toMatchObject({ status: 'submitted', version: 2, score: 100, autoFailed: false });
    expect(rescored.dispute).toMatchObject({
      reason: 'I never shared the card number',
      outcome: 'rescored',
      note: 'Checked the transcript: you did not.',
    });
    expect(rescored.versions.map((v) => [v.version, v.score, v.autoFailed])).toEqual([
      [1, 0, true],
      [2, 100, false],
    ]);
    expect(rescored.versions[0]!.answers.find((a) => a.criterion === 'privacy')!.value).toBe('no');
    expect(rescored.history.map((h) => h.type)).toEqual([
      'evaluation.created',
      'evaluation.submitted',
      'evaluation.disputed',
      'evaluation.rescored',
    ]);
    // One dispute per evaluation.
    await t.http.post(`/api/qa/evaluations/${ev.id}/dispute`).set(as('agent1')).send({ reason: 'Again' }).expect(409);

    const other = (
      await t.http
        .post('/api/qa/evaluations')
        .set(as('qa'))
        .send({ ticketId: await resolvedTicket(1), scorecardId: card.id, answers: failing, submit: true })
        .expect(201)
    ).body as EvaluationDetail;
    await t.http
      .post(`/api/qa/evaluations/${other.id}/dispute`)
      .set(as('agent1'))
      .send({ reason: 'Too harsh' })
      .expect(200);
    await t.http.post(`/api/qa/evaluations/${other.id}/uphold`).set(as('qa')).send({}).expect(400);
    const upheld = (
      await t.http
        .post(`/api/qa/evaluations/${other.id}/uphold`)
        .set(as('qa'))
        .send({ note: 'The card number is in message 2.' })
        .expect(200)
    ).body as EvaluationDetail;
    expect(upheld).toMatchObject({ status: 'submitted', version: 1, score: 0, dispute: { outcome: 'upheld' } });
    expect(upheld.versions).toHaveLength(1);
  });

  it('cites the timeline event or message that justifies an answer, on this ticket only', async () => {
    const ticket = await resolvedTicket(1);
    const otherTicket = await resolvedTicket(1);
    const detail = (await t.http.get(`/api/tickets/${ticket}`).set(as('qa')).expect(200)).body as TicketDetail;
    const accepted = detail.events.find((e) => e.type === 'ticket.accepted')!;
    expect(accepted.id).toMatch(/^\d+$/);
    const messages = (await t.http.get(`/api/tickets/${ticket}/messages`).set(as('qa')).expect(200))
      .body as MessagePage;
    const reply = messages.items[0]!;
    const foreign = (await t.http.get(`/api/tickets/${otherTicket}/messages`).set(as('qa')).expect(200))
      .body as MessagePage;
    const otherEvent = (
      (await t.http.get(`/api/tickets/${otherTicket}`).set(as('qa')).expect(200)).body as TicketDetail
    ).events[0]!;

    const refused = await t.http
      .post('/api/qa/evaluations')
      .set(as('qa'))
      .send({
        ticketId: ticket,
        scorecardId: card.id,
        answers: [
          { criterion: 'greeted', value: 'yes', messageId: foreign.items[0]!.id },
          { criterion: 'tone', value: 3, eventId: otherEvent.id },
          { criterion: 'nonsense', value: 'yes' },
          { criterion: 'verified', value: 7 },
        ],
      })
      .expect(400);
    expect(refused.body.message).toEqual(
      expect.arrayContaining([
        `greeted cites message ${foreign.items[0]!.id}, which is not on this ticket`,
        `tone cites event ${otherEvent.id}, which is not on this ticket`,
        'nonsense is not on this scorecard',
        'verified takes "yes" or "no"',
      ]),
    );
    const cited = (
      await t.http
        .post('/api/qa/evaluations')
        .set(as('qa'))
        .send({
          ticketId: ticket,
          scorecardId: card.id,
          answers: [
            { ...ALL_GOOD[0]!, messageId: reply.id },
            ALL_GOOD[1]!,
            { ...ALL_GOOD[2]!, eventId: accepted.id },
            ALL_GOOD[3]!,
          ],
          submit: true,
        })
        .expect(201)
    ).body as EvaluationDetail;
    expect(cited.answers.find((a) => a.criterion === 'greeted')!.messageId).toBe(reply.id);
    expect(cited.answers.find((a) => a.criterion === 'tone')!.eventId).toBe(accepted.id);
    // One evaluation of a ticket per scorecard: a second would count the same work twice.
    const twice = await t.http
      .post('/api/qa/evaluations')
      .set(as('qa'))
      .send({ ticketId: ticket, scorecardId: card.id, answers: [] })
      .expect(409);
    expect(twice.body.message).toBe(
      `this ticket already has an evaluation with this scorecard: evaluation ${cited.id}`,
    );
    // An event id beyond bigint is a 400, not a database error.
    const huge = await t.http
      .post('/api/qa/evaluations')
      .set(as('qa'))
      .send({
        ticketId: otherTicket,
        scorecardId: card.id,
        answers: [{ criterion: 'tone', value: 3, eventId: '9'.repeat(19) }],
      })
      .expect(400);
    expect(huge.body.message).toEqual(['answers.0.eventId: answer eventId must be an event id (up to 18 digits)']);
  });

  it('is refused for a ticket nobody resolved, to supervisors, and unseen by other agents', async () => {
    const open = await t.http
      .post('/api/tickets')
      .set(as('integration'))
      .send({
        channel: 'web',
        queue: 'technical',
        subject: 'Still waiting',
        customer: { name: 'Waiting', externalId: 'crm-waiting' },
      })
      .expect(201);
    const refused = await t.http
      .post('/api/qa/evaluations')
      .set(as('qa'))
      .send({ ticketId: open.body.id, scorecardId: card.id, answers: [] })
      .expect(409);
    expect(refused.body.message).toMatch(/only a ticket an agent resolved is evaluated/);
    // The customer gives up: nothing waits for the agents the next tests use.
    await t.http.post(`/api/tickets/${open.body.id}/abandon`).set(as('integration')).send({}).expect(200);
    const ticket = await resolvedTicket(1);
    await t.http
      .post('/api/qa/evaluations')
      .set(as('supervisor'))
      .send({ ticketId: ticket, scorecardId: card.id, answers: ALL_GOOD, submit: true })
      .expect(403);
    const ev = (
      await t.http
        .post('/api/qa/evaluations')
        .set(as('qa'))
        .send({ ticketId: ticket, scorecardId: card.id, answers: ALL_GOOD, submit: true })
        .expect(201)
    ).body as EvaluationDetail;
    await t.http.get(`/api/qa/evaluations/${ev.id}`).set(as('agent2')).expect(404);
    await t.http.post(`/api/qa/evaluations/${ev.id}/acknowledge`).set(as('agent2')).send({}).expect(404);
    const theirs = (await t.http.get('/api/qa/evaluations').set(as('agent2')).expect(200))
      .body as Page<EvaluationSummary>;
    expect(theirs.items).toEqual([]);
    // Even asking for agent 1's by filter gives agent 2 nothing.
    const asked = (await t.http.get(`/api/qa/evaluations?agentId=${ev.agentId}`).set(as('agent2')).expect(200))
      .body as Page<EvaluationSummary>;
    expect(asked.items).toEqual([]);
    const supervised = (await t.http.get(`/api/qa/evaluations?agentId=${ev.agentId}`).set(as('supervisor')).expect(200))
      .body as Page<EvaluationSummary>;
    expect(supervised.items.map((e) => e.id)).toContain(ev.id);
    expect(supervised.items.every((e) => e.status !== 'draft')).toBe(true);
    await t.http.get('/api/qa/evaluations?status=closed').set(as('qa')).expect(400);
    await t.http
      .get(`/api/qa/inbox?reviewer=${'-'.repeat(36)}`)
      .set(as('qa'))
      .expect(400);
    // Drafts stay QA's: a supervisor asking the CSV for them gets none.
    await t.http
      .post('/api/qa/evaluations')
      .set(as('qa'))
      .send({
        ticketId: await resolvedTicket(1),
        scorecardId: card.id,
        answers: [{ criterion: 'greeted', value: 'yes' }],
      })
      .expect(201);
    const rowsOf = (csv: string) =>
      csv
        .replace(/^\ufeff/, '')
        .trimEnd()
        .split('\r\n').length - 1;
    const supervisorDrafts = await t.http
      .get('/api/qa/reports/evaluations.csv?status=draft')
      .set(as('supervisor'))
      .expect(200);
    expect(rowsOf(supervisorDrafts.text)).toBe(0);
    const qaDrafts = await t.http.get('/api/qa/reports/evaluations.csv?status=draft').set(as('qa')).expect(200);
    expect(rowsOf(qaDrafts.text)).toBe(1);
  });
});

describe('sampling', () => {
  it('puts every CSAT ≤ 2 ticket and about 10 % of the rest into the inbox, none twice', async () => {
    await t.http
      .put('/api/qa/sampling-rules/billing')
      .set(as('qa'))
      .send({
        randomPercent: 10,
        csatAtMost: 2,
        transferred: false,
        repeatContact: false,
        handleSecondsAbove: null,
        autoFailedBefore: false,
      })
      .expect(200);
    await t.http
      .put('/api/qa/sampling-rules/billing')
      .set(as('qa'))
      .send({ randomPercent: 120, transferred: 'yes' })
      .expect(400);
    await t.http
      .put('/api/qa/sampling-rules/nowhere')
      .set(as('qa'))
      .send({
        randomPercent: 1,
        csatAtMost: null,
        transferred: false,
        repeatContact: false,
        handleSecondsAbove: null,
        autoFailedBefore: false,
      })
      .expect(404);
    await t.http.put('/api/qa/sampling-rules/billing').set(as('supervisor')).send({}).expect(403);

    const tickets: string[] = [];
    for (let i = 0; i < 200; i++) tickets.push(await resolvedTicket(2, 'billing'));
    const low = new Set(tickets.filter((_, i) => i % 16 === 3).slice(0, 12));
    expect(low.size).toBe(12);
    for (const [i, id] of tickets.entries()) {
      if (low.has(id))
        await t.http
          .post(`/api/tickets/${id}/csat`)
          .set(as('integration'))
          .send({ score: 1 + (i % 2) })
          .expect(201);
      else if (i % 5 === 0)
        await t.http.post(`/api/tickets/${id}/csat`).set(as('integration')).send({ score: 4 }).expect(201);
    }
    const sampler = t.app.get(SamplingService);
    await sampler.sweep();
    await sampler.sweep();

    const inbox = (await t.http.get('/api/qa/inbox?reviewer=all').set(as('qa')).expect(200)).body as InboxItem[];
    const billing = inbox.filter((i) => i.queue === 'billing');
    const ids = billing.map((i) => i.ticketId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of low) expect(ids).toContain(id);
    const lowItems = billing.filter((i) => low.has(i.ticketId));
    expect(lowItems.every((i) => i.reasons.includes('csat'))).toBe(true);
    const rest = billing.filter((i) => !low.has(i.ticketId));
    expect(rest.every((i) => i.reasons.join() === 'random')).toBe(true);
    // 188 others at 10 %: 18.8 expected; 5–35 is beyond ±3 standard deviations.
    expect(rest.length).toBeGreaterThanOrEqual(5);
    expect(rest.length).toBeLessThanOrEqual(35);
    // Each goes to a reviewer (the demo has one QA reviewer).
    expect(billing.every((i) => i.reviewer?.name === 'Demo QA Reviewer')).toBe(true);
    // The agent's reference and name read as people read them.
    expect(billing[0]).toMatchObject({ ticketReference: expect.stringMatching(/^SB-\d+$/), agentName: 'Agent 2' });

    // Submitting an evaluation of a sampled ticket takes it off the open inbox.
    const first = billing[0]!;
    await t.http
      .post('/api/qa/evaluations')
      .set(as('qa'))
      .send({ ticketId: first.ticketId, scorecardId: card.id, answers: ALL_GOOD, submit: true })
      .expect(201);
    const open = (await t.http.get('/api/qa/inbox').set(as('qa')).expect(200)).body as InboxItem[];
    expect(open.map((i) => i.ticketId)).not.toContain(first.ticketId);
    expect(open.length).toBe(inbox.length - 1);
    await t.http.get('/api/qa/inbox').set(as('agent1')).expect(403);
  }, 120_000);
});

describe('calibration', () => {
  it('is blind until a reviewer submits, then shows answers side by side with alpha; never counts for the agent', async () => {
    const tickets = [await resolvedTicket(1), await resolvedTicket(1), await resolvedTicket(1)];
    const me = await t.login('qa');
    const admin = await t.login('admin');
    const session = (
      await t.http
        .post('/api/qa/calibrations')
        .set(as('qa'))
        .send({ name: 'December', scorecardId: card.id, ticketIds: tickets, reviewerIds: [me.user.id, admin.user.id] })
        .expect(201)
    ).body as CalibrationView;
    expect(session).toMatchObject({ scorecardVersion: 2, agreement: null, answers: [] });
    const badReviewers = await t.http
      .post('/api/qa/calibrations')
      .set(as('qa'))
      .send({
        name: 'x',
        scorecardId: card.id,
        ticketIds: tickets,
        reviewerIds: [me.user.id, (await t.login('agent', 1)).user.id],
      })
      .expect(400);
    expect(badReviewers.body.message[0]).toMatch(/is not an active QA reviewer or admin/);

    const score = (who: string, ticket: string, answers: object[]) =>
      t.http
        .post('/api/qa/evaluations')
        .set(as(who))
        .send({ ticketId: ticket, scorecardId: card.id, calibrationId: session.id, answers, submit: true });
    const tones = { qa: [5, 3, 1], admin: [5, 3, 2] };
    await score(
      'admin',
      tickets[0]!,
      ALL_GOOD.map((a) => (a.criterion === 'tone' ? { ...a, value: tones.admin[0] } : a)),
    ).expect(201);
    // The QA reviewer has not scored ticket 1: the admin's answers stay hidden.
    const blind = (await t.http.get(`/api/qa/calibrations/${session.id}`).set(as('qa')).expect(200))
      .body as CalibrationView;
    expect(blind.answers).toEqual([]);
    // Nor through the list: the admin's scoring of ticket 1 is not there for the QA reviewer yet.
    const listed = (await t.http.get('/api/qa/evaluations?calibration=true&limit=200').set(as('qa')).expect(200))
      .body as Page<EvaluationSummary>;
    expect(listed.items.filter((e) => e.calibrationId === session.id)).toEqual([]);
    expect(blind.agreement).toBeNull();
    for (const [i, ticket] of tickets.entries()) {
      await score(
        'qa',
        ticket,
        ALL_GOOD.map((a) => (a.criterion === 'tone' ? { ...a, value: tones.qa[i] } : a)),
      ).expect(201);
    }
    await score('qa', tickets[0]!, ALL_GOOD).expect(409);
    const half = (await t.http.get(`/api/qa/calibrations/${session.id}`).set(as('qa')).expect(200))
      .body as CalibrationView;
    expect(half.answers.map((a) => a.reviewerName).sort()).toEqual(
      ['Demo Admin', 'Demo QA Reviewer', 'Demo QA Reviewer', 'Demo QA Reviewer'].sort(),
    );
    for (const [i, ticket] of [...tickets.entries()].slice(1)) {
      await score(
        'admin',
        ticket,
        ALL_GOOD.map((a) => (a.criterion === 'tone' ? { ...a, value: tones.admin[i] } : a)),
      ).expect(201);
    }
    const done = (await t.http.get(`/api/qa/calibrations/${session.id}`).set(as('qa')).expect(200))
      .body as CalibrationView;
    const tone = done.agreement!.criteria.find((c) => c.criterion === 'tone')!;
    expect(tone).toMatchObject({ metric: 'ordinal', units: 3, values: 6 });
    expect(tone.alpha).toBeGreaterThan(0.8);
    expect(tone.alpha).toBeLessThan(1);
    // Everyone said yes to "greeted": no variation, no alpha to give.
    expect(done.agreement!.criteria.find((c) => c.criterion === 'greeted')).toMatchObject({
      alpha: null,
      metric: 'nominal',
    });
    expect(done.agreement!.overall).toMatchObject({ metric: 'interval', units: 3, values: 6 });

    // Calibration scoring reaches neither the agent nor the list.
    const agentView = (await t.http.get('/api/qa/evaluations?limit=200').set(as('agent1')).expect(200))
      .body as Page<EvaluationSummary>;
    expect(agentView.items.filter((e) => e.calibrationId !== null)).toEqual([]);
    const qaView = (await t.http.get('/api/qa/evaluations?limit=200').set(as('qa')).expect(200))
      .body as Page<EvaluationSummary>;
    expect(qaView.items.filter((e) => e.calibrationId !== null)).toEqual([]);
    const withCalibration = (
      await t.http.get('/api/qa/evaluations?limit=200&calibration=true').set(as('qa')).expect(200)
    ).body as Page<EvaluationSummary>;
    expect(withCalibration.items.filter((e) => e.calibrationId === session.id)).toHaveLength(6);
  });
});

describe('reports', () => {
  it('show each agent\u2019s average (calibration excluded) and dispute outcomes, and export one CSV row per answer', async () => {
    const list = (await t.http.get('/api/qa/evaluations?limit=200&status=submitted').set(as('qa')).expect(200))
      .body as Page<EvaluationSummary>;
    const all = [
      ...list.items,
      ...(
        (await t.http.get('/api/qa/evaluations?limit=200&status=acknowledged').set(as('qa')).expect(200))
          .body as Page<EvaluationSummary>
      ).items,
    ];
    const report = (await t.http.get('/api/qa/reports/quality').set(as('supervisor')).expect(200))
      .body as QualityReport;
    const agent1 = report.agents.find((a) => a.name === 'Agent 1')!;
    const mine = all.filter((e) => e.agentName === 'Agent 1');
    expect(agent1.evaluations).toBe(mine.length);
    const scores = mine.map((e) => e.score!).filter((s) => s !== null);
    expect(agent1.averageScore).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 1);
    expect(agent1.disputes).toEqual({ upheld: 1, rescored: 1, open: 0 });
    expect(agent1.autoFailRatePercent).toBeCloseTo((100 * mine.filter((e) => e.autoFailed).length) / mine.length, 1);
    expect(agent1.handled).toBe(handledBy.agent1);
    expect(report.agents.find((a) => a.name === 'Agent 2')).toMatchObject({ evaluations: 1, handled: 200 });
    expect(agent1.fcrPercent).toBe(100);
    // Agent 1's customers rated nothing; agent 2's: 12 ratings of 1–2 and 38 of 4 (sampling test) → 76 %.
    expect(agent1.csatPercent).toBeNull();
    expect(report.agents.find((a) => a.name === 'Agent 2')!.csatPercent).toBe(76);
    expect(report.criteria.find((c) => c.criterion === 'privacy')).toMatchObject({ label: 'Protected personal data' });
    await t.http.get('/api/qa/reports/quality').set(as('agent1')).expect(403);
    await t.http.get('/api/qa/reports/quality?from=yesterday').set(as('qa')).expect(400);

    const csv = await t.http.get('/api/qa/reports/evaluations.csv').set(as('qa')).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    // A bad filter is a 400 in the API's one error shape, not a broken CSV.
    const bad = await t.http.get('/api/qa/reports/evaluations.csv?agentId=x').set(as('qa')).expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/json/);
    expect(bad.body.message).toEqual(['agentId must be a UUID']);
    // Read as a spreadsheet reads it: byte-order mark, quoted cells, CRLF rows.
    expect(csv.text.startsWith('\ufeff')).toBe(true);
    expect(csv.text).toContain('\r\n');
    const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(
      'evaluation_id,ticket,queue,agent,reviewer,scorecard,scorecard_version,evaluation_version,status,submitted_at,evaluation_score,auto_failed,section,criterion,label,answer,answer_percent,comment,cited_event,cited_message'.split(
        ',',
      ),
    );
    // One row per answer of every submitted evaluation, each carrying its evaluation's score.
    const answered = all.length * 4;
    expect(rows).toHaveLength(answered);
    const byEvaluation = new Map(all.map((e) => [e.id, e]));
    for (const row of rows) {
      const e = byEvaluation.get(row.evaluation_id!)!;
      expect(row.evaluation_score).toBe(e.score === null ? '' : String(e.score));
      expect(row.ticket).toBe(e.ticketReference);
      expect(row.auto_failed).toBe(e.autoFailed ? 'yes' : 'no');
    }
    const rescored = rows.filter((r) => r.evaluation_version === '2');
    expect(rescored.map((r) => r.evaluation_score)).toEqual(['100', '100', '100', '100']);
    expect(rows.find((r) => r.criterion === 'tone' && r.answer === '4')!.answer_percent).toBe('75');
    // A comment with a comma, quotes and a line break survives as one cell.
    expect(rows.find((r) => r.comment === 'No greeting at all, only "hi"\nthen silence')!.label).toBe(
      'Greeted the customer',
    );
  });
});
