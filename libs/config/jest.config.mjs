import { preset } from '../../jest.preset.mjs';

export default { ...preset, displayName: 'config', rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts'] };
