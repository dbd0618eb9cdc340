/**
 * The scorecard scoring rule of the contract (CONTRACT.md, Quality), in one place:
 * - an answer's value: yes_no "yes" = 1, "no" = 0; scale (1–5) → (v − 1) / 4; choice → its
 *   option's points / the highest points among the criterion's options;
 * - a section's score: the weighted mean of its answered, non-N/A criteria;
 * - the total: the weighted mean of the sections that have at least one such criterion, × 100,
 *   rounded to one decimal; with every criterion N/A (or unanswered), null;
 * - a critical criterion answered "no" (or with its lowest value) fails the whole form: 0,
 *   `autoFailed`;
 * - a criterion shown only when an earlier answer has a given value, and hidden because it does
 *   not, counts for nothing (its answer, if any, is ignored).
 */
export type CriterionType = 'yes_no' | 'scale' | 'choice';

export interface ScorecardCriterion {
  key: string;
  weight: number;
  type: CriterionType;
  /** `choice` only: its options and their points. */
  options?: readonly { value: string; points: number }[];
  allowNa?: boolean;
  critical?: boolean;
  /** Shown only when the earlier criterion `criterion` was answered `equals`. */
  showIf?: { criterion: string; equals: string | number };
}

export interface ScorecardSection {
  key: string;
  weight: number;
  criteria: readonly ScorecardCriterion[];
}

export interface ScoreAnswer {
  criterion: string;
  value?: string | number;
  na?: boolean;
}

export interface ScoreResult {
  /** 0–100, one decimal; null when nothing was scored. */
  score: number | null;
  autoFailed: boolean;
  sections: { key: string; score: number | null }[];
}

/** Answers the scorecard cannot take, each named (the API answers 400 with them). */
export class InvalidAnswers extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function weightedMean(items: readonly { value: number; weight: number }[]): number | null {
  const total = items.reduce((sum, i) => sum + i.weight, 0);
  return items.length === 0 || total <= 0 ? null : items.reduce((sum, i) => sum + i.value * i.weight, 0) / total;
}

/** An answer's value in 0–1, or a problem naming what is wrong with it. */
function valueOf(c: ScorecardCriterion, value: string | number | undefined): number | string {
  switch (c.type) {
    case 'yes_no':
      return value === 'yes' ? 1 : value === 'no' ? 0 : `${c.key} takes "yes" or "no"`;
    case 'scale':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5
        ? (value - 1) / 4
        : `${c.key} takes a whole number from 1 to 5`;
    case 'choice': {
      const options = c.options ?? [];
      const chosen = options.find((o) => o.value === value);
      const best = Math.max(0, ...options.map((o) => o.points));
      if (!chosen) return `${c.key} takes one of ${options.map((o) => o.value).join(', ')}`;
      return best > 0 ? chosen.points / best : 0;
    }
  }
}

/** Whether an answer is the criterion's worst: "no", 1, or the option with the fewest points. */
function isLowest(c: ScorecardCriterion, value: string | number | undefined): boolean {
  if (c.type === 'yes_no') return value === 'no';
  if (c.type === 'scale') return value === 1;
  const options = c.options ?? [];
  const least = Math.min(...options.map((o) => o.points));
  return options.some((o) => o.value === value && o.points === least);
}

/**
 * The criteria these answers show, in form order: one without a condition always; one with a
 * condition when the criterion it names is shown and was answered (not N/A) with the value.
 */
export function shownCriteria(sections: readonly ScorecardSection[], answers: readonly ScoreAnswer[]): Set<string> {
  const byCriterion = new Map(answers.map((a) => [a.criterion, a]));
  const shown = new Set<string>();
  for (const c of sections.flatMap((s) => s.criteria)) {
    if (c.showIf) {
      const earlier = byCriterion.get(c.showIf.criterion);
      if (!shown.has(c.showIf.criterion) || earlier?.na || earlier?.value !== c.showIf.equals) continue;
    }
    shown.add(c.key);
  }
  return shown;
}

export function scoreEvaluation(sections: readonly ScorecardSection[], answers: readonly ScoreAnswer[]): ScoreResult {
  const byCriterion = new Map(answers.map((a) => [a.criterion, a]));
  const known = new Set(sections.flatMap((s) => s.criteria.map((c) => c.key)));
  const problems = answers.filter((a) => !known.has(a.criterion)).map((a) => `${a.criterion} is not on this scorecard`);
  const shown = shownCriteria(sections, answers);
  let autoFailed = false;
  const sectionScores: { key: string; score: number | null; weight: number }[] = [];

  for (const section of sections) {
    const scored: { value: number; weight: number }[] = [];
    for (const c of section.criteria) {
      if (!shown.has(c.key)) continue;
      const answer = byCriterion.get(c.key);
      if (!answer || (answer.value === undefined && !answer.na)) continue;
      if (answer.na) {
        if (!c.allowNa) problems.push(`${c.key} cannot be N/A`);
        continue;
      }
      const value = valueOf(c, answer.value);
      if (typeof value === 'string') {
        problems.push(value);
        continue;
      }
      if (c.critical && isLowest(c, answer.value)) autoFailed = true;
      scored.push({ value, weight: c.weight });
    }
    const mean = weightedMean(scored);
    sectionScores.push({ key: section.key, score: mean === null ? null : mean, weight: section.weight });
  }
  if (problems.length > 0) throw new InvalidAnswers(problems);

  const total = weightedMean(
    sectionScores.filter((s) => s.score !== null).map((s) => ({ value: s.score!, weight: s.weight })),
  );
  return {
    score: autoFailed ? 0 : total === null ? null : round1(total * 100),
    autoFailed,
    sections: sectionScores.map((s) => ({ key: s.key, score: s.score === null ? null : round1(s.score * 100) })),
  };
}

/**
 * The criteria shown by these answers (conditions followed in form order) that have no answer
 * and are not N/A: what a reviewer still has to answer before submitting.
 */
export function unansweredCriteria(sections: readonly ScorecardSection[], answers: readonly ScoreAnswer[]): string[] {
  const byCriterion = new Map(answers.map((a) => [a.criterion, a]));
  const shown = shownCriteria(sections, answers);
  const missing: string[] = [];
  for (const c of sections.flatMap((s) => s.criteria)) {
    if (!shown.has(c.key)) continue;
    const answer = byCriterion.get(c.key);
    if (!answer || (answer.value === undefined && !answer.na)) missing.push(c.key);
  }
  return missing;
}

/** One answer's value on the criterion, 0–1; null for N/A, no answer, or a value the criterion cannot take. */
export function criterionValue(c: ScorecardCriterion, answer: ScoreAnswer | undefined): number | null {
  if (!answer || answer.na || answer.value === undefined) return null;
  const value = valueOf(c, answer.value);
  return typeof value === 'number' ? value : null;
}
