import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { Public } from '../auth/auth.decorators.js';
import { InjectRedis } from '../redis/redis.module.js';

@ApiTags('health')
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
  @ApiOkResponse({ description: 'PostgreSQL and Redis answer.' })
  @ApiServiceUnavailableResponse({ description: 'One of them does not.' })
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
