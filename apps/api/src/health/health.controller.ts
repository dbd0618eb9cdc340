import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { HealthResponse } from '@switchboard/contracts';
import { Redis } from 'ioredis';
import { Public } from '../auth/auth.decorators.js';
import { ApiOperationDoc } from '../common/openapi.js';
import { InjectRedis } from '../redis/redis.module.js';

class DependencyStatusDto {
  @ApiProperty({ enum: ['up', 'down'] }) status: string;
  @ApiPropertyOptional({ description: 'Why it is down.' }) message?: string;
}

class HealthResponseDto implements HealthResponse {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DependencyStatusDto' },
    description: 'The dependencies that answer.',
  })
  info?: Record<string, DependencyStatusDto>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DependencyStatusDto' },
    description: 'The dependencies that are down, by name (postgres, redis).',
  })
  error?: Record<string, DependencyStatusDto>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: '#/components/schemas/DependencyStatusDto' } })
  details?: Record<string, DependencyStatusDto>;
}

@ApiTags('health')
@ApiExtraModels(DependencyStatusDto)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  /** Public so load balancers and `npm start` can poll it; reveals nothing but up/down. */
  @Public()
  @Get()
  @HealthCheck()
  @ApiOperationDoc({
    id: 'checkHealth',
    summary: 'Whether PostgreSQL and Redis answer',
    description: 'Names each dependency with up or down. 503 when one is down (the body names it).',
    ok: HealthResponseDto,
    also: [{ status: 503, type: HealthResponseDto, description: 'A dependency is down; `error` names it.' }],
    public: true,
    noDefaultErrors: true,
  })
  check() {
    return this.health.check([
      () => this.database.pingCheck('postgres').withTimeout(2_000),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            const answer = await this.redis.ping();
            if (answer !== 'PONG') throw new Error(`unexpected PING answer ${answer}`);
          })
          .withTimeout(2_000),
    ]);
  }
}
