import { ticketRecordFacts, type RecordEvent } from './ticket-record.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 5, 9, 0, s)).toISOString();
const ev = (type: string, s: number, data: Record<string, unknown> = {}, actor?: string): RecordEvent => ({
  type,
  at: at(s),
  actor: actor ? { id: actor, name: actor } : null,
  data,
});

describe('ticketRecordFacts', () => {
  it.each<[string, RecordEvent[], Partial<ReturnType<typeof ticketRecordFacts>>]>([
    ['nothing happened yet', [ev('ticket.created', 0), ev('ticket.queued', 0)], { waitedSeconds: null, transfers: 0 }],
    [
      'waited to the first accept, handled as the resolution recorded, wrap-up to its end',
      [
        ev('ticket.created', 0),
        ev('ticket.accepted', 12, { agentId: 'a1' }),
        ev('ticket.resolved', 50, { agentId: 'a1', handleSeconds: 38 }),
        ev('ticket.wrap_up_completed', 80, { agentId: 'a1' }),
      ],
      { waitedSeconds: 12, handleSeconds: 38, resolvedById: 'a1', wrapUpSeconds: 30 },
    ],
    [
      'a wrap-up still running has no length',
      [
        ev('ticket.created', 0),
        ev('ticket.accepted', 3),
        ev('ticket.resolved', 9, { agentId: 'a1', handleSeconds: 6 }),
      ],
      { wrapUpSeconds: null, handleSeconds: 6 },
    ],
    [
      'transfers counted; the last resolution after a reopen wins',
      [
        ev('ticket.created', 0),
        ev('ticket.accepted', 1, { agentId: 'a1' }),
        ev('ticket.transferred', 5),
        ev('ticket.accepted', 9, { agentId: 'a2' }),
        ev('ticket.resolved', 20, { agentId: 'a2', handleSeconds: 11 }),
        ev('ticket.wrap_up_completed', 20),
        ev('ticket.reopened', 30),
        ev('ticket.transferred', 31),
        ev('ticket.resolved', 40, { handleSeconds: 2 }, 'a3'),
      ],
      { waitedSeconds: 1, transfers: 2, handleSeconds: 2, resolvedById: 'a3', wrapUpSeconds: null },
    ],
    [
      'the latest rating with its comment; an empty comment is none',
      [
        ev('ticket.created', 0),
        ev('ticket.csat_recorded', 5, { score: 2, comment: 'slow' }),
        ev('ticket.csat_recorded', 9, { score: 5, comment: '', source: 'survey' }),
      ],
      { csat: { score: 5, comment: null, source: 'survey', at: at(9) } },
    ],
    ['abandoned while waiting', [ev('ticket.created', 0), ev('ticket.abandoned', 7)], { abandonedAt: at(7) }],
  ])('%s', (_label, events, expected) => {
    expect(ticketRecordFacts(events)).toMatchObject(expected);
  });
});
