import {
  InvalidAnswers,
  scoreEvaluation,
  shownCriteria,
  unansweredCriteria,
  type ScorecardSection,
} from './scoring.js';

/** A scorecard with every kind of criterion (CONTRACT.md, Quality). */
const CARD: ScorecardSection[] = [
  {
    key: 'greeting',
    weight: 1,
    criteria: [
      { key: 'greeted', weight: 1, type: 'yes_no' },
      { key: 'named', weight: 3, type: 'yes_no', allowNa: true },
    ],
  },
  {
    key: 'resolution',
    weight: 3,
    criteria: [
      { key: 'accuracy', weight: 2, type: 'scale' },
      {
        key: 'outcome',
        weight: 1,
        type: 'choice',
        options: [
          { value: 'solved', points: 4 },
          { value: 'partly', points: 2 },
          { value: 'not', points: 0 },
        ],
        allowNa: true,
      },
      { key: 'compliant', weight: 1, type: 'yes_no', critical: true },
      // Asked only when the outcome was "partly".
      { key: 'followUp', weight: 1, type: 'yes_no', showIf: { criterion: 'outcome', equals: 'partly' } },
    ],
  },
  { key: 'empty', weight: 5, criteria: [{ key: 'extra', weight: 1, type: 'scale', allowNa: true }] },
];

const all = {
  greeted: 'yes',
  named: 'no',
  accuracy: 4,
  outcome: 'solved',
  compliant: 'yes',
  extra: { na: true },
} as const;
type Given = Record<string, string | number | { na: true }>;
const answers = (given: Given) =>
  Object.entries(given).map(([criterion, v]) =>
    typeof v === 'object' ? { criterion, na: true } : { criterion, value: v },
  );

describe('the contract scoring rule', () => {
  it.each<[string, Given, number | null, (number | null)[], boolean]>([
    // greeting: (1·1 + 3·0) / 4 = 0.25; resolution: (2·0.75 + 1·1 + 1·1) / 4 = 0.875;
    // the "empty" section has only N/A: left out. Total (1·0.25 + 3·0.875) / 4 = 0.71875 → 71.9.
    ['weights within and between sections; an all-N/A section drops out', all, 71.9, [25, 87.5, null], false],
    // N/A removes the criterion from its section: greeting = 1 (greeted only).
    ['N/A removes a criterion', { ...all, named: { na: true } }, 90.6, [100, 87.5, null], false],
    // choice: 2 of 4 points = 0.5; followUp now shown and "yes".
    [
      'choice points over the best option, and a conditional criterion shown',
      { ...all, outcome: 'partly', followUp: 'yes' },
      // resolution (2·0.75 + 0.5 + 1 + 1) / 5 = 0.8 → (0.25 + 3·0.8) / 4 = 0.6625 → 66.3
      66.3,
      [25, 80, null],
      false,
    ],
    [
      'a conditional criterion hidden by an earlier answer is not counted, whatever it says',
      { ...all, followUp: 'no' },
      71.9,
      [25, 87.5, null],
      false,
    ],
    // The sections still say how each went: resolution (2·0.75 + 1 + 0) / 4 = 62.5.
    ['a critical criterion answered no fails the whole form', { ...all, compliant: 'no' }, 0, [25, 62.5, null], true],
    [
      'every criterion N/A or unanswered: no score',
      { named: { na: true }, outcome: { na: true }, extra: { na: true } },
      null,
      [null, null, null],
      false,
    ],
    ['a scale: 1 → 0, 5 → 1', { greeted: 'yes', accuracy: 1 }, 25, [100, 0, null], false],
  ])('%s', (_name, given, score, sections, autoFailed) => {
    const result = scoreEvaluation(CARD, answers(given));
    expect(result).toEqual({
      score,
      autoFailed,
      sections: [
        { key: 'greeting', score: sections[0] },
        { key: 'resolution', score: sections[1] },
        { key: 'empty', score: sections[2] },
      ],
    });
  });

  it('fails on a critical choice answered with its lowest option', () => {
    const card: ScorecardSection[] = [
      {
        key: 's',
        weight: 1,
        criteria: [
          {
            key: 'safety',
            weight: 1,
            type: 'choice',
            critical: true,
            options: [
              { value: 'ok', points: 2 },
              { value: 'breach', points: 0 },
            ],
          },
        ],
      },
    ];
    expect(scoreEvaluation(card, [{ criterion: 'safety', value: 'breach' }])).toMatchObject({
      score: 0,
      autoFailed: true,
    });
    expect(scoreEvaluation(card, [{ criterion: 'safety', value: 'ok' }])).toMatchObject({
      score: 100,
      autoFailed: false,
    });
  });

  it('names every answer it cannot take', () => {
    const bad = () =>
      scoreEvaluation(CARD, [
        { criterion: 'greeted', value: 'maybe' },
        { criterion: 'accuracy', value: 6 },
        { criterion: 'outcome', value: 'lost' },
        { criterion: 'compliant', na: true },
        { criterion: 'nope', value: 'yes' },
      ]);
    expect(bad).toThrow(InvalidAnswers);
    try {
      bad();
    } catch (error) {
      expect((error as InvalidAnswers).problems).toEqual([
        'nope is not on this scorecard',
        'greeted takes "yes" or "no"',
        'accuracy takes a whole number from 1 to 5',
        'outcome takes one of solved, partly, not',
        'compliant cannot be N/A',
      ]);
    }
  });
});

describe('unansweredCriteria', () => {
  const sections = [
    {
      key: 'a',
      weight: 1,
      criteria: [
        { key: 'greeted', weight: 1, type: 'yes_no' as const },
        { key: 'named', weight: 1, type: 'yes_no' as const, showIf: { criterion: 'greeted', equals: 'yes' } },
        { key: 'tone', weight: 1, type: 'scale' as const, allowNa: true },
      ],
    },
  ];
  it('lists what is shown and not answered, following conditions', () => {
    expect(unansweredCriteria(sections, [])).toEqual(['greeted', 'tone']);
    expect(unansweredCriteria(sections, [{ criterion: 'greeted', value: 'yes' }])).toEqual(['named', 'tone']);
    expect(
      unansweredCriteria(sections, [
        { criterion: 'greeted', value: 'no' },
        { criterion: 'tone', na: true },
      ]),
    ).toEqual([]);
  });
});

describe('shownCriteria', () => {
  const sections = [
    {
      key: 'a',
      weight: 1,
      criteria: [
        { key: 'greeted', weight: 1, type: 'yes_no' as const, allowNa: true },
        { key: 'named', weight: 1, type: 'yes_no' as const, showIf: { criterion: 'greeted', equals: 'yes' } },
        { key: 'spelled', weight: 1, type: 'yes_no' as const, showIf: { criterion: 'named', equals: 'yes' } },
      ],
    },
  ];
  it.each([
    ['nothing answered', [], ['greeted']],
    ['the condition met', [{ criterion: 'greeted', value: 'yes' }], ['greeted', 'named']],
    [
      'a chain of conditions',
      [
        { criterion: 'greeted', value: 'yes' },
        { criterion: 'named', value: 'yes' },
      ],
      ['greeted', 'named', 'spelled'],
    ],
    ['N/A never meets a condition', [{ criterion: 'greeted', na: true }], ['greeted']],
    [
      'a hidden criterion shows nothing after it, whatever its answer',
      [
        { criterion: 'greeted', value: 'no' },
        { criterion: 'named', value: 'yes' },
      ],
      ['greeted'],
    ],
  ])('%s', (_, answers, shown) => {
    expect([...shownCriteria(sections, answers)]).toEqual(shown);
  });
});
