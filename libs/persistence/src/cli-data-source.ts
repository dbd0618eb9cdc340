/** Entry point for the TypeORM CLI (`npm run migration:generate`, `migration:run`). */
import { loadConfig, requireDatabaseUrl } from '@switchboard/config';
import { createDataSource } from './data-source.js';

export default createDataSource({ url: requireDatabaseUrl(loadConfig()) });
