import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { SURVEY_STATUSES, type SurveyAnswerRequest, type SurveyStatus, type SurveyView } from '@switchboard/contracts';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Public } from '../auth/auth.decorators.js';
import { Optional, PlainText, Trim } from '../common/dto.js';
import { ActionResponseDto, ApiOperationDoc } from '../common/openapi.js';
import { actionResult } from '../common/action-result.js';
import { RateLimit } from '../rate-limits/rate-limits.js';
import { SurveysService } from './surveys.service.js';

const TOKEN_PARAM = /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/;

class SurveyAnswerDto implements SurveyAnswerRequest {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 })
  @IsInt({ message: 'score must be a whole number from 1 to 5' })
  @Min(1, { message: 'score must be a whole number from 1 to 5' })
  @Max(5, { message: 'score must be a whole number from 1 to 5' })
  score: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(2000, { message: 'comment must be at most 2000 characters' })
  @PlainText('comment')
  comment?: string;
}

class SurveyViewDto implements SurveyView {
  @ApiProperty({ enum: SURVEY_STATUSES }) status: SurveyStatus;
  @ApiProperty() queue: string;
  @ApiProperty() subject: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiPropertyOptional({ type: 'integer' }) score?: number;
}

/** The survey behind a link: public (the link's signature is the key), rate-limited per address. */
@ApiTags('surveys')
@Public()
@Controller('surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Get(':token')
  @RateLimit({ name: 'survey-read', points: 120, windowSeconds: 60 })
  @ApiOperationDoc({
    id: 'viewSurvey',
    summary: 'A survey, as its page shows it',
    description: 'Open, answered, expired or withdrawn (the ticket reopened); the ticket\u2019s subject and queue.',
    public: true,
    ok: SurveyViewDto,
    errors: [404, 429],
  })
  view(@Param('token') token: string): Promise<SurveyView> {
    return this.surveys.view(TOKEN_PARAM.test(token) ? token : '');
  }

  @Post(':token')
  @RateLimit({ name: 'survey-answer', points: 30, windowSeconds: 60 })
  @ApiOperationDoc({
    id: 'answerSurvey',
    summary: 'Answer a survey',
    description:
      'A score of 1\u20135 and an optional comment, once: 409 after an answer, 410 once the survey expired or the ' +
      'ticket reopened. The answer is the ticket\u2019s rating (`ticket.csat_recorded`, source `survey`).',
    public: true,
    status: 201,
    ok: ActionResponseDto,
    errors: [400, 404, 409, 410, 413, 415, 429],
  })
  async answer(@Param('token') token: string, @Body() body: SurveyAnswerDto): Promise<ActionResponseDto> {
    const ticket = await this.surveys.answer(TOKEN_PARAM.test(token) ? token : '', body.score, body.comment);
    return actionResult('survey.answer', { type: 'survey', id: token.slice(0, 36) }, ticket);
  }
}
