import { DEFAULT_CAPACITY, type ChannelCapacity } from '@switchboard/contracts';
import { selectAgent, type AgentCandidate, type SelectionRequest } from './agent-selection.js';

const now = new Date('2026-03-01T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const none: ChannelCapacity = { voice: 0, chat: 0, email: 0, web: 0 };

function agent(id: string, over: Partial<AgentCandidate> = {}): AgentCandidate {
  return {
    id,
    status: 'available',
    skills: { billing: 5 },
    capacity: DEFAULT_CAPACITY,
    load: none,
    idleSince: ago(10),
    occupancy: 0.5,
    pendingOffers: 0,
    inWrapUp: false,
    ...over,
  };
}

const request = (over: Partial<SelectionRequest> = {}): SelectionRequest => ({
  channel: 'voice',
  strategy: 'longest-idle',
  requiredSkills: [{ skill: 'billing', minLevel: 3 }],
  ...over,
});

describe('selectAgent eligibility', () => {
  it.each<[string, Partial<AgentCandidate>, string]>([
    ['away', { status: 'away' }, 'not-available'],
    ['offline', { status: 'offline' }, 'not-available'],
    ['in wrap-up', { inWrapUp: true }, 'in-wrap-up'],
    ['already holding an offer', { pendingOffers: 1 }, 'has-pending-offer'],
    ['without the skill', { skills: { technical: 9 } }, 'missing-skill'],
    ['below the level', { skills: { billing: 2 } }, 'missing-skill'],
    ['full on voice', { load: { ...none, voice: 1 } }, 'no-capacity'],
    ['with zero voice capacity', { capacity: { ...DEFAULT_CAPACITY, voice: 0 } }, 'no-capacity'],
  ])('skips an agent %s', (_, over, reason) => {
    const result = selectAgent(request(), [agent('a', over)], now);
    expect(result.agentId).toBeNull();
    expect(result.candidates).toEqual([{ agentId: 'a', eligible: false, reason }]);
  });

  it('lets a chat agent with free chat capacity take another chat', () => {
    const busyChatting = agent('a', { load: { ...none, chat: 2 } });
    expect(selectAgent(request({ channel: 'chat' }), [busyChatting], now).agentId).toBe('a');
    expect(
      selectAgent(request({ channel: 'chat' }), [agent('a', { load: { ...none, chat: 3 } })], now).agentId,
    ).toBeNull();
  });

  it('widens to lower skill levels when overflow relaxes them, never below 1', () => {
    const junior = agent('junior', { skills: { billing: 1 } });
    expect(selectAgent(request(), [junior], now).agentId).toBeNull();
    expect(selectAgent(request({ relaxSkillLevelsBy: 1 }), [junior], now).agentId).toBeNull();
    expect(selectAgent(request({ relaxSkillLevelsBy: 2 }), [junior], now).agentId).toBe('junior');
    const noSkill = agent('none', { skills: {} });
    expect(selectAgent(request({ relaxSkillLevelsBy: 9 }), [noSkill], now).agentId).toBeNull();
  });

  it('never offers a ticket again to an excluded agent', () => {
    const result = selectAgent(
      request({ excludeAgentIds: ['a'] }),
      [agent('a', { idleSince: ago(999) }), agent('b')],
      now,
    );
    expect(result.agentId).toBe('b');
    expect(result.candidates[0]).toEqual({ agentId: 'a', eligible: false, reason: 'excluded' });
  });
});

describe('selectAgent strategies', () => {
  const pool = [
    agent('a', { idleSince: ago(30), occupancy: 0.9, skills: { billing: 4 } }),
    agent('b', { idleSince: ago(300), occupancy: 0.7, skills: { billing: 6 } }),
    agent('c', { idleSince: ago(60), occupancy: 0.2, skills: { billing: 9 } }),
    agent('d', { idleSince: ago(600), occupancy: 0.1, status: 'away' }),
  ];

  it.each<[SelectionRequest['strategy'], string]>([
    ['longest-idle', 'b'],
    ['least-occupied', 'c'],
    ['skills-best-match', 'c'],
  ])('%s picks %s', (strategy, expected) => {
    expect(selectAgent(request({ strategy }), pool, now).agentId).toBe(expected);
  });

  it('breaks occupancy ties by idle time and then by id', () => {
    const tied = [
      agent('y', { occupancy: 0.3, idleSince: ago(5) }),
      agent('x', { occupancy: 0.3, idleSince: ago(5) }),
      agent('z', { occupancy: 0.3, idleSince: ago(50) }),
    ];
    expect(selectAgent(request({ strategy: 'least-occupied' }), tied, now).agentId).toBe('z');
    expect(selectAgent(request({ strategy: 'least-occupied' }), tied.slice(0, 2), now).agentId).toBe('x');
  });

  it('skills-best-match sums levels over every required skill', () => {
    const req = request({
      strategy: 'skills-best-match',
      requiredSkills: [
        { skill: 'billing', minLevel: 1 },
        { skill: 'turkish', minLevel: 1 },
      ],
    });
    const agents = [
      agent('a', { skills: { billing: 9, turkish: 1 } }),
      agent('b', { skills: { billing: 5, turkish: 6 } }),
    ];
    expect(selectAgent(req, agents, now).agentId).toBe('b');
  });

  it('round-robin walks the agents in turn and wraps around, skipping ineligible ones', () => {
    const agents = [agent('a'), agent('b'), agent('c', { status: 'away' }), agent('d')];
    const rr = (last: string | null) =>
      selectAgent(request({ strategy: 'round-robin', lastAssignedAgentId: last }), agents, now).agentId;
    expect(rr(null)).toBe('a');
    expect(rr('a')).toBe('b');
    expect(rr('b')).toBe('d');
    expect(rr('d')).toBe('a');
    expect(rr('zzz')).toBe('a');
  });

  it('records every candidate with its order key for the routing trace', () => {
    const result = selectAgent(request({ strategy: 'least-occupied' }), pool, now);
    expect(result).toEqual({
      agentId: 'c',
      ranked: ['c', 'b', 'a'],
      strategy: 'least-occupied',
      candidates: [
        { agentId: 'a', eligible: true, orderKey: { occupancy: 0.9, idleSeconds: 30 } },
        { agentId: 'b', eligible: true, orderKey: { occupancy: 0.7, idleSeconds: 300 } },
        { agentId: 'c', eligible: true, orderKey: { occupancy: 0.2, idleSeconds: 60 } },
        { agentId: 'd', eligible: false, reason: 'not-available' },
      ],
    });
  });
});
