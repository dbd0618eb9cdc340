import type { TicketEventType } from '@switchboard/contracts';
import { MetricFactProjector, type FactSink, type MetricEvent, type MetricFact } from './metric-facts.js';

/** Records what the projector emits. */
class Recorder implements FactSink {
  readonly facts: MetricFact[] = [];
  readonly lost: string[] = [];
  fact(fact: MetricFact): void {
    this.facts.push(fact);
  }
  fcrLost(ticketId: string): void {
    this.lost.push(ticketId);
  }
  kinds(): string[] {
    return this.facts.map((f) => `${f.kind}@${f.queue}`);
  }
}

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

/** One ticket's event log, written the way the API writes it: status changes carry `from` and `to`. */
class TicketScript {
  private seq = 0;
  private status = 'new';

  constructor(
    private readonly projector: MetricFactProjector,
    readonly id: string,
    private readonly ticketQueue = 'billing',
  ) {}

  /** Emits `type` at T0 + `atS` seconds; `to` makes it a status change from the current status. */
  at(
    atS: number,
    type: TicketEventType,
    data: Record<string, unknown> = {},
    to?: string,
    actorId: string | null = null,
  ) {
    const event: MetricEvent = {
      ticketId: this.id,
      seq: ++this.seq,
      type,
      atMs: T0 + Math.round(atS * 1000),
      data: to ? { from: this.status, to, ...data } : data,
      actorId,
      ticketQueue: this.ticketQueue,
    };
    if (to) this.status = to;
    this.projector.apply(event);
    return this;
  }

  queued(atS: number, queue = 'billing') {
    return this.at(atS, 'ticket.queued', { queue }, 'queued');
  }
  offered(atS: number, agentId = 'a1') {
    return this.at(atS, 'ticket.offered', { agentId }, 'offered');
  }
  accepted(atS: number, agentId = 'a1') {
    return this.at(atS, 'ticket.accepted', { agentId }, 'in_progress');
  }
  answer(offerS: number, acceptS: number, agentId = 'a1') {
    return this.offered(offerS, agentId).accepted(acceptS, agentId);
  }
  resolveAndWrapUp(resolveS: number, wrapUpS: number) {
    return this.at(resolveS, 'ticket.resolved', { resolutionCode: 'fixed' }, 'resolved').at(
      wrapUpS,
      'ticket.wrap_up_completed',
    );
  }
}

function setup() {
  const sink = new Recorder();
  const projector = new MetricFactProjector(sink);
  const ticket = (id: string, ticketQueue = 'billing') => new TicketScript(projector, id, ticketQueue);
  return { sink, projector, ticket };
}

const ms = (s: number) => T0 + Math.round(s * 1000);

