import {
  OFFER_END_CAUSES,
  OFFER_STATES,
  offerEnding,
  offerState,
  type OfferEndCause,
  type OfferEnding,
  type OfferState,
} from './offer-lifecycle.js';

/**
 * One line per outcome: `ended <offer status> <event>[/<reason>] <ticket> <missed> <notify> <more|none>`,
 * `refused <message>`, `stale` or `not-yet`.
 */
function describeEnding(e: OfferEnding): string {
  switch (e.kind) {
    case 'ended':
      return [
        'ended',
        e.offerStatus,
        e.event.reason ? `${e.event.type}/${e.event.reason}` : e.event.type,
        e.ticket,
        e.missedOffers,
        e.notifyAgent ?? '-',
        e.agentMayTakeMore ? 'more' : 'none',
      ].join(' ');
    case 'refused':
      return `refused ${e.message}`;
    default:
      return e.kind;
  }
}

const ACCEPTED = 'ended accepted ticket.accepted in-progress reset - more';
const DECLINED = 'ended declined ticket.offer_declined head-of-queue reset - more';
const EXPIRED = 'ended expired ticket.offer_expired head-of-queue increment timeout more';
const ABANDONED = 'ended rescinded ticket.offer_rescinded/abandoned cause-decides keep abandoned more';
const AGENT_GONE = 'ended rescinded ticket.offer_rescinded/agent-unavailable head-of-queue keep agent-unavailable none';
const MOVED = 'ended rescinded ticket.offer_rescinded/reassigned cause-decides keep reassigned more';
const RECONCILED = 'ended rescinded ticket.offer_rescinded/reassigned head-of-queue keep reassigned more';
const refusedAs = (state: string) => `refused offer is ${state}, no longer pending`;

/** Every cause × every state, written out: the whole lifecycle on one screen. */
const TABLE: Record<OfferEndCause, Record<OfferState, string>> = {
  accept: {
    pending: ACCEPTED,
    overdue: 'refused offer has expired',
    accepted: refusedAs('accepted'),
    declined: refusedAs('declined'),
    expired: refusedAs('expired'),
    rescinded: refusedAs('rescinded'),
  },
  decline: {
    pending: DECLINED,
    overdue: DECLINED,
    accepted: refusedAs('accepted'),
    declined: refusedAs('declined'),
    expired: refusedAs('expired'),
    rescinded: refusedAs('rescinded'),
  },
  expire: {
    pending: 'not-yet',
    overdue: EXPIRED,
    accepted: 'stale',
    declined: 'stale',
    expired: 'stale',
    rescinded: 'stale',
  },
  abandon: {
    pending: ABANDONED,
    overdue: ABANDONED,
    accepted: 'stale',
    declined: 'stale',
    expired: 'stale',
    rescinded: 'stale',
  },
  'agent-unavailable': {
    pending: AGENT_GONE,
    overdue: AGENT_GONE,
    accepted: 'stale',
    declined: 'stale',
    expired: 'stale',
    rescinded: 'stale',
  },
  disconnected: {
    pending: AGENT_GONE,
    overdue: AGENT_GONE,
    accepted: 'stale',
    declined: 'stale',
    expired: 'stale',
    rescinded: 'stale',
  },
  move: {
    pending: MOVED,
    overdue: MOVED,
    accepted: 'stale',
    declined: 'stale',
    expired: 'stale',
    rescinded: 'stale',
  },
  reconcile: {
    pending: RECONCILED,
    overdue: RECONCILED,
    accepted: 'stale',
    declined: 'stale',
    expired: 'stale',
    rescinded: 'stale',
  },
};

describe('offerEnding', () => {
  const cases = OFFER_END_CAUSES.flatMap((cause) => OFFER_STATES.map((state) => [cause, state] as const));

  it('has a row for every cause and a column for every state', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...OFFER_END_CAUSES].sort());
    for (const row of Object.values(TABLE)) expect(Object.keys(row).sort()).toEqual([...OFFER_STATES].sort());
    expect(cases).toHaveLength(OFFER_END_CAUSES.length * OFFER_STATES.length);
  });

  it.each(cases)('%s × %s', (cause, state) => {
    expect(describeEnding(offerEnding(cause, state))).toBe(TABLE[cause][state]);
  });

  it('gives each way an offer can end exactly one event shape', () => {
    const shapes = new Map<string, string>();
    for (const [cause, state] of cases) {
      const e = offerEnding(cause, state);
      if (e.kind !== 'ended') continue;
      const outcome = `${e.offerStatus}/${e.notifyAgent ?? ''}`;
      const shape = `${e.event.type}/${e.event.reason ?? ''}`;
      expect(shapes.get(outcome) ?? shape).toBe(shape);
      shapes.set(outcome, shape);
    }
    expect(shapes.size).toBe(6);
  });

  it('never lets an agent take an offer whose deadline has passed, nor the system end one twice', () => {
    expect(offerEnding('accept', 'overdue').kind).toBe('refused');
    for (const cause of OFFER_END_CAUSES.filter((c) => c !== 'accept' && c !== 'decline')) {
      for (const state of ['accepted', 'declined', 'expired', 'rescinded'] as const) {
        expect(offerEnding(cause, state).kind).toBe('stale');
      }
    }
  });
});

describe('offerState', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it.each([
    ['pending', 1, 'pending'],
    ['pending', 0, 'overdue'],
    ['pending', -1, 'overdue'],
    ['accepted', 5, 'accepted'],
    ['expired', -5, 'expired'],
  ] as const)('%s with %i s left → %s', (status, secondsLeft, expected) => {
    expect(offerState(status, new Date(now.getTime() + secondsLeft * 1000), now)).toBe(expected);
  });
});
