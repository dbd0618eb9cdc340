import { Injectable } from '@nestjs/common';
import { statement } from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import type { FastifyRequest } from 'fastify';

/** How long the queues' origin lists serve CORS answers before they are read again. */
const CACHE_MS = 10_000;

const QUEUE_ORIGINS = statement('chat_origins_of_queue', `SELECT chat_origins AS origins FROM queues WHERE key = $1`);

const CHAT_ORIGINS = statement(
  'chat_origins_all',
  `SELECT chat_origins AS origins FROM queues WHERE retired_at IS NULL AND cardinality(chat_origins) > 0`,
);

/** `scheme://host[:port]` in lower case, as browsers send Origin; null for anything else. */
export function normalOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin.toLowerCase();
  } catch {
    return null;
  }
}

/** The origin this request was addressed to (behind a trusted proxy, as the proxy says). */
export function ownOrigin(req: Pick<FastifyRequest, 'protocol' | 'host'>): string {
  return `${req.protocol}://${req.host}`.toLowerCase();
}

/**
 * Which other sites' pages may talk to a queue's web chat: the stack's own origin always, plus
 * each queue's allow-list (the widget embedded elsewhere). A request without Origin is not a
 * browser page's (curl, a server): the check is for browsers, which always send it cross-site.
 */
export function originAllowed(origin: string | undefined, own: string, queueOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  const normal = normalOrigin(origin);
  return normal !== null && (normal === own || queueOrigins.includes(normal));
}

@Injectable()
export class ChatOrigins {
  private cache: { any: Set<string>; until: number } | null = null;

  constructor(private readonly work: TicketWork) {}

  /** Whether any queue lets pages of `origin` use the chat API (the CORS answer; each call still checks its queue). */
  async anyQueueAllows(origin: string): Promise<boolean> {
    const normal = normalOrigin(origin);
    return normal !== null && (await this.lists()).any.has(normal);
  }

  /** A queue's list as stored now (opening a chat or its socket reads it; only CORS answers from the cache). */
  async ofQueue(queueKey: string): Promise<string[]> {
    const [row] = await this.work.sql.query<{ origins: string[] }>(QUEUE_ORIGINS, [queueKey]);
    return row?.origins ?? [];
  }

  private async lists(): Promise<{ any: Set<string> }> {
    if (this.cache && this.cache.until > Date.now()) return this.cache;
    const rows = await this.work.sql.query<{ origins: string[] }>(CHAT_ORIGINS);
    this.cache = { any: new Set(rows.flatMap((r) => r.origins)), until: Date.now() + CACHE_MS };
    return this.cache;
  }
}
