import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  CalibrationView,
  EvaluationDetail,
  EvaluationSummary,
  InboxItem,
  Page,
  QualityReport,
  ReviewerGoal,
  SamplingRules,
  Scorecard,
} from '@switchboard/contracts';
import type { FastifyReply } from 'fastify';
import { Can } from '../access/access-policy.js';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { ApiOperationDoc } from '../common/openapi.js';
import { queueKeyParam, uuidParam } from '../common/uuid-param.pipe.js';
import { CalibrationsService } from './calibrations.service.js';
import { EvaluationsService } from './evaluations.service.js';
import {
  AcknowledgeDto,
  CalibrationRequestDto,
  CalibrationViewDto,
  DisputeDto,
  EvaluationDetailDto,
  EvaluationFilterDto,
  EvaluationPageDto,
  EvaluationRequestDto,
  EvaluationUpdateDto,
  InboxItemDto,
  InboxQueryDto,
  ListEvaluationsQueryDto,
  QualityReportDto,
  ReportQueryDto,
  RescoreDto,
  ReviewerGoalDto,
  ReviewerGoalRequestDto,
  SamplingRulesDto,
  SamplingRulesViewDto,
  ScorecardDto,
  ScorecardRequestDto,
  ScorecardVersionQueryDto,
  UpholdDto,
} from './qa.dto.js';
import { ReportsService } from './reports.service.js';
import { SamplingService } from './sampling.service.js';
import { ScorecardsService } from './scorecards.service.js';

@ApiTags('quality')
@Controller('qa/scorecards')
export class ScorecardsController {
  constructor(private readonly scorecards: ScorecardsService) {}

  @Can('qa.scorecard.manage')
  @Post()
  @ApiOperationDoc({
    id: 'createScorecard',
    summary: 'Create a scorecard',
    description: 'Sections and criteria with weights; version 1. 400 names every problem of the form.',
    status: 201,
    ok: ScorecardDto,
    errors: [400],
  })
  create(@Body() body: ScorecardRequestDto, @CurrentUser() actor: AuthUser): Promise<Scorecard> {
    return this.scorecards.create(actor, body);
  }

  @Can('qa.scorecard.read')
  @Get()
  @ApiOperationDoc({ id: 'listScorecards', summary: 'Scorecards, each at its newest version', ok: [ScorecardDto] })
  list(): Promise<Scorecard[]> {
    return this.scorecards.list();
  }

  @Can('qa.scorecard.read')
  @Get(':id')
  @ApiOperationDoc({
    id: 'getScorecard',
    summary: 'A scorecard, at its newest version or the one asked for',
    ok: ScorecardDto,
    errors: [400, 404],
  })
  get(@Param('id', uuidParam('id')) id: string, @Query() query: ScorecardVersionQueryDto): Promise<Scorecard> {
    return this.scorecards.require(id, query.version);
  }

  @Can('qa.scorecard.manage')
  @Put(':id')
  @ApiOperationDoc({
    id: 'updateScorecard',
    summary: 'Edit a scorecard: a new version',
    description: 'Evaluations already made keep the version they were made with.',
    ok: ScorecardDto,
    errors: [400, 404],
  })
  update(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ScorecardRequestDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<Scorecard> {
    return this.scorecards.update(actor, id, body);
  }
}

@ApiTags('quality')
@Controller('qa/evaluations')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Can('qa.evaluate')
  @Post()
  @ApiOperationDoc({
    id: 'createEvaluation',
    summary: 'Evaluate a resolved ticket',
    description:
      'A draft, or submitted at once with `submit`: scored by the contract\u2019s rule. Answers may cite a timeline ' +
      'event (`eventId`) or a message (`messageId`) of the ticket. 409 if the ticket is not resolved.',
    status: 201,
    ok: EvaluationDetailDto,
    errors: [400, 404, 409],
  })
  create(@Body() body: EvaluationRequestDto, @CurrentUser() actor: AuthUser): Promise<EvaluationDetail> {
    return this.evaluations.create(actor, body);
  }

