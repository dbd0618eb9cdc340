export * from './routing-jobs.js';
export * from './realtime-emitter.js';
export * from './after-commit.js';
export * from './redis-connection.js';
export * from './process-safety.js';
export * from './routing-board.js';
