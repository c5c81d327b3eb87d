// Jest for the Lightning web components in force-app, on @salesforce/sfdx-lwc-jest's preset
// (LWC compiler, lightning/* stubs, c/* resolution from sfdx-project.json) plus sa11y's
// toBeAccessible matcher. The repository is ESM ("type": "module"); the preset is CommonJS.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

export default {
  ...jestConfig,
  moduleNameMapper: {
    // Stubs that need more of the real component's API than sfdx-lwc-jest's stubs have.
    '^lightning/progressBar$': '<rootDir>/force-app/test/jest-mocks/lightning/progressBar/progressBar',
    '^lightning/progressRing$': '<rootDir>/force-app/test/jest-mocks/lightning/progressRing/progressRing',
    '^lightning/uiListsApi$': '<rootDir>/force-app/test/jest-mocks/lightning/uiListsApi/uiListsApi'
  },
  setupFilesAfterEnv: [...jestConfig.setupFilesAfterEnv, '<rootDir>/jest-sa11y-setup.js'],
  // Component tests only: the TypeScript suites run on node:test.
  roots: ['<rootDir>/force-app'],
  coverageDirectory: '<rootDir>/coverage/lwc'
};
