export * from './ticket-lifecycle.js';
export * from './priority.js';
export * from './customer-identity.js';
export * from './wait-estimate.js';
export * from './routing/index.js';
export * from './metrics/index.js';
export * from './message-text.js';
export * from './quality/index.js';
