export const ROUTER_CONFIG = Symbol('ROUTER_CONFIG');
export const REALTIME_EMITTER = Symbol('REALTIME_EMITTER');
export const ROUTER_REDIS = Symbol('ROUTER_REDIS');
