import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EvaluationAnswer, QualityReport, Scorecard } from '@switchboard/contracts';
import { criterionValue, percentOf, shownCriteria } from '@switchboard/domain';
import { loadAgentMetrics, loadAgentOutcomes, outcomeRates, ticketReference } from '@switchboard/persistence';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { EVALUATION_SELECT, evaluationConditions, type EvaluationRow } from './evaluations.service.js';
import type { EvaluationFilterDto, ReportQueryDto } from './qa.dto.js';
import { ScorecardsService } from './scorecards.service.js';

const DAY_MS = 86_400_000;
/** Evaluations one report or export reads at most. */
const MAX_ROWS = 50_000;
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** Monday 00:00 UTC of the week holding `d`. */
function weekOf(d: Date): string {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString();
}

/**
 * Quality reports: per agent and per queue, the average score (calibration excluded), auto-fail
 * and dispute rates with their outcomes, the score of each criterion by week, next to the same
 * agent's handled, AHT, FCR and CSAT from the metric engine; and the CSV export, one row per answer.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scorecards: ScorecardsService,
    private readonly access: AccessPolicy,
  ) {}

  private async evaluations(viewer: AuthUser, filter: EvaluationFilterDto): Promise<EvaluationRow[]> {
    const params: unknown[] = [];
    const allowed = this.access.evaluationScope(viewer);
    // Drafts only when asked for, and only to those who may read them.
    const scope = { ...allowed, calibration: false, drafts: allowed.drafts && filter.status === 'draft' };
    const where = evaluationConditions(filter, scope, params);
    const rows = (await this.db.query(
      `${EVALUATION_SELECT} WHERE ${where.join(' AND ')} ORDER BY ev.submitted_at DESC NULLS LAST, ev.id LIMIT ${MAX_ROWS + 1}`,
      params,
    )) as EvaluationRow[];
    // Figures over part of the period would be wrong figures: ask for a shorter one instead.
    if (rows.length > MAX_ROWS)
      throw new BadRequestException([
        `more than ${MAX_ROWS} evaluations match: narrow the period (from, to) or the queue`,
      ]);
    return rows.reverse();
  }

  private async cards(rows: EvaluationRow[]): Promise<Map<string, Scorecard>> {
    const cards = new Map<string, Scorecard>();
    for (const key of new Set(rows.map((r) => `${r.scorecard_id}:${r.scorecard_version}`))) {
      const [id, version] = key.split(':') as [string, string];
      cards.set(key, await this.scorecards.require(id, Number(version)));
    }
    return cards;
  }

  async report(viewer: AuthUser, query: ReportQueryDto): Promise<QualityReport> {
    const toMs = query.to ? Date.parse(query.to) : Date.now();
    const fromMs = query.from ? Date.parse(query.from) : toMs - 30 * DAY_MS;
    const filter = { ...query, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
    const rows = (await this.evaluations(viewer, filter)).filter((r) => r.status !== 'draft');

    const group = <K extends string>(key: (r: EvaluationRow) => K | null) => {
      const groups = new Map<K, EvaluationRow[]>();
      for (const r of rows) {
        const k = key(r);
        if (k === null) continue;
        const list = groups.get(k);
        if (list) list.push(r);
        else groups.set(k, [r]);
      }
      return groups;
    };
    const figures = (list: EvaluationRow[]) => {
      const scored = list.filter((r) => r.score !== null).map((r) => Number(r.score));
      const disputed = list.filter((r) => r.disputed_at);
      return {
        evaluations: list.length,
        averageScore: scored.length ? round1(scored.reduce((a, b) => a + b, 0) / scored.length) : null,
        autoFailRatePercent: percentOf(list.filter((r) => r.auto_failed).length, list.length),
        disputeRatePercent: percentOf(disputed.length, list.length),
        disputes: {
          upheld: disputed.filter((r) => r.dispute_outcome === 'upheld').length,
          rescored: disputed.filter((r) => r.dispute_outcome === 'rescored').length,
          open: disputed.filter((r) => r.status === 'disputed').length,
        },
      };
    };

    const byAgent = group((r) => r.agent_id);
    const agentIds = [...byAgent.keys()];
    const [work, outcomes] = await Promise.all([
      loadAgentMetrics(this.db.manager, { fromMs, asOfMs: toMs }, agentIds),
      loadAgentOutcomes(this.db.manager, { fromMs, toMs }, agentIds),
    ]);
    const agents = agentIds.map((agentId) => {
      const list = byAgent.get(agentId)!;
      const w = work.find((x) => x.agentId === agentId);
      const o = outcomes.find((x) => x.agentId === agentId);
      return {
        agentId,
        name: list[0]!.agent_name ?? '',
        ...figures(list),
        handled: w?.handled ?? 0,
        ahtSeconds: w?.ahtSeconds ?? null,
        ...outcomeRates(o),
      };
    });
    agents.sort((a, b) => a.name.localeCompare(b.name));

    const queues = [...group((r) => r.queue)].map(([queue, list]) => {
      const { disputes: _disputes, ...rest } = figures(list);
      return { queue, ...rest };
    });
    queues.sort((a, b) => a.queue.localeCompare(b.queue));

    const cards = await this.cards(rows);
    const weeks = new Map<string, { week: string; criterion: string; label: string; sum: number; answers: number }>();
    for (const r of rows) {
      const card = cards.get(`${r.scorecard_id}:${r.scorecard_version}`)!;
      const answers = new Map(r.answers.map((a) => [a.criterion, a]));
      // Only what the scoring counted: an answer to a criterion its conditions hid is not a figure.
      const shown = shownCriteria(card.sections, r.answers);
      const week = weekOf(r.submitted_at ?? r.created_at);
      for (const c of card.sections.flatMap((s) => s.criteria)) {
        if (!shown.has(c.key)) continue;
        const value = criterionValue(c, answers.get(c.key));
        if (value === null) continue;
        const key = `${week}|${c.key}`;
        const cell = weeks.get(key) ?? { week, criterion: c.key, label: c.label, sum: 0, answers: 0 };
        cell.sum += value;
        cell.answers += 1;
        weeks.set(key, cell);
      }
    }
    const criteria = [...weeks.values()]
      .map((c) => ({
        week: c.week,
        criterion: c.criterion,
        label: c.label,
        averagePercent: round1((100 * c.sum) / c.answers)!,
        answers: c.answers,
      }))
      .sort((a, b) => a.week.localeCompare(b.week) || a.criterion.localeCompare(b.criterion));

    return { from: filter.from, to: filter.to, agents, queues, criteria };
  }

  /** The evaluations matching the filter, one CSV row per answer (a spreadsheet opens it as it is). */
  async csv(viewer: AuthUser, filter: EvaluationFilterDto): Promise<string> {
    const rows = await this.evaluations(viewer, filter);
    const cards = await this.cards(rows);
    const records: unknown[][] = [];
    for (const r of rows) {
      const card = cards.get(`${r.scorecard_id}:${r.scorecard_version}`)!;
      const answers = new Map<string, EvaluationAnswer>(r.answers.map((a) => [a.criterion, a]));
      const shown = shownCriteria(card.sections, r.answers);
      for (const section of card.sections) {
        for (const c of section.criteria) {
          const a = answers.get(c.key);
          if (!a || !shown.has(c.key)) continue;
          const value = criterionValue(c, a);
          records.push([
            r.id,
            ticketReference(r.number),
            r.queue,
            r.agent_name ?? '',
            r.reviewer_name ?? '',
            r.scorecard_name,
            r.scorecard_version,
            r.version,
            r.status,
            r.submitted_at?.toISOString() ?? '',
            r.score === null ? '' : Number(r.score),
            r.auto_failed ? 'yes' : 'no',
            section.key,
            c.key,
            c.label,
            a.na ? 'N/A' : String(a.value ?? ''),
            value === null ? '' : round1(value * 100),
            a.comment ?? '',
            a.eventId ?? '',
            a.messageId ?? '',
          ]);
        }
      }
    }
    // A byte-order mark so spreadsheets read the UTF-8 (Turkish and Persian names) as UTF-8.
    return (
      '\ufeff' +
      stringify(records, {
        header: true,
        columns: [
          'evaluation_id',
          'ticket',
          'queue',
          'agent',
          'reviewer',
          'scorecard',
          'scorecard_version',
          'evaluation_version',
          'status',
          'submitted_at',
          'evaluation_score',
          'auto_failed',
          'section',
          'criterion',
          'label',
          'answer',
          'answer_percent',
          'comment',
          'cited_event',
          'cited_message',
        ],
        record_delimiter: 'windows',
        cast: { string: (s) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s) },
      })
    );
  }
}
