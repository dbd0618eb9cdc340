import { loadConfigOrExit } from '@switchboard/config';
import { createRouter } from './router.factory.js';

await createRouter(loadConfigOrExit());
