import { Module } from '@nestjs/common';
import { SurveyLinks } from './survey-links.js';
import { SurveysController } from './surveys.controller.js';
import { SurveysService } from './surveys.service.js';

/** Customer satisfaction surveys: offered after resolutions, answered through signed links. */
@Module({
  controllers: [SurveysController],
  providers: [SurveysService, SurveyLinks],
  exports: [SurveysService],
})
export class SurveysModule {}
