import { preset } from '../../jest.preset.mjs';

export default {
  ...preset,
  displayName: 'persistence',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testTimeout: 60_000,
};
