import { Inject } from '@nestjs/common';

/** Injection token for the validated AppConfig (read once at boot, see @switchboard/config). */
export const APP_CONFIG = Symbol('APP_CONFIG');

export const InjectConfig = () => Inject(APP_CONFIG);
