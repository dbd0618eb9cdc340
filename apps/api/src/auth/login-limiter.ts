import { HttpStatus, Injectable } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { createHash } from 'node:crypto';
import { InjectConfig } from '../common/app-config.js';
import { RetryLaterException } from '../common/errors/retry-later.exception.js';
import { RateLimits, type LimitSpec } from '../rate-limits/rate-limits.js';

/**
 * Failed sign-ins, counted per account and per client address in Redis (shared by every api
 * process). Only failures count: a whole floor signing in from one office address is never held
 * back, while guessing at one account stops after `maxFailures` tries a window, and guessing
 * across accounts from one address after `maxFailuresPerIp`.
 */
@Injectable()
export class LoginLimiter {
  private readonly account: LimitSpec;
  private readonly address: LimitSpec;

  constructor(
    private readonly limits: RateLimits,
    @InjectConfig() config: AppConfig,
  ) {
    const { maxFailures, failureWindowSeconds, maxFailuresPerIp, ipWindowSeconds } = config.auth.login;
    this.account = { name: 'login-failures-account', points: maxFailures, windowSeconds: failureWindowSeconds };
    this.address = { name: 'login-failures-address', points: maxFailuresPerIp, windowSeconds: ipWindowSeconds };
  }

  /** 429 with Retry-After when the account or the address has failed too often lately. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([
      this.limits.blockedFor(this.account, accountKey(email)),
      this.limits.blockedFor(this.address, ip),
    ]);
    const wait = Math.max(account, address);
    if (wait > 0) {
      throw new RetryLaterException(
        HttpStatus.TOO_MANY_REQUESTS,
        `too many failed sign-ins; try again in ${wait} s`,
        wait,
      );
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([this.limits.record(this.account, accountKey(email)), this.limits.record(this.address, ip)]);
  }

  /** The right password clears the account's count (not the address's: one good account must not unlock guessing at others). */
  recordSuccess(email: string): Promise<void> {
    return this.limits.reset(this.account, accountKey(email));
  }
}

/** Accounts by a hash of the e-mail: Redis keys name no one. */
function accountKey(email: string): string {
  return createHash('sha256').update(email).digest('base64url').slice(0, 32);
}
