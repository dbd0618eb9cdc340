import { scorecardProblems, type ScorecardForm } from './scorecard.js';

const criterion = (key: string, extra: object = {}) => ({
  key,
  label: key,
  weight: 1,
  type: 'yes_no' as const,
  ...extra,
});
const form = (criteria: ScorecardForm['sections'][number]['criteria'], extra: object = {}): ScorecardForm => ({
  name: 'Calls',
  sections: [{ key: 's', title: 'S', weight: 1, criteria, ...extra }],
});

describe('scorecardProblems', () => {
  it('accepts a well-formed form', () => {
    expect(
      scorecardProblems(
        form([
          criterion('greeted'),
          criterion('name', { showIf: { criterion: 'greeted', equals: 'yes' } }),
          criterion('tone', { type: 'scale' }),
          criterion('fix', {
            type: 'choice',
            options: [
              { value: 'full', points: 2 },
              { value: 'none', points: 0 },
            ],
          }),
        ]),
      ),
    ).toEqual([]);
  });

  it.each([
    ['no sections', { name: 'x', sections: [] }, 'sections must hold at least one section'],
    ['an empty section', form([]), 'section s has no criteria'],
    ['a zero weight', form([criterion('a', { weight: 0 })]), 'criterion a needs a weight above 0'],
    ['a section weight of 0', form([criterion('a')], { weight: 0 }), 'section s needs a weight above 0'],
    ['a key twice', form([criterion('a'), criterion('a')]), 'criterion a appears twice'],
    [
      'a choice with one option',
      form([criterion('c', { type: 'choice', options: [{ value: 'x', points: 1 }] })]),
      'criterion c (choice) needs at least two options',
    ],
    [
      'a condition on a later criterion',
      form([criterion('b', { showIf: { criterion: 'a', equals: 'yes' } }), criterion('a')]),
      'criterion b depends on a, which is not an earlier criterion',
    ],
    [
      'a condition on a value it cannot take',
      form([criterion('a'), criterion('b', { showIf: { criterion: 'a', equals: 'maybe' } })]),
      'criterion b depends on a being maybe, which it cannot be',
    ],
    [
      'options on a yes/no',
      form([criterion('a', { options: [{ value: 'x', points: 1 }] })]),
      'criterion a (yes_no) takes no options',
    ],
  ])('names %s', (_, input, problem) => {
    expect(scorecardProblems(input as ScorecardForm)).toContain(problem);
  });
});

describe('the size of a form', () => {
  it('holds at most 200 criteria (an evaluation takes 200 answers)', () => {
    const many = (n: number) => form(Array.from({ length: n }, (_, i) => criterion(`c${i}`)));
    expect(scorecardProblems(many(200))).toEqual([]);
    expect(scorecardProblems(many(201))).toEqual(['a scorecard holds at most 200 criteria (this one 201)']);
  });
});
