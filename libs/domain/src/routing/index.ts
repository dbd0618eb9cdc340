export * from './agent-selection.js';
export * from './waiting-order.js';
export * from './overflow.js';
export * from './agent-activity.js';
export * from './offer-lifecycle.js';
