// ESLint 9 flat config: Salesforce's LWC rules for Lightning web components, and
// typescript-eslint's recommended rules for the Node.js service code and its tests.
import { defineConfig, globalIgnores } from 'eslint/config';
import eslintJs from '@eslint/js';
import lwcConfig from '@salesforce/eslint-config-lwc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The LWC parser setup (Babel with decorators), without the rules for components.
const [{ languageOptions: lwcLanguageOptions }] = lwcConfig.configs.base;

export default defineConfig([
  globalIgnores([
    '**/node_modules/',
    'test-results/',
    'coverage/',
    'localorg/dist/',
    '.localorg-data/',
    '.connector-data/',
    '.sf/',
    '.sfdx/',
    // Personal scratch files (name.tmp.ts, name.tmp.mjs) are not project code.
    '**/*.tmp.*',
    // Third-party libraries shipped as static resources (Chart.js), kept as published.
    'force-app/main/default/staticresources/**/*.js'
  ]),

  // Lightning web components wherever they are (force-app, test fixtures) and the LWC stubs the
  // component tests use.
  {
    files: ['**/lwc/**/*.js', 'force-app/**/jest-mocks/**/*.js'],
    extends: [lwcConfig.configs.recommended]
  },

  // The local org's UI: LWC modules that play the platform (app shell, lightning/* stand-ins), so
  // they parse like components but may do what components inside Salesforce must not.
  {
    files: ['localorg/src/ui/**/*.js'],
    extends: [eslintJs.configs.recommended],
    languageOptions: {
      parser: lwcLanguageOptions.parser,
      parserOptions: lwcLanguageOptions.parserOptions,
      globals: globals.browser
    }
  },

  // Component tests run in Jest (jsdom) and may require JSON fixtures.
  {
    files: ['**/lwc/**/__tests__/**/*.js'],
    languageOptions: {
      globals: { ...globals.node, ...globals.jest }
    },
    rules: {
      // Tests import the wire adapters to emit data through them.
      '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off'
    }
  },

  // TypeScript: the connector, the local org, entry-point scripts, cross-cutting tests, benchmarks.
  {
    files: ['{connector,localorg,scripts,test,bench}/**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      globals: globals.node
    },
    rules: {
      // A leading underscore marks a binding as deliberately unused, e.g. a property left out
      // with rest destructuring: const { attributes: _attributes, ...values } = record.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_'
        }
      ]
    }
  },

  // Tooling configuration at the repository root.
  {
    files: ['eslint.config.js', 'jest.config.js', 'jest-sa11y-setup.js'],
    extends: [eslintJs.configs.recommended],
    languageOptions: {
      globals: globals.node
    }
  }
]);
