import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, jwtSecretFile, loadConfig, resolveJwtSecret } from './config.js';
import { estimatedSecretBits, PUBLISHED_SECRETS, secretWeakness } from './secrets.js';

const strong = 'k3J9vQ2xWm8ZtR5yLp0aHc7NfB4sDg6EuYi1OoTq';

describe('loadConfig', () => {
  it('gives working defaults for development', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      bodyLimitBytes: 262144,
      trustProxy: 'loopback',
      apiDocs: true,
    });
    expect(config.database.url).toBeUndefined();
    expect(config.seed.demo).toBe(true);
    expect(config.log.format).toBe('pretty');
    expect(config.auth.jwtSecret).toBeUndefined();
    expect(config.auth.jwtTtlSeconds).toBe(900);
    expect(config.http.apiDocs).toBe(true);
  });

  it.each([
    ['UTC', true],
    ['Europe/Istanbul', true],
    ['America/New_York', true],
    ['Mars/Olympus_Mons', false],
  ])('METRICS_TIMEZONE %s is accepted: %s', (zone, accepted) => {
    const load = () => loadConfig({ METRICS_TIMEZONE: zone });
    if (accepted) expect(load().metrics.timeZone).toBe(zone);
    else expect(load).toThrow(/METRICS_TIMEZONE must be an IANA time zone/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).http.port).toBe(3000);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL must be a URL starting with postgres:\/\//);
    expect(problems).toMatch(/LOG_LEVEL/);
  });

  it('refuses production without a JWT secret, seeds nothing there and hides the API docs by default', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set in production/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: strong });
    expect(config.seed.demo).toBe(false);
    expect(config.log.format).toBe('json');
    expect(config.http.apiDocs).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: strong, API_DOCS: 'true' }).http.apiDocs).toBe(true);
  });

  it('refuses the demo seed in production: its users share a published password', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: strong, SEED_DEMO: 'true' })).toThrow(
      /SEED_DEMO cannot be on in production[\s\S]*create-admin/,
    );
    expect(loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'true' }).seed.demo).toBe(true);
  });

  it.each(['development', 'test', 'production'])('refuses the published, short and typed keys in %s', (mode) => {
    const refused: [string, RegExp][] = [
      [PUBLISHED_SECRETS[0]!, /published in the Switchboard repository/],
      ['x'.repeat(40), /repeats/],
      ['test-secret-test-secret-test-secret', /repeats "test-s"/],
      ['too-short-key', /at least 32 characters/],
      ['abcdefgh'.repeat(2) + 'ABCDEFGH'.repeat(2), /repeats/],
      ['aAbBcCdDeEfF0011223344556677889', /at least 32 characters/],
      ['qwqwqwqwerererertrtrtrtytytytyuyuyu', /repeats|entropy/],
    ];
    for (const [secret, reason] of refused) {
      expect(() => loadConfig({ NODE_ENV: mode, JWT_SECRET: secret })).toThrow(reason);
    }
    expect(loadConfig({ NODE_ENV: mode, JWT_SECRET: strong }).auth.jwtSecret).toBe(strong);
  });

  it('accepts keys from generators (openssl rand -hex 32, -base64 48)', () => {
    expect(secretWeakness('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBeNull();
    expect(secretWeakness('u0Y1J3d2v6x8qK9mZbP4sR7tW2eA5nC8fH1jL3oQ6rT9yU2iV5wX8zB1cD4gE7hK')).toBeNull();
    expect(estimatedSecretBits('ab')).toBeCloseTo(2);
  });
});

describe('resolveJwtSecret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a random key once per data directory, mode 600, and reuses it', () => {
    const config = loadConfig({ DATA_DIR: dir });
    const first = resolveJwtSecret(config);
    expect(secretWeakness(first)).toBeNull();
    expect(statSync(jwtSecretFile(config)).mode & 0o777).toBe(0o600);
    expect(resolveJwtSecret(loadConfig({ DATA_DIR: dir }))).toBe(first);
    const elsewhere = mkdtempSync(join(tmpdir(), 'sb-secret-'));
    try {
      expect(resolveJwtSecret(loadConfig({ DATA_DIR: elsewhere }))).not.toBe(first);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('prefers JWT_SECRET, and refuses a weak key found in the file', () => {
    expect(resolveJwtSecret(loadConfig({ DATA_DIR: dir, JWT_SECRET: strong }))).toBe(strong);
    const config = loadConfig({ DATA_DIR: dir });
    writeFileSync(jwtSecretFile(config), PUBLISHED_SECRETS[0]!, { mode: 0o644 });
    expect(() => resolveJwtSecret(config)).toThrow(/published[\s\S]*delete the file/);
    expect(statSync(jwtSecretFile(config)).mode & 0o777).toBe(0o600);
    expect(readFileSync(jwtSecretFile(config), 'utf8')).toBe(PUBLISHED_SECRETS[0]);
  });
});
