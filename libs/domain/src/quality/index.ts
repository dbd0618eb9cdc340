export * from './agreement.js';
export * from './scoring.js';
