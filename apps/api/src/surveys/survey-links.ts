import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { resolveJwtSecret, type AppConfig } from '@switchboard/config';
import { InjectConfig } from '../common/app-config.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TOKEN = new RegExp(`^(${UUID})\\.([A-Za-z0-9_-]{43})$`);

/**
 * Survey links are signed, not stored: `<surveyId>.<HMAC-SHA256 of it>`, keyed by a key derived
 * from the api's signing secret. The server can give the link again (a reloaded chat) and nobody
 * can make one for a survey id they guessed.
 */
@Injectable()
export class SurveyLinks {
  private readonly key: Buffer;

  constructor(@InjectConfig() config: AppConfig) {
    this.key = createHmac('sha256', resolveJwtSecret(config)).update('switchboard survey links').digest();
  }

  token(surveyId: string): string {
    return `${surveyId}.${this.mac(surveyId)}`;
  }

  url(surveyId: string): string {
    return `/survey/${this.token(surveyId)}`;
  }

  /** The survey id a well-signed token names, or null. */
  verify(token: string): string | null {
    const match = TOKEN.exec(token);
    if (!match) return null;
    const expected = Buffer.from(this.mac(match[1]!));
    const given = Buffer.from(match[2]!);
    return expected.length === given.length && timingSafeEqual(expected, given) ? match[1]! : null;
  }

  private mac(surveyId: string): string {
    return createHmac('sha256', this.key).update(surveyId).digest('base64url');
  }
}