  @Can('qa.evaluation.read')
  @Get()
  @ApiOperationDoc({
    id: 'listEvaluations',
    summary: 'Evaluations, newest first',
    description:
      'An agent sees only their own submitted ones; supervisors every submitted one; drafts only QA and admins.',
    ok: EvaluationPageDto,
    errors: [400],
  })
  list(@Query() query: ListEvaluationsQueryDto, @CurrentUser() viewer: AuthUser): Promise<Page<EvaluationSummary>> {
    return this.evaluations.list(viewer, query);
  }

  @Can('qa.evaluation.read')
  @Get(':id')
  @ApiOperationDoc({
    id: 'getEvaluation',
    summary: 'An evaluation with its scorecard version, every submitted version and every step',
    ok: EvaluationDetailDto,
    errors: [400, 404],
  })
  get(@Param('id', uuidParam('id')) id: string, @CurrentUser() viewer: AuthUser): Promise<EvaluationDetail> {
    return this.evaluations.detail(viewer, id);
  }

  @Can('qa.evaluate')
  @Put(':id')
  @ApiOperationDoc({
    id: 'updateEvaluation',
    summary: 'Save a draft\u2019s answers, or submit it',
    description: '409 once submitted (a dispute is the way to a new score).',
    ok: EvaluationDetailDto,
    errors: [400, 404, 409],
  })
  update(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: EvaluationUpdateDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<EvaluationDetail> {
    return this.evaluations.update(actor, id, body.answers, body.submit ?? false);
  }

  @Can('qa.evaluation.answer')
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperationDoc({
    id: 'acknowledgeEvaluation',
    summary: 'The agent acknowledges their evaluation',
    ok: EvaluationDetailDto,
    errors: [400, 404, 409],
  })
  acknowledge(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AcknowledgeDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<EvaluationDetail> {
    return this.evaluations.acknowledge(actor, id, body.comment);
  }

  @Can('qa.evaluation.answer')
  @Post(':id/dispute')
  @HttpCode(200)
  @ApiOperationDoc({
    id: 'disputeEvaluation',
    summary: 'The agent disputes their evaluation, with a reason',
    description: 'Once per evaluation, within QA_DISPUTE_WINDOW_DAYS of its submission (409 after).',
    ok: EvaluationDetailDto,
    errors: [400, 404, 409],
  })
  dispute(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: DisputeDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<EvaluationDetail> {
    return this.evaluations.dispute(actor, id, body.reason);
  }

  @Can('qa.evaluate')
  @Post(':id/rescore')
  @HttpCode(200)
  @ApiOperationDoc({
    id: 'rescoreEvaluation',
    summary: 'Answer a dispute with new answers: a new version, the old one kept',
    ok: EvaluationDetailDto,
    errors: [400, 404, 409],
  })
  rescore(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RescoreDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<EvaluationDetail> {
    return this.evaluations.rescore(actor, id, body.answers, body.note);
  }

  @Can('qa.evaluate')
  @Post(':id/uphold')
  @HttpCode(200)
  @ApiOperationDoc({
    id: 'upholdEvaluation',
    summary: 'Answer a dispute by keeping the score, saying why',
    ok: EvaluationDetailDto,
    errors: [400, 404, 409],
  })
  uphold(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpholdDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<EvaluationDetail> {
    return this.evaluations.uphold(actor, id, body.note);
  }
}

@ApiTags('quality')
@Controller('qa')
export class QualityController {
  constructor(
    private readonly sampling: SamplingService,
    private readonly calibrations: CalibrationsService,
    private readonly reports: ReportsService,
  ) {}

  @Can('qa.inbox.read')
  @Get('sampling-rules')
  @ApiOperationDoc({
    id: 'listSamplingRules',
    summary: 'Each queue\u2019s QA sampling rules',
    ok: [SamplingRulesViewDto],
  })
  rules(): Promise<SamplingRules[]> {
    return this.sampling.rules();
  }

  @Can('qa.sampling.manage')
  @Put('sampling-rules/:queue')
  @ApiOperationDoc({
    id: 'setSamplingRules',
    summary: 'Set a queue\u2019s QA sampling rules',
    description:
      'A random share of its resolved tickets, and always: low ratings, transfers, repeat contacts, long handles, agents who failed a form before.',
    ok: SamplingRulesViewDto,
    errors: [400, 404],
  })
  setRules(@Param('queue', queueKeyParam()) queue: string, @Body() body: SamplingRulesDto): Promise<SamplingRules> {
    return this.sampling.setRules(queue, body);
  }

  @Can('qa.inbox.read')
  @Get('inbox')
  @ApiOperationDoc({
    id: 'listQaInbox',
    summary: 'Sampled tickets waiting for an evaluation',
    description: 'A QA reviewer\u2019s own by default; `reviewer=all` for everyone\u2019s.',
    ok: [InboxItemDto],
    errors: [400],
  })
  inbox(@Query() query: InboxQueryDto, @CurrentUser() viewer: AuthUser): Promise<InboxItem[]> {
    return this.sampling.inbox(viewer, query.reviewer?.toLowerCase(), query.done === 'true');
  }

  @Can('qa.inbox.read')
  @Get('reviewers')
  @ApiOperationDoc({
    id: 'listQaReviewers',
    summary: 'QA reviewers with their weekly goals and this week\u2019s load',
    ok: [ReviewerGoalDto],
  })
  reviewers(): Promise<ReviewerGoal[]> {
    return this.sampling.reviewers();
  }

  @Can('qa.sampling.manage')
  @Put('reviewers/:id/goal')
  @ApiOperationDoc({
    id: 'setQaReviewerGoal',
    summary: 'Set a reviewer\u2019s weekly goal',
    ok: ReviewerGoalDto,
    errors: [400, 404],
  })
  setGoal(@Param('id', uuidParam('id')) id: string, @Body() body: ReviewerGoalRequestDto): Promise<ReviewerGoal> {
    return this.sampling.setGoal(id, body.weeklyGoal);
  }

  @Can('qa.calibration')
  @Post('calibrations')
  @ApiOperationDoc({
    id: 'createCalibration',
    summary: 'Open a calibration session',
    description:
      'Reviewers score the same tickets blind; the session shows their agreement (Krippendorff\u2019s alpha).',
    status: 201,
    ok: CalibrationViewDto,
    errors: [400, 404],
  })
  createCalibration(@Body() body: CalibrationRequestDto, @CurrentUser() actor: AuthUser): Promise<CalibrationView> {
    return this.calibrations.create(actor, body);
  }

  @Can('qa.calibration')
  @Get('calibrations')
  @ApiOperationDoc({ id: 'listCalibrations', summary: 'Calibration sessions, newest first', ok: [CalibrationViewDto] })
  listCalibrations(@CurrentUser() viewer: AuthUser): Promise<CalibrationView[]> {
    return this.calibrations.list(viewer);
  }

  @Can('qa.calibration')
  @Get('calibrations/:id')
  @ApiOperationDoc({
    id: 'getCalibration',
    summary: 'A calibration session: answers side by side (blind until yours are in) and agreement',
    ok: CalibrationViewDto,
    errors: [400, 404],
  })
  calibration(@Param('id', uuidParam('id')) id: string, @CurrentUser() viewer: AuthUser): Promise<CalibrationView> {
    return this.calibrations.view(viewer, id);
  }

  @Can('qa.report.read')
  @Get('reports/quality')
  @ApiOperationDoc({
    id: 'getQualityReport',
    summary: 'Quality per agent and queue, with the agents\u2019 FCR, AHT and CSAT',
    description: 'Calibration evaluations excluded. Default period: the last 30 days.',
    ok: QualityReportDto,
    errors: [400],
  })
  report(@Query() query: ReportQueryDto, @CurrentUser() viewer: AuthUser): Promise<QualityReport> {
    return this.reports.report(viewer, query);
  }

  @Can('qa.report.read')
  @Get('reports/evaluations.csv')
  @ApiOperationDoc({
    id: 'exportEvaluations',
    summary: 'Evaluations as CSV, one row per answer',
    description: 'The list\u2019s filters; submitted evaluations unless `status=draft`.',
    file: ['text/csv'],
    errors: [400],
  })
  async csv(
    @Query() query: EvaluationFilterDto,
    @CurrentUser() viewer: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.reports.csv(viewer, query);
    // Set on success only: an error answers in JSON like every other.
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', 'attachment; filename="evaluations.csv"');
    return csv;
  }
}