describe('MetricFactProjector', () => {
  it('projects an answered, handled, first-contact-resolved ticket', () => {
    const { sink, ticket } = setup();
    // Queued at 1 s, offered at 5 s, accepted at 21 s: a 20 s wait. Resolved at 81 s, wrap-up ends at
    // 91 s: a 70 s handle. One accept and nothing else: first-contact resolution.
    ticket('t1').at(0, 'ticket.created', { queue: 'billing' }).queued(1).answer(5, 21).resolveAndWrapUp(81, 91);
    expect(sink.facts).toEqual([
      { kind: 'entered', queue: 'billing', atMs: ms(1), ticketId: 't1' },
      { kind: 'answered', queue: 'billing', atMs: ms(21), ticketId: 't1', waitMs: 20_000 },
      { kind: 'resolved', queue: 'billing', atMs: ms(81), ticketId: 't1', fcr: true },
      { kind: 'handled', queue: 'billing', atMs: ms(91), ticketId: 't1', handleMs: 70_000, agentId: 'a1' },
    ]);
    expect(sink.lost).toEqual([]);
  });

  it('takes the handling agent from the actor when the accept names none', () => {
    const { sink, ticket } = setup();
    ticket('t1').queued(0).offered(1).at(2, 'ticket.accepted', {}, 'in_progress', 'agent-7').resolveAndWrapUp(10, 12);
    expect(sink.facts.find((f) => f.kind === 'handled')).toMatchObject({ agentId: 'agent-7', handleMs: 10_000 });
  });

  it.each([
    // status path before the abandon, wait from the queued event
    ['while queued', (t: TicketScript) => t.queued(0).at(8, 'ticket.abandoned', {}, 'abandoned')],
    ['while offered', (t: TicketScript) => t.queued(0).offered(3).at(8, 'ticket.abandoned', {}, 'abandoned')],
  ])('counts an abandon %s, with the wait since queueing', (_name, script) => {
    const { sink, ticket } = setup();
    script(ticket('t1'));
    expect(sink.facts).toEqual([
      { kind: 'entered', queue: 'billing', atMs: ms(0), ticketId: 't1' },
      { kind: 'abandoned', queue: 'billing', atMs: ms(8), ticketId: 't1', waitMs: 8_000 },
    ]);
  });

  it('does not count an abandon before the ticket entered a queue', () => {
    const { sink, ticket } = setup();
    ticket('t1').at(0, 'ticket.created', { queue: 'billing' }).at(1, 'ticket.abandoned', {}, 'abandoned');
    expect(sink.facts).toEqual([]);
  });

  it('keeps the visit when a queue offer is declined or expires', () => {
    const { sink, ticket } = setup();
    // Queued at 0; offers declined at 10 s and expired at 20 s go back to the same visit; accepted at 25 s.
    ticket('t1')
      .queued(0)
      .offered(5)
      .at(10, 'ticket.offer_declined', {}, 'queued')
      .offered(12, 'a2')
      .at(20, 'ticket.offer_expired', {}, 'queued')
      .answer(22, 25, 'a3');
    expect(sink.kinds()).toEqual(['entered@billing', 'answered@billing']);
    expect(sink.facts[1]).toMatchObject({ waitMs: 25_000 });
  });

  describe('transfers', () => {
    it('ends a waiting visit on a transfer to another queue, without answering or abandoning it', () => {
      const { sink, projector, ticket } = setup();
      const t = ticket('t1').queued(0, 'billing');
      t.at(10, 'ticket.transferred', { kind: 'queue', fromQueue: 'billing' }, 'transferred');
      expect(sink.kinds()).toEqual(['entered@billing']);
      expect(projector.waitingSummary('billing', ms(10)).waiting).toBe(0);

      t.at(10.001, 'ticket.queued', { queue: 'technical', after: 'transfer' }, 'queued');
      expect(sink.kinds()).toEqual(['entered@billing', 'entered@technical']);
      expect(projector.waitingSummary('technical', ms(15.001))).toEqual({ waiting: 1, longestWaitSeconds: 5 });

      // Accepted 15 s after entering technical; every later fact belongs to technical, and a transferred
      // ticket is never first-contact.
      t.answer(20, 25.001).resolveAndWrapUp(85.001, 95.001);
      expect(sink.facts.slice(2)).toEqual([
        { kind: 'answered', queue: 'technical', atMs: ms(25.001), ticketId: 't1', waitMs: 15_000 },
        { kind: 'resolved', queue: 'technical', atMs: ms(85.001), ticketId: 't1', fcr: false },
        { kind: 'handled', queue: 'technical', atMs: ms(95.001), ticketId: 't1', handleMs: 70_000, agentId: 'a1' },
      ]);
    });

    it('ends the first handle at an agent-to-agent transfer and the second at wrap-up', () => {
      const { sink, projector, ticket } = setup();
      // a1 accepts at 4 s and transfers at 64 s (60 s handle); a2 is offered the ticket at 64.001 s and
      // accepts at 70 s, which answers no queue visit; wrap-up ends at 190 s (120 s handle).
      const t = ticket('t1').queued(0).answer(1, 4, 'a1');
      t.at(64, 'ticket.transferred', { kind: 'agent' }, 'transferred').offered(64.001, 'a2');
      // The customer is held for a2, not back in a queue.
      expect(projector.waitingSummary('billing', ms(65)).waiting).toBe(0);
      t.accepted(70, 'a2').resolveAndWrapUp(180, 190);
      expect(sink.facts).toEqual([
        { kind: 'entered', queue: 'billing', atMs: ms(0), ticketId: 't1' },
        { kind: 'answered', queue: 'billing', atMs: ms(4), ticketId: 't1', waitMs: 4_000 },
        { kind: 'handled', queue: 'billing', atMs: ms(64), ticketId: 't1', handleMs: 60_000, agentId: 'a1' },
        { kind: 'resolved', queue: 'billing', atMs: ms(180), ticketId: 't1', fcr: false },
        { kind: 'handled', queue: 'billing', atMs: ms(190), ticketId: 't1', handleMs: 120_000, agentId: 'a2' },
      ]);
      // AHT over the two handles: (60 + 120) / 2 = 90 s.
    });

    it.each(['ticket.offer_declined', 'ticket.offer_expired'] as const)(
      'starts a new visit when an agent-to-agent transfer offer ends in %s',
      (type) => {
        const { sink, projector, ticket } = setup();
        const t = ticket('t1').queued(0).answer(1, 4, 'a1');
        t.at(64, 'ticket.transferred', { kind: 'agent' }, 'transferred').offered(64.001, 'a2');
        // Declined at 70 s: offered → queued after an offer made from `transferred` is a new visit.
        t.at(70, type, {}, 'queued');
        expect(sink.kinds()).toEqual(['entered@billing', 'answered@billing', 'handled@billing', 'entered@billing']);
        expect(sink.facts[3]).toEqual({ kind: 'entered', queue: 'billing', atMs: ms(70), ticketId: 't1' });
        expect(projector.waitingSummary('billing', ms(75))).toEqual({ waiting: 1, longestWaitSeconds: 5 });

        // a3 is offered it from the queue at 71 s and declines at 72 s: the same visit goes on.
        t.offered(71, 'a3').at(72, 'ticket.offer_declined', {}, 'queued');
        expect(sink.facts).toHaveLength(4);

        // a4 accepts at 80 s: answered after 10 s in the new visit; wrap-up at 200 s is a 120 s handle.
        t.answer(78, 80, 'a4').resolveAndWrapUp(190, 200);
        expect(sink.facts.slice(4)).toEqual([
          { kind: 'answered', queue: 'billing', atMs: ms(80), ticketId: 't1', waitMs: 10_000 },
          { kind: 'resolved', queue: 'billing', atMs: ms(190), ticketId: 't1', fcr: false },
          { kind: 'handled', queue: 'billing', atMs: ms(200), ticketId: 't1', handleMs: 120_000, agentId: 'a4' },
        ]);
      },
    );

    it('ends the handle at a transfer to another queue and answers the new visit there', () => {
      const { sink, ticket } = setup();
      // a1 accepts at 2 s and transfers to technical at 62 s (a 60 s handle, billing's); technical enters it
      // at 62.001 s and a2 accepts at 92.001 s (a 30 s wait); wrap-up at 152.001 s (a 60 s handle, technical's).
      ticket('t1')
        .queued(0)
        .answer(1, 2)
        .at(62, 'ticket.transferred', { kind: 'queue' }, 'transferred')
        .at(62.001, 'ticket.queued', { queue: 'technical', after: 'transfer' }, 'queued')
        .answer(80, 92.001, 'a2')
        .resolveAndWrapUp(150, 152.001);
      expect(sink.facts).toEqual([
        { kind: 'entered', queue: 'billing', atMs: ms(0), ticketId: 't1' },
        { kind: 'answered', queue: 'billing', atMs: ms(2), ticketId: 't1', waitMs: 2_000 },
        { kind: 'handled', queue: 'billing', atMs: ms(62), ticketId: 't1', handleMs: 60_000, agentId: 'a1' },
        { kind: 'entered', queue: 'technical', atMs: ms(62.001), ticketId: 't1' },
        { kind: 'answered', queue: 'technical', atMs: ms(92.001), ticketId: 't1', waitMs: 30_000 },
        { kind: 'resolved', queue: 'technical', atMs: ms(150), ticketId: 't1', fcr: false },
        { kind: 'handled', queue: 'technical', atMs: ms(152.001), ticketId: 't1', handleMs: 60_000, agentId: 'a2' },
      ]);
    });

    it('uses the ticket queue for a new visit whose event names no queue', () => {
      const { sink, ticket } = setup();
      const t = ticket('t1', 'complaints').queued(0, 'billing').answer(1, 2);
      t.at(10, 'ticket.transferred', { kind: 'agent' }, 'transferred').offered(11, 'a2');
      t.at(12, 'ticket.offer_declined', {}, 'queued');
      expect(sink.facts.at(-1)).toEqual({ kind: 'entered', queue: 'complaints', atMs: ms(12), ticketId: 't1' });
    });
  });

  it('ends a visit at a scheduled callback and starts one when the callback is queued', () => {
    const { sink, projector, ticket } = setup();
    const t = ticket('t1').queued(0).at(30, 'ticket.callback_scheduled', {}, 'callback_scheduled');
    expect(projector.waitingSummary('billing', ms(40)).waiting).toBe(0);
    t.queued(600).answer(601, 603);
    expect(sink.facts).toEqual([
      { kind: 'entered', queue: 'billing', atMs: ms(0), ticketId: 't1' },
      { kind: 'entered', queue: 'billing', atMs: ms(600), ticketId: 't1' },
      { kind: 'answered', queue: 'billing', atMs: ms(603), ticketId: 't1', waitMs: 3_000 },
    ]);
  });

  describe('first-contact resolution', () => {
    it('withdraws the first resolution of a reopened ticket; the reopened visit enters again; the second is not FCR', () => {
      const { sink, ticket } = setup();
      const t = ticket('t1').queued(0).answer(1, 2).resolveAndWrapUp(60, 70);
      expect(sink.facts.find((f) => f.kind === 'resolved')).toMatchObject({ fcr: true });

      t.at(3_600, 'ticket.reopened', {}, 'reopened');
      expect(sink.lost).toEqual(['t1']);
      t.at(3_600.001, 'ticket.queued', { after: 'reopen' }, 'queued'); // older reopens carry no queue
      t.answer(3_610, 3_620.001, 'a2').resolveAndWrapUp(3_700, 3_710);
      expect(sink.facts.slice(4)).toEqual([
        { kind: 'entered', queue: 'billing', atMs: ms(3_600.001), ticketId: 't1' },
        { kind: 'answered', queue: 'billing', atMs: ms(3_620.001), ticketId: 't1', waitMs: 20_000 },
        { kind: 'resolved', queue: 'billing', atMs: ms(3_700), ticketId: 't1', fcr: false },
        { kind: 'handled', queue: 'billing', atMs: ms(3_710), ticketId: 't1', handleMs: 89_999, agentId: 'a2' },
      ]);
      // A second reopen has nothing more to withdraw.
      t.at(7_200, 'ticket.reopened', {}, 'reopened');
      expect(sink.lost).toEqual(['t1']);
    });

    it('withdraws FCR on a repeat contact, once', () => {
      const { sink, ticket } = setup();
      const t = ticket('t1').queued(0).answer(1, 2).resolveAndWrapUp(60, 70);
      t.at(86_400, 'ticket.repeat_contact', { category: 'billing' });
      t.at(86_500, 'ticket.repeat_contact', { category: 'billing' });
      expect(sink.lost).toEqual(['t1']);
    });

    it('does not count a resolution after a repeat contact as FCR', () => {
      const { sink, ticket } = setup();
      ticket('t1').queued(0).answer(1, 2).at(30, 'ticket.repeat_contact', {}).resolveAndWrapUp(60, 70);
      expect(sink.facts.find((f) => f.kind === 'resolved')).toMatchObject({ fcr: false });
    });
  });

  describe('CSAT ratings', () => {
    it.each([
      [5, 'billing'],
      [4, 'billing'],
      [3, 'billing'],
    ])('records a score of %i in the queue of the latest visit (%s)', (score, queue) => {
      const { sink, ticket } = setup();
      ticket('t1', 'somewhere-else')
        .queued(0, queue)
        .answer(1, 2)
        .resolveAndWrapUp(60, 70)
        .at(400, 'ticket.csat_recorded', { score });
      expect(sink.facts.at(-1)).toEqual({ kind: 'rated', queue, atMs: ms(400), ticketId: 't1', score, survey: false });
    });

    it('falls back to the ticket queue for a ticket whose earlier events were not read', () => {
      const { sink, ticket } = setup();
      ticket('old', 'technical').at(5, 'ticket.csat_recorded', { score: 4 });
      expect(sink.facts).toEqual([
        { kind: 'rated', queue: 'technical', atMs: ms(5), ticketId: 'old', score: 4, survey: false },
      ]);
    });

    it('ignores a rating without a numeric score', () => {
      const { sink, ticket } = setup();
      ticket('t1').at(5, 'ticket.csat_recorded', { score: '5' }).at(6, 'ticket.csat_recorded', {});
      expect(sink.facts).toEqual([]);
    });
  });

  describe('waiting', () => {
    it('counts queued and offered-but-not-accepted tickets, and the longest wait', () => {
      const { projector, ticket } = setup();
      const a = ticket('a').queued(0);
      ticket('b').queued(10).offered(12); // offered, not accepted: still waiting
      ticket('c').queued(20);
      ticket('d', 'technical').queued(0, 'technical');
      // As of 65.5 s: 3 waiting in billing, the oldest since 0 s.
      expect(projector.waitingSummary('billing', ms(65.5))).toEqual({ waiting: 3, longestWaitSeconds: 65.5 });
      a.answer(66, 67);
      // a answered: b (since 10 s) is now the oldest: 70 − 10 = 60 s.
      expect(projector.waitingSummary('billing', ms(70))).toEqual({ waiting: 2, longestWaitSeconds: 60 });
      expect([...projector.waiting('billing')].map((v) => v.ticketId).sort()).toEqual(['b', 'c']);
      expect(projector.waitingSummary('technical', ms(70))).toEqual({ waiting: 1, longestWaitSeconds: 70 });
    });

    it('is empty for an unknown queue, and never negative', () => {
      const { projector, ticket } = setup();
      expect(projector.waitingSummary('nowhere', ms(0))).toEqual({ waiting: 0, longestWaitSeconds: 0 });
      ticket('a').queued(10);
      expect(projector.waitingSummary('billing', ms(9))).toEqual({ waiting: 1, longestWaitSeconds: 0 });
    });
  });

  describe('prune', () => {
    it('forgets finished tickets but not tickets still waiting or in hand', () => {
      const { sink, projector, ticket } = setup();
      ticket('done').queued(0).answer(1, 2).resolveAndWrapUp(30, 40);
      ticket('gone').queued(0).at(20, 'ticket.abandoned', {}, 'abandoned');
      const waiting = ticket('waiting').queued(5).offered(6);
      const busy = ticket('busy').queued(0).answer(1, 3);
      const recent = ticket('recent').queued(0).answer(1, 2).resolveAndWrapUp(50, 100);
      expect(projector.trackedTickets).toBe(5);

      // Everything older than 60 s: `done` and `gone` go; `waiting` (open visit), `busy` (accepted, not
      // wrapped up) and `recent` (event at 100 s) stay.
      expect(projector.prune(ms(60))).toBe(2);
      expect(projector.trackedTickets).toBe(3);
      expect(projector.waitingSummary('billing', ms(65))).toEqual({ waiting: 1, longestWaitSeconds: 60 });

      // The kept ticket is still answered with its full wait; the in-hand one is still handled.
      sink.facts.length = 0;
      waiting.accepted(70);
      busy.resolveAndWrapUp(200, 203);
      recent.at(300, 'ticket.csat_recorded', { score: 5 });
      expect(sink.facts).toEqual([
        { kind: 'answered', queue: 'billing', atMs: ms(70), ticketId: 'waiting', waitMs: 65_000 },
        { kind: 'resolved', queue: 'billing', atMs: ms(200), ticketId: 'busy', fcr: true },
        { kind: 'handled', queue: 'billing', atMs: ms(203), ticketId: 'busy', handleMs: 200_000, agentId: 'a1' },
        { kind: 'rated', queue: 'billing', atMs: ms(300), ticketId: 'recent', score: 5, survey: false },
      ]);
    });

    /*
     * A ticket waiting for a scheduled callback has no open visit and no handle in progress, yet
     * prune() must keep it: its accepts and transfers decide the FCR of its later resolution, as
     * the historical SQL (which reads the whole ticket history) decides it.
     */
    it('keeps the FCR history of a ticket waiting for a callback', () => {
      const { sink, projector, ticket } = setup();
      const t = ticket('t1')
        .queued(0)
        .answer(1, 2)
        .at(60, 'ticket.transferred', { kind: 'queue' }, 'transferred')
        .at(60.001, 'ticket.queued', { queue: 'billing', after: 'transfer' }, 'queued')
        .at(100, 'ticket.callback_scheduled', {}, 'callback_scheduled');
      projector.prune(ms(7_200)); // two hours later, callback still pending
      t.queued(10_800).answer(10_801, 10_802, 'a2').resolveAndWrapUp(10_900, 10_910);
      // Two accepts and a transfer: not first-contact.
      expect(sink.facts.find((f) => f.kind === 'resolved')).toMatchObject({ fcr: false });
    });

    it('gives the same facts for a forgotten ticket that is reopened', () => {
      const { sink, projector, ticket } = setup();
      const t = ticket('t1', 'technical').queued(0, 'technical').answer(1, 2).resolveAndWrapUp(30, 40);
      expect(projector.prune(ms(100))).toBe(1);
      sink.facts.length = 0;
      t.at(3_600, 'ticket.reopened', {}, 'reopened')
        .at(3_600.001, 'ticket.queued', { after: 'reopen' }, 'queued')
        .answer(3_601, 3_602)
        .resolveAndWrapUp(3_700, 3_710);
      expect(sink.lost).toEqual(['t1']);
      expect(sink.kinds()).toEqual([
        'entered@technical',
        'answered@technical',
        'resolved@technical',
        'handled@technical',
      ]);
      expect(sink.facts.find((f) => f.kind === 'resolved')).toMatchObject({ fcr: false });
    });
  });
});
