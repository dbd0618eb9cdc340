import { ConfigError, loadConfig } from '@switchboard/config';
import { createRouter } from './router.factory.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

await createRouter(config);
