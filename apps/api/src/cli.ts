/**
 * Operational commands: `node apps/api/dist/cli.js migrate|seed|prepare`.
 * `prepare` (migrate, then seed the demo data when SEED_DEMO is on) is what `npm start` runs.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig, requireDatabaseUrl } from '@switchboard/config';
import { createDataSource, migrate } from '@switchboard/persistence';
import { seedDemo } from './seed/demo-seed.js';

const command = process.argv[2];

async function run(): Promise<void> {
  const config = loadConfig();
  const url = requireDatabaseUrl(config);
  if (command === 'migrate' || command === 'prepare') {
    const ran = await migrate({ url });
    console.log(ran.length ? `migrations applied: ${ran.join(', ')}` : 'database schema is up to date');
  }
  if (command === 'seed' || (command === 'prepare' && config.seed.demo)) {
    const db = createDataSource({ url, poolSize: 2 });
    await db.initialize();
    try {
      const { created } = await seedDemo(db, config.seed.agentCount);
      console.log(
        created.length
          ? `demo data created: ${created.length} rows (${created.slice(0, 6).join(', ')}…)`
          : 'demo data present',
      );
    } finally {
      await db.destroy();
    }
  }
  if (!['migrate', 'seed', 'prepare'].includes(command ?? '')) {
    console.error('usage: cli.js migrate | seed | prepare');
    process.exitCode = 2;
  }
}

run().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
