/**
 * Tests run TypeScript through SWC (fast, no type-check: `npm test` runs `tsc --noEmit` first). The legacy
 * decorator and metadata settings must match tsconfig.json, or DTO validation and dependency injection
 * would see different classes in tests than in the built server.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
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
};
