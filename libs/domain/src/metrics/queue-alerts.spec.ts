import type { QueueAlertKind, SkillRequirement } from '@switchboard/contracts';
import {
  ableAgentsByQueue,
  DEFAULT_ALERT_THRESHOLDS,
  queueAlerts,
  type AgentAbility,
  type QueueAlertInput,
} from './queue-alerts.js';

const quiet: QueueAlertInput = {
  waiting: 0,
  longestWaitSeconds: 0,
  able: 2,
  offered: 0,
  abandonRatePercent: null,
  serviceLevelPercent: null,
  serviceLevelContacts: 0,
  serviceLevelTargetPercent: 80,
  thresholds: { longestWaitSeconds: 120, abandonRatePercent: 10, minSample: 20 },
};

describe('queueAlerts', () => {
  const cases: [string, Partial<QueueAlertInput>, QueueAlertKind[]][] = [
    ['a quiet queue', {}, []],
    // The report of issue 16: 3:39 waiting, nobody staffed, 12 % abandoned of 25.
    [
      'the board that said ON TARGET',
      { waiting: 1, longestWaitSeconds: 219, able: 0, offered: 25, abandonRatePercent: 12 },
      ['nobody-able', 'longest-wait', 'abandon-rate'],
    ],
    ['waiting with nobody able, at once', { waiting: 1, longestWaitSeconds: 1, able: 0 }, ['nobody-able']],
    ['nobody able but nobody waiting', { waiting: 0, able: 0 }, []],
    ['waiting with an able agent', { waiting: 3, longestWaitSeconds: 30, able: 1 }, []],
    ['longest wait at the threshold', { waiting: 1, longestWaitSeconds: 120 }, []],
    ['longest wait over the threshold', { waiting: 1, longestWaitSeconds: 120.5 }, ['longest-wait']],
    // The SL alert that fired on three contacts at start-up.
    ['service level on three contacts', { serviceLevelPercent: 33.33, serviceLevelContacts: 3, offered: 3 }, []],
    [
      'service level below target on the minimum sample',
      { serviceLevelPercent: 75, serviceLevelContacts: 20 },
      ['service-level'],
    ],
    ['service level at target', { serviceLevelPercent: 80, serviceLevelContacts: 50 }, []],
    ['service level one contact short of the sample', { serviceLevelPercent: 0, serviceLevelContacts: 19 }, []],
    ['abandon rate on a small sample', { offered: 5, abandonRatePercent: 60 }, []],
    ['abandon rate at the threshold', { offered: 40, abandonRatePercent: 10 }, []],
    ['abandon rate over the threshold on the sample', { offered: 20, abandonRatePercent: 10.5 }, ['abandon-rate']],
    [
      'a smaller per-queue sample lets the percentages alert sooner',
      {
        serviceLevelPercent: 0,
        serviceLevelContacts: 1,
        offered: 1,
        abandonRatePercent: 100,
        thresholds: { longestWaitSeconds: 60, abandonRatePercent: 50, minSample: 1 },
      },
      ['abandon-rate', 'service-level'],
    ],
    [
      'a stricter per-queue wait threshold',
      {
        waiting: 2,
        longestWaitSeconds: 31,
        thresholds: { longestWaitSeconds: 30, abandonRatePercent: 10, minSample: 20 },
      },
      ['longest-wait'],
    ],
  ];
  it.each(cases)('%s', (_name, overrides, kinds) => {
    expect(queueAlerts({ ...quiet, ...overrides }).map((a) => a.kind)).toEqual(kinds);
  });

  it('carries the value, the threshold and the sample it was decided on', () => {
    expect(
      queueAlerts({
        ...quiet,
        waiting: 2,
        longestWaitSeconds: 219,
        able: 0,
        offered: 25,
        abandonRatePercent: 12,
        serviceLevelPercent: 50,
        serviceLevelContacts: 22,
      }),
    ).toEqual([
      { kind: 'nobody-able', value: 2, threshold: null, sample: null },
      { kind: 'longest-wait', value: 219, threshold: 120, sample: null },
      { kind: 'abandon-rate', value: 12, threshold: 10, sample: 25 },
      { kind: 'service-level', value: 50, threshold: 80, sample: 22 },
    ]);
  });

  it('has defaults that alert on the reported board and not on three contacts', () => {
    expect(DEFAULT_ALERT_THRESHOLDS).toEqual({ longestWaitSeconds: 120, abandonRatePercent: 10, minSample: 20 });
  });
});

describe('ableAgentsByQueue', () => {
  const agent = (over: Partial<AgentAbility>): AgentAbility => ({
    status: 'available',
    queues: ['technical'],
    skills: [],
    ...over,
  });
  const requirements = new Map<string, SkillRequirement[]>([
    ['technical', [{ skill: 'networking', minLevel: 3 }]],
    [
      'vip',
      [
        { skill: 'networking', minLevel: 1 },
        { skill: 'english', minLevel: 5 },
      ],
    ],
  ]);
  const cases: [string, AgentAbility[], Record<string, number>][] = [
    ['nobody signed in', [], {}],
    ['the only agent lacks the skill', [agent({})], {}],
    ['the skill below its level', [agent({ skills: [{ skill: 'networking', level: 2 }] })], {}],
    ['the skill at its level', [agent({ skills: [{ skill: 'networking', level: 3 }] })], { technical: 1 }],
    [
      'busy agents with the skill still count: status, not activity',
      [agent({ skills: [{ skill: 'networking', level: 9 }] }), agent({ skills: [{ skill: 'networking', level: 4 }] })],
      { technical: 2 },
    ],
    ['away with the skill', [agent({ status: 'away', skills: [{ skill: 'networking', level: 9 }] })], {}],
    ['offline with the skill', [agent({ status: 'offline', skills: [{ skill: 'networking', level: 9 }] })], {}],
    ['a queue that needs no skill', [agent({ queues: ['billing'] })], { billing: 1 }],
    [
      'every required skill, in each of several queues',
      [
        agent({
          queues: ['technical', 'vip', 'billing'],
          skills: [
            { skill: 'networking', level: 3 },
            { skill: 'english', level: 4 },
          ],
        }),
      ],
      { technical: 1, billing: 1 },
    ],
    [
      'skilled but not in the queue',
      [agent({ queues: ['billing'], skills: [{ skill: 'networking', level: 9 }] })],
      { billing: 1 },
    ],
  ];
  it.each(cases)('%s', (_name, agents, expected) => {
    expect(Object.fromEntries(ableAgentsByQueue(agents, requirements))).toEqual(expected);
  });
});
