import { HttpStatus, Injectable } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { InjectConfig } from '../common/app-config.js';
import { RetryLaterException } from '../common/errors/retry-later.exception.js';
import { hashIsOutdated, hashPassword, verifyPassword } from './password.js';

/**
 * Password hashing on request paths, with a bound on how much of the libuv pool it may take:
 * `hashConcurrency` hashes at once (the pool has 4 threads, which gzip and file reads share),
 * `hashQueue` more waiting, and beyond that a 503 with Retry-After instead of an ever longer wait.
 */
@Injectable()
export class PasswordHasher {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Verified when the e-mail is unknown, so both failures cost the same. */
  private decoy?: Promise<string>;

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  hash(plain: string): Promise<string> {
    return this.gated(() => hashPassword(plain));
  }

  /** Checks `plain` against `hash`, or against a decoy when there is no user, in the same time. */
  async verify(hash: string | null | undefined, plain: string): Promise<boolean> {
    this.decoy ??= hashPassword('decoy-password-that-never-matches');
    const target = hash ?? (await this.decoy);
    const ok = await this.gated(() => verifyPassword(target, plain));
    return ok && hash !== null && hash !== undefined;
  }

  outdated(hash: string): boolean {
    return hashIsOutdated(hash);
  }

  private async gated<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.config.auth.hashConcurrency) {
      if (this.waiting.length >= this.config.auth.hashQueue) {
        throw new RetryLaterException(
          HttpStatus.SERVICE_UNAVAILABLE,
          'too many sign-ins are being checked right now; try again in a moment',
          1,
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
