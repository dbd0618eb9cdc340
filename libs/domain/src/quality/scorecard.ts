import type { ScorecardSection } from './scoring.js';

/** A scorecard's form as written by its author: what scoring needs, plus the words people read. */
export interface ScorecardForm {
  name: string;
  sections: readonly (ScorecardSection & {
    title: string;
    criteria: readonly (ScorecardSection['criteria'][number] & { label: string })[];
  })[];
}

/** Criteria a scorecard may hold: an evaluation answers each at most once (and takes 200 answers). */
export const MAX_CRITERIA = 200;

/**
 * What is wrong with a scorecard's form, each problem named (empty when it is fine): keys unique
 * across the form, at least one criterion, positive weights, a choice with two options or more and
 * distinct values, and a condition that names an earlier criterion and a value it can take.
 */
export function scorecardProblems(form: ScorecardForm): string[] {
  const problems: string[] = [];
  const sectionKeys = new Set<string>();
  const earlier = new Map<string, ScorecardSection['criteria'][number]>();
  if (form.sections.length === 0) problems.push('sections must hold at least one section');
  const count = form.sections.reduce((n, s) => n + s.criteria.length, 0);
  if (count > MAX_CRITERIA) problems.push(`a scorecard holds at most ${MAX_CRITERIA} criteria (this one ${count})`);
  for (const section of form.sections) {
    if (sectionKeys.has(section.key)) problems.push(`section ${section.key} appears twice`);
    sectionKeys.add(section.key);
    if (!(section.weight > 0)) problems.push(`section ${section.key} needs a weight above 0`);
    if (section.criteria.length === 0) problems.push(`section ${section.key} has no criteria`);
    for (const c of section.criteria) {
      if (earlier.has(c.key)) problems.push(`criterion ${c.key} appears twice`);
      if (!(c.weight > 0)) problems.push(`criterion ${c.key} needs a weight above 0`);
      if (c.type === 'choice') {
        const options = c.options ?? [];
        if (options.length < 2) problems.push(`criterion ${c.key} (choice) needs at least two options`);
        if (new Set(options.map((o) => o.value)).size !== options.length)
          problems.push(`criterion ${c.key} has two options with the same value`);
        if (options.some((o) => !(o.points >= 0)))
          problems.push(`criterion ${c.key} has an option with negative points`);
      } else if (c.options && c.options.length > 0) {
        problems.push(`criterion ${c.key} (${c.type}) takes no options`);
      }
      if (c.showIf) {
        const cond = earlier.get(c.showIf.criterion);
        if (!cond)
          problems.push(`criterion ${c.key} depends on ${c.showIf.criterion}, which is not an earlier criterion`);
        else if (!takes(cond, c.showIf.equals))
          problems.push(
            `criterion ${c.key} depends on ${cond.key} being ${String(c.showIf.equals)}, which it cannot be`,
          );
      }
      earlier.set(c.key, c);
    }
  }
  return problems;
}

function takes(c: ScorecardSection['criteria'][number], value: string | number): boolean {
  if (c.type === 'yes_no') return value === 'yes' || value === 'no';
  if (c.type === 'scale') return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
  return (c.options ?? []).some((o) => o.value === value);
}
