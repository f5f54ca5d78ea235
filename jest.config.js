/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
  testTimeout: 30000,
  // Builds dist/ and build/ once when stale, so plain `npx jest` works on a fresh clone.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  moduleNameMapper: {
    '^secure-mcp$': '<rootDir>/src/index.ts',
    '^secure-mcp/governance$': '<rootDir>/src/governance/index.ts',
    '^secure-mcp/testing$': '<rootDir>/src/testing/index.ts',
    '^secure-mcp/integration$': '<rootDir>/src/integration/index.ts',
  },
};
