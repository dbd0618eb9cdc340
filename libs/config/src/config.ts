import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadOrCreateSecret, secretWeakness } from './secrets.js';

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const port = z.coerce.number().int().min(0).max(65535);

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/** Every environment variable Switchboard reads. `.env.example` documents each one. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port.default(3000),
    DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    EMBEDDED_POSTGRES_PORT: port.default(5488),
    REDIS_URL: url(['redis:', 'rediss:']).optional(),
    EMBEDDED_REDIS_PORT: port.default(6379),
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9:_-]+$/, 'letters, digits, ":", "_" and "-" only')
      .default('sb'),
    DATA_DIR: z.string().min(1).default('.data'),
    CONSOLE_DIR: z.string().min(1).optional(),
    WEBCHAT_DIR: z.string().min(1).optional(),
    JWT_SECRET: z.string().optional(),
    JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
    SESSION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(300)
      .max(30 * 24 * 3600)
      .default(12 * 3600),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86_400).default(60),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
    LOGIN_IP_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
    PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(256),
    TRUST_PROXY: z.string().min(1).default('loopback'),
    API_DOCS: boolean.optional(),
    SOCKETS_PER_USER: z.coerce.number().int().min(1).max(1000).default(20),
    SWITCHBOARD_RUN_AS: z
      .string()
      .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a user name')
      .default('nobody'),
    ADMIN_EMAIL: z
      .string()
      .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address')
      .optional(),
    ADMIN_NAME: z.string().max(200).optional(),
    ADMIN_PASSWORD: z.string().max(200).optional(),
    SOCKET_EVENTS_PER_SECOND: z.coerce.number().min(1).max(10_000).default(20),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(256 * 1024),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
    SEED_DEMO: boolean.optional(),
    DEMO_AGENT_COUNT: z.coerce.number().int().min(0).max(500).default(10),
    ROUTER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    ROUTING_RECHECK_SECONDS: z.coerce.number().min(1).max(3600).default(30),
    REOFFER_COOLDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(30),
    MAX_MISSED_OFFERS: z.coerce.number().int().min(1).max(100).default(3),
    AGEING_SECONDS_PER_POINT: z.coerce.number().min(0.1).max(86_400).default(60),
    AGENT_DISCONNECT_GRACE_SECONDS: z.coerce.number().min(0.5).max(3600).default(30),
    FCR_WINDOW_DAYS: z.coerce.number().min(0).max(365).default(7),
    RECONCILE_INTERVAL_SECONDS: z.coerce.number().min(1).max(3600).default(30),
    METRICS_WINDOW_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
    METRICS_RETENTION_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
    METRICS_TIMEZONE: z
      .string()
      .default('UTC')
      .refine((tz) => isValidTimeZone(tz), 'must be an IANA time zone such as Europe/Istanbul'),
    METRICS_DAY_START: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour local time)')
      .default('00:00'),
    METRICS_PUSH_INTERVAL_MS: z.coerce.number().int().min(100).max(5000).default(500),
    CHAT_SESSIONS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
    CHAT_REQUESTS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    CHAT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    CHAT_LEFT_AFTER_SECONDS: z.coerce.number().min(1).max(3600).default(60),
    CHAT_FILE_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(1024 * 1024 * 1024)
      .default(25 * 1024 * 1024),
    ATTACHMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    SURVEY_TTL_HOURS: z.coerce
      .number()
      .min(0.01)
      .max(24 * 90)
      .default(72),
    QA_DISPUTE_WINDOW_DAYS: z.coerce.number().min(0).max(365).default(7),
    QA_SAMPLING_SECONDS: z.coerce.number().int().min(0).max(3600).default(15),
    WEBHOOK_POLL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    SMTP_INBOUND: boolean.default(true),
    SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    SMTP_PORT: port.default(2525),
    SMTP_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(25 * 1024 * 1024),
    SMTP_CONNECTIONS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    SMTP_TRUSTED_IPS: z.string().max(2000).default(''),
    EMAIL_NEW_TICKETS_PER_SENDER_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
    SMTP_RELAY_URL: url(['smtp:', 'smtps:']).optional(),
    EMAIL_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]{1,253}$/i, 'must be a domain name such as mail.example.com')
      .optional(),
    EMAIL_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
    EMAIL_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
    EMAIL_RECONCILE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** Test-only fault injection; refused in production. */
    FAULT_INJECT: z.enum(['intake-crash-after-commit']).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.JWT_SECRET === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'must be set in production, the same in every api process (generate one: openssl rand -base64 48)',
      });
    }
    const weakness = env.JWT_SECRET === undefined ? null : secretWeakness(env.JWT_SECRET);
    if (weakness) ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: weakness });
    if (env.NODE_ENV === 'production' && env.SEED_DEMO === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['SEED_DEMO'],
        message:
          'cannot be on in production: the demo users share a published password. ' +
          'Create the first admin with: node apps/api/dist/cli.js create-admin',
      });
    }
    if (env.NODE_ENV === 'production' && env.FAULT_INJECT) {
      ctx.addIssue({ code: 'custom', path: ['FAULT_INJECT'], message: 'is for tests and cannot be set in production' });
    }
    if (env.METRICS_RETENTION_SECONDS < env.METRICS_WINDOW_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS_RETENTION_SECONDS'],
        message: 'must be at least METRICS_WINDOW_SECONDS',
      });
    }
  });

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    /** Express's `trust proxy`: which hops may set X-Forwarded-For (the address login limits count). */
    trustProxy: string;
    /** Serve Swagger UI and the OpenAPI JSON (default: everywhere but production). */
    apiDocs: boolean;
  };
  sockets: { perUser: number; eventsPerSecond: number };
  /** Started as root, npm start runs the app processes as this account ('root': it does not). */
  runAs: string;
  /** What `cli.js create-admin` and `reset-password` take when no terminal is there to ask. */
  bootstrapAdmin: { email: string | undefined; name: string | undefined; password: string | undefined };
  database: { url: string | undefined; poolSize: number; embeddedPort: number };
  redis: { url: string | undefined; embeddedPort: number; prefix: string };
  dataDir: string;
  /** The built browser console the api serves at `/`; unset: apps/console/dist of this checkout. */
  consoleDir: string | undefined;
  /** The built customer web chat the api serves at `/chat` and `/widget.js`; unset: apps/webchat/dist. */
  webchatDir: string | undefined;
  auth: {
    /** Set: JWT_SECRET. Unset: the key kept in `<DATA_DIR>/jwt-secret`, see resolveJwtSecret. */
    jwtSecret: string | undefined;
    /** Lifetime of an access token; the console refreshes it from its session. */
    jwtTtlSeconds: number;
    /** Lifetime of a session (its refresh token): how long a sign-in lasts at most. */
    sessionTtlSeconds: number;
    login: {
      /** Failed sign-ins of one account within the window, after which it answers 429 until the window passes. */
      maxFailures: number;
      failureWindowSeconds: number;
      /** Failed sign-ins from one address within its window (successful ones are never counted). */
      maxFailuresPerIp: number;
      ipWindowSeconds: number;
    };
    /** Password hashes computed at once, and how many more may wait before a 503. */
    hashConcurrency: number;
    hashQueue: number;
  };
  log: { level: string; format: 'pretty' | 'json' };
  seed: { demo: boolean; agentCount: number };
  routing: {
    concurrency: number;
    /** A waiting ticket's job re-checks for an agent at least this often (safety net, overflow steps come sooner). */
    recheckSeconds: number;
    /** An agent who declined or missed a ticket is not offered it again for this long. */
    reofferCooldownSeconds: number;
    maxMissedOffers: number;
    ageingSecondsPerPoint: number;
    reconcileIntervalSeconds: number;
    /** An agent whose every socket has been gone this long is set offline and loses a pending offer. */
    disconnectGraceSeconds: number;
  };
  faultInject: 'intake-crash-after-commit' | undefined;
  /** The customer's web chat (public endpoints: every limit here is per caller). */
  chat: {
    /** New conversations one address may open per minute. */
    sessionsPerIpPerMinute: number;
    /** Requests of any kind under /api/chat from one address per minute. */
    requestsPerIpPerMinute: number;
    /** Messages one conversation may send per minute. */
    messagesPerMinute: number;
    /** A waiting customer whose chat page has been closed this long has left: the ticket is abandoned. */
    leftAfterSeconds: number;
    /** All the files one chat's customer may send, bytes. */
    fileBytes: number;
  };
  /** Largest attachment accepted (images and PDFs), bytes. */
  attachmentMaxBytes: number;
  /** A satisfaction survey's link answers for this long after the resolution (then 410). */
  surveyTtlSeconds: number;
  /** An agent may dispute a submitted evaluation for this long after its first submission. */
  qaDisputeWindowSeconds: number;
  /** How often the api samples resolved and rated tickets for the QA inbox; 0: never (tests that count statements). */
  qaSamplingSeconds: number;
  webhooks: {
    /** How often each api looks for deliveries due; 0: never (tests that count statements). */
    pollMs: number;
    /** The first retry waits this long, each next one twice as long (at most an hour), for a day. */
    retryBaseMs: number;
    /** A receiver that has not answered within this is a failed attempt. */
    timeoutMs: number;
  };
  email: {
    /** Listen for SMTP (mail to the queues' addresses) in the api. */
    inbound: boolean;
    host: string;
    /** 0: any free port (tests). */
    port: number;
    /** Largest mail accepted, bytes (refused at DATA with 552). */
    maxBytes: number;
    connectionsPerIpPerMinute: number;
    /** Hosts not held to that limit: the organisation's mail gateway, which delivers everything. */
    trustedIps: string[];
    /** New tickets one sender's mail may open per hour; more are refused for a while (451). */
    newTicketsPerSenderPerHour: number;
    /** Where replies are sent (`smtp://host:port`); null: kept as .eml files, marked not sent. */
    relayUrl: string | null;
    /** The domain of our Message-IDs; null: the queue address's domain. */
    domain: string | null;
    /** Tries of one send before it shows failed. */
    sendAttempts: number;
    /** The first retry waits this long, each next one twice as long. */
    retryBaseMs: number;
    /** How often each api re-queues mail whose send job was lost; 0: never (tests that count statements). */
    reconcileSeconds: number;
  };
  /** A new ticket of the same customer and category within this window marks the earlier one as not resolved at first contact. */
  fcrWindowDays: number;
  metrics: {
    /** The wallboard's rolling window. */
    windowSeconds: number;
    /** Longest window the live engine can answer per request; longer ones are computed from the log. */
    retentionSeconds: number;
    /** "Today" starts at dayStartMinute local time in this zone. */
    timeZone: string;
    dayStartMinute: number;
    /** Pushes are coalesced to at most one per this interval (and at least one a second while anything changes). */
    pushIntervalMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      trustProxy: e.TRUST_PROXY,
      apiDocs: e.API_DOCS ?? e.NODE_ENV !== 'production',
    },
    sockets: { perUser: e.SOCKETS_PER_USER, eventsPerSecond: e.SOCKET_EVENTS_PER_SECOND },
    runAs: e.SWITCHBOARD_RUN_AS,
    bootstrapAdmin: { email: e.ADMIN_EMAIL, name: e.ADMIN_NAME, password: e.ADMIN_PASSWORD },
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, embeddedPort: e.EMBEDDED_POSTGRES_PORT },
    redis: { url: e.REDIS_URL, embeddedPort: e.EMBEDDED_REDIS_PORT, prefix: e.REDIS_PREFIX },
    dataDir: e.DATA_DIR,
    consoleDir: e.CONSOLE_DIR,
    webchatDir: e.WEBCHAT_DIR,
    auth: {
      jwtSecret: e.JWT_SECRET,
      jwtTtlSeconds: e.JWT_TTL_SECONDS,
      sessionTtlSeconds: e.SESSION_TTL_SECONDS,
      login: {
        maxFailures: e.LOGIN_MAX_FAILURES,
        failureWindowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
        maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
        ipWindowSeconds: e.LOGIN_IP_WINDOW_SECONDS,
      },
      hashConcurrency: e.PASSWORD_HASH_CONCURRENCY,
      hashQueue: e.PASSWORD_HASH_QUEUE,
    },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (e.NODE_ENV === 'production' ? 'json' : 'pretty') },
    seed: { demo: e.SEED_DEMO ?? e.NODE_ENV !== 'production', agentCount: e.DEMO_AGENT_COUNT },
    routing: {
      concurrency: e.ROUTER_CONCURRENCY,
      recheckSeconds: e.ROUTING_RECHECK_SECONDS,
      reofferCooldownSeconds: e.REOFFER_COOLDOWN_SECONDS,
      maxMissedOffers: e.MAX_MISSED_OFFERS,
      ageingSecondsPerPoint: e.AGEING_SECONDS_PER_POINT,
      reconcileIntervalSeconds: e.RECONCILE_INTERVAL_SECONDS,
      disconnectGraceSeconds: e.AGENT_DISCONNECT_GRACE_SECONDS,
    },
    faultInject: e.FAULT_INJECT,
    chat: {
      sessionsPerIpPerMinute: e.CHAT_SESSIONS_PER_IP_PER_MINUTE,
      requestsPerIpPerMinute: e.CHAT_REQUESTS_PER_IP_PER_MINUTE,
      messagesPerMinute: e.CHAT_MESSAGES_PER_MINUTE,
      leftAfterSeconds: e.CHAT_LEFT_AFTER_SECONDS,
      fileBytes: e.CHAT_FILE_BYTES,
    },
    surveyTtlSeconds: Math.round(e.SURVEY_TTL_HOURS * 3600),
    qaDisputeWindowSeconds: Math.round(e.QA_DISPUTE_WINDOW_DAYS * 86_400),
    qaSamplingSeconds: e.QA_SAMPLING_SECONDS,
    webhooks: { pollMs: e.WEBHOOK_POLL_MS, retryBaseMs: e.WEBHOOK_RETRY_BASE_MS, timeoutMs: e.WEBHOOK_TIMEOUT_MS },
    email: {
      inbound: e.SMTP_INBOUND,
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      maxBytes: e.SMTP_MAX_BYTES,
      connectionsPerIpPerMinute: e.SMTP_CONNECTIONS_PER_IP_PER_MINUTE,
      trustedIps: e.SMTP_TRUSTED_IPS.split(',')
        .map((ip) => ip.trim())
        .filter(Boolean),
      newTicketsPerSenderPerHour: e.EMAIL_NEW_TICKETS_PER_SENDER_PER_HOUR,
      relayUrl: e.SMTP_RELAY_URL ?? null,
      domain: e.EMAIL_DOMAIN?.toLowerCase() ?? null,
      sendAttempts: e.EMAIL_SEND_ATTEMPTS,
      retryBaseMs: e.EMAIL_RETRY_BASE_MS,
      reconcileSeconds: e.EMAIL_RECONCILE_SECONDS,
    },
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    fcrWindowDays: e.FCR_WINDOW_DAYS,
    metrics: {
      windowSeconds: e.METRICS_WINDOW_SECONDS,
      retentionSeconds: e.METRICS_RETENTION_SECONDS,
      timeZone: e.METRICS_TIMEZONE,
      dayStartMinute: Number(e.METRICS_DAY_START.slice(0, 2)) * 60 + Number(e.METRICS_DAY_START.slice(3)),
      pushIntervalMs: Math.min(e.METRICS_PUSH_INTERVAL_MS, 1000),
    },
  };
}

/** The database URL, or a clear failure for processes that cannot start without one. */
export function requireDatabaseUrl(config: AppConfig): string {
  if (!config.database.url) {
    throw new ConfigError(['DATABASE_URL is required (npm start sets it for the embedded database)']);
  }
  return config.database.url;
}

export function requireRedisUrl(config: AppConfig): string {
  if (!config.redis.url) {
    throw new ConfigError(['REDIS_URL is required (npm start sets it for the local Redis)']);
  }
  return config.redis.url;
}

/**
 * The token signing key: JWT_SECRET, or else a random key generated once for the data directory
 * and kept there (mode 600), so restarts and every process started from the same checkout agree.
 */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  const file = jwtSecretFile(config);
  try {
    return loadOrCreateSecret(file);
  } catch (error) {
    throw new ConfigError([`JWT_SECRET is unset and ${file} cannot be used: ${(error as Error).message}`]);
  }
}

/** Where the generated signing key lives when JWT_SECRET is unset. */
export function jwtSecretFile(config: AppConfig): string {
  return join(resolve(config.dataDir), 'jwt-secret');
}

/** For process entry points: the config, or one clear message and exit code 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
