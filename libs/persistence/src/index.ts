export * from './entities/index.js';
export * from './data-source.js';
export * from './ticket-events.js';
export * from './errors.js';
export { MIGRATIONS } from './migrations/index.js';
export * from './ticket-view.js';
export * from './transactions.js';
export * from './agent-work.js';
