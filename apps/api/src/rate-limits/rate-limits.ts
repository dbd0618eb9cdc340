import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Global,
  HttpStatus,
  Injectable,
  Module,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DependencyUnavailableError } from '../common/errors/dependency-errors.js';
import { RetryLaterException } from '../common/errors/retry-later.exception.js';
import { InjectRedis } from '../redis/redis.module.js';

export interface LimitSpec {
  /** Names the counter; two routes with one name share it. */
  name: string;
  /** Hits (or failures) allowed per window. */
  points: number;
  windowSeconds: number;
}

/**
 * Rate limits counted in Redis (rate-limiter-flexible), so they hold across api processes. While
 * Redis is away a limit cannot be checked and the request answers 503: the routes limited are
 * the ones strangers can call, which must not run unlimited.
 */
@Injectable()
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(@InjectRedis() private readonly redis: Redis) {}

  limiter(spec: LimitSpec): RateLimiterRedis {
    let limiter = this.limiters.get(spec.name);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `limit:${spec.name}`,
        points: spec.points,
        duration: spec.windowSeconds,
        rejectIfRedisNotReady: true,
      });
      this.limiters.set(spec.name, limiter);
    }
    return limiter;
  }

  /** Counts one hit for `key`: 429 with Retry-After once the window's points are spent. */
  async consume(spec: LimitSpec, key: string, what = 'requests'): Promise<void> {
    try {
      await this.limiter(spec).consume(key);
    } catch (error) {
      throw limitError(error, what);
    }
  }

  /** Counts one hit without refusing anything (a failure recorded after the answer is known). */
  async record(spec: LimitSpec, key: string): Promise<void> {
    try {
      await this.limiter(spec).consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw limitError(error, 'attempts');
    }
  }

  /** Seconds until `key` may try again, 0 when its points are not spent; counts nothing. */
  async blockedFor(spec: LimitSpec, key: string): Promise<number> {
    let res: RateLimiterRes | null;
    try {
      res = await this.limiter(spec).get(key);
    } catch (error) {
      throw limitError(error, 'attempts');
    }
    return res && res.consumedPoints >= spec.points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
  }

  async reset(spec: LimitSpec, key: string): Promise<void> {
    try {
      await this.limiter(spec).delete(key);
    } catch (error) {
      throw limitError(error, 'attempts');
    }
  }
}

/** A spent limit becomes a 429 with Retry-After; anything else means Redis is away (503). */
function limitError(error: unknown, what: string): Error {
  if (error instanceof RateLimiterRes) {
    const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    return new RetryLaterException(
      HttpStatus.TOO_MANY_REQUESTS,
      `too many ${what}; try again in ${seconds} s`,
      seconds,
    );
  }
  return new DependencyUnavailableError('Redis', `rate limit not checked: ${String(error)}`);
}

const LIMIT_KEY = 'switchboard:rate-limit';

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const spec = this.reflector.get<LimitSpec | undefined>(LIMIT_KEY, context.getHandler());
    if (!spec) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    await this.limits.consume(spec, req.ip ?? 'unknown');
    return true;
  }
}

/** At most `points` requests per client address per window on this route; then 429 with Retry-After. */
export const RateLimit = (spec: LimitSpec) => applyDecorators(SetMetadata(LIMIT_KEY, spec), UseGuards(RateLimitGuard));

@Global()
@Module({ providers: [RateLimits, RateLimitGuard], exports: [RateLimits, RateLimitGuard] })
export class RateLimitsModule {}
