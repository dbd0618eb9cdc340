import type {
  EvaluationAnswer,
  EvaluationDetail,
  EvaluationStatus,
  EvaluationSummary,
  Page,
  Scorecard,
} from '@switchboard/contracts';
import { scoreEvaluation, InvalidAnswers } from '@switchboard/domain';
import { api, query } from '../api.js';

export const scorecardsQuery = {
  queryKey: ['qa', 'scorecards'],
  queryFn: () => api<Scorecard[]>('GET', '/api/qa/scorecards'),
};

export const evaluationQuery = (id: string) => ({
  queryKey: ['qa', 'evaluation', id],
  queryFn: () => api<EvaluationDetail>('GET', `/api/qa/evaluations/${id}`),
});

export const evaluationsQuery = (filter: {
  status?: EvaluationStatus | '';
  ticketId?: string;
  agentId?: string;
  calibration?: 'true';
}) => ({
  queryKey: ['qa', 'evaluations', filter],
  queryFn: () => api<Page<EvaluationSummary>>('GET', `/api/qa/evaluations${query({ ...filter, limit: 200 })}`),
});

/** The score the server will give these answers (the same rule, from libs/domain); null while it cannot say. */
export function previewScore(
  scorecard: Scorecard,
  answers: EvaluationAnswer[],
): { score: number | null; autoFailed: boolean } | null {
  try {
    return scoreEvaluation(scorecard.sections, answers);
  } catch (e) {
    if (e instanceof InvalidAnswers) return null;
    throw e;
  }
}
