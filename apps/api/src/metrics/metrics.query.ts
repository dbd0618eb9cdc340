import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Optional } from '../common/dto.js';

export class MetricsWindowQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: 'Rolling window in seconds (default METRICS_WINDOW_SECONDS).',
    minimum: 60,
    maximum: 86_400,
  })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'windowSeconds must be a whole number of seconds' })
  @Min(60, { message: 'windowSeconds must be at least 60' })
  @Max(86_400, { message: 'windowSeconds must be at most 86400 (one day)' })
  windowSeconds?: number;
}

/** A calendar date-time with a zone, the form Date.parse reads the same everywhere. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `15m`, `1h`, `30s`, `1d`. */
export const BUCKET_PATTERN = /^([1-9]\d{0,4})(s|m|h|d)$/;

export class MetricsHistoryQueryDto {
  @ApiProperty({ description: 'Queue key.' })
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue: string;

  @ApiProperty({ format: 'date-time' })
  @Matches(DATE_TIME, { message: 'from must be an ISO-8601 date-time, e.g. 2026-11-23T08:00:00Z' })
  from: string;

  @ApiProperty({ format: 'date-time' })
  @Matches(DATE_TIME, { message: 'to must be an ISO-8601 date-time, e.g. 2026-11-23T09:00:00Z' })
  to: string;

  @ApiPropertyOptional({ default: '15m', description: 'Bucket length: a number and s, m, h or d.' })
  @Optional()
  @Matches(BUCKET_PATTERN, { message: 'bucket must be a number followed by s, m, h or d, e.g. 15m' })
  bucket?: string;
}

export function bucketSeconds(bucket: string): number {
  const [, n, unit] = BUCKET_PATTERN.exec(bucket)!;
  return Number(n) * { s: 1, m: 60, h: 3600, d: 86_400 }[unit as 's' | 'm' | 'h' | 'd'];
}
