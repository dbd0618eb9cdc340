import { loadConfigOrExit } from '@switchboard/config';
import { createApp } from './app.factory.js';

const config = loadConfigOrExit();
const app = await createApp(config);
await app.listen(config.http.port, config.http.host);
