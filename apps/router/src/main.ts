import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@switchboard/config';
import { logUnhandledRejections } from '@switchboard/messaging';
import { createRouter } from './router.factory.js';

const logger = new Logger('Process');
logUnhandledRejections((message) => logger.error(message));
await createRouter(loadConfigOrExit());
