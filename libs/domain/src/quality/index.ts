export * from './agreement.js';
export * from './scoring.js';
export * from './scorecard.js';
