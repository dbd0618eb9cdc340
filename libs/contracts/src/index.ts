export * from './common.js';
export * from './auth.js';
export * from './queues.js';
export * from './agents.js';
export * from './tickets.js';
export * from './health.js';
export * from './socket.js';
export * from './work.js';
