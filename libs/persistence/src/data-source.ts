import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  /** Log every SQL statement (debugging only). */
  logging?: boolean;
  applicationName?: string;
}

export function dataSourceOptions({
  url,
  poolSize = 10,
  logging = false,
  applicationName,
}: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // Schema changes go through migrations only; see libs/persistence/src/migrations.
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging,
    applicationName,
    extra: {
      max: poolSize,
      // A unit of work sends BEGIN with its first statement and COMMIT with its writes, without
      // waiting in between (node-postgres's pipeline mode); every other caller awaits each query,
      // which pipeline mode runs exactly as before.
      pipeline: true,
      // Connections stay open once made: no connect cost in the middle of a burst.
      idleTimeoutMillis: 0,
      // Short OLTP statements only: compiling one costs more than running it.
      options: '-c jit=off',
    },
  };
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}

/** Runs pending migrations in their own short-lived connection; returns their names. */
export async function migrate(options: DatabaseOptions): Promise<string[]> {
  const dataSource = createDataSource({ ...options, poolSize: 2 });
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
