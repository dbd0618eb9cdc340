import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives working defaults for development', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, bodyLimitBytes: 262144 });
    expect(config.database.url).toBeUndefined();
    expect(config.seed.demo).toBe(true);
    expect(config.log.format).toBe('pretty');
    expect(config.auth.usingDevelopmentSecret).toBe(true);
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

  it('refuses production without a strong JWT secret and seeds nothing there by default', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
    expect(config.seed.demo).toBe(false);
    expect(config.log.format).toBe('json');
  });
});
