import { preset } from '../jest.preset.mjs';

export default {
  ...preset,
  displayName: 'e2e',
  rootDir: '.',
  testMatch: [
    '<rootDir>/api/**/*.spec.ts',
    '<rootDir>/routing/**/*.spec.ts',
    '<rootDir>/metrics/**/*.spec.ts',
    '<rootDir>/console/**/*.spec.ts',
  ],
  testTimeout: 180_000,
};
