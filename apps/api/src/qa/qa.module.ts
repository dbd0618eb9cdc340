import { Module } from '@nestjs/common';
import { CalibrationsService } from './calibrations.service.js';
import { EvaluationsService } from './evaluations.service.js';
import { EvaluationsController, QualityController, ScorecardsController } from './qa.controller.js';
import { ReportsService } from './reports.service.js';
import { SamplingService } from './sampling.service.js';
import { ScorecardsService } from './scorecards.service.js';

/** Quality: scorecards, evaluations and disputes, the sampled inbox, calibration and reports. */
@Module({
  controllers: [ScorecardsController, EvaluationsController, QualityController],
  providers: [ScorecardsService, EvaluationsService, SamplingService, CalibrationsService, ReportsService],
})
export class QaModule {}
