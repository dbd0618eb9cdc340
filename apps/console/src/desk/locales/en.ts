import type { Shape } from '../../locales/en.js';

/** The idle desk's "your day and week" panel, under `mySummary.`: loaded with the desk's panel. */
export const mySummaryEn = {
  title: 'Your day and week',
  day: 'Today',
  week: 'This week',
  since: 'since {{date}}',
  handled: 'Handled',
  aht: 'Average handle time',
  fcr: 'First-contact resolution',
  csat: 'Customer satisfaction',
  qa: 'QA average',
  evaluations_one: '{{count, number}} evaluation',
  evaluations_other: '{{count, number}} evaluations',
  none: '—',
  last: 'Your last evaluations',
  noEvaluations: 'No evaluations yet.',
  ticket: 'Ticket',
  score: 'Score',
  status: 'Review status',
  submittedAt: 'Submitted',
  autoFailed: 'Auto-failed',
  statuses: { draft: 'Draft', submitted: 'Submitted', acknowledged: 'Acknowledged', disputed: 'Disputed' },
  error: 'Your figures could not be loaded: {{message}}',
};

export type MySummaryMessages = Shape<typeof mySummaryEn>;
