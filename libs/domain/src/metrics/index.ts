export * from './definitions.js';
export * from './erlang-c.js';
export * from './metric-facts.js';
export * from './live-queue-metrics.js';
export * from './queue-snapshot.js';
export * from './occupancy.js';
export * from './ticket-outcomes.js';
export * from './agent-handles.js';
