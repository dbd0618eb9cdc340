import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@switchboard/config';
import { logUnhandledRejections } from '@switchboard/messaging';
import { createApp } from './app.factory.js';

const logger = new Logger('Process');
logUnhandledRejections((message) => logger.error(message));
const config = loadConfigOrExit();
const app = await createApp(config);
await app.listen(config.http.port, config.http.host);
