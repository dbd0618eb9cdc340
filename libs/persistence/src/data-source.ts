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
    extra: { max: poolSize },
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
