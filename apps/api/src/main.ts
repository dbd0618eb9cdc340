import { ConfigError, loadConfig } from '@switchboard/config';
import { createApp } from './app.factory.js';

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

const app = await createApp(config);
await app.listen(config.http.port, config.http.host);
