export * from './ticket-work.js';
