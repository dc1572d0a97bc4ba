// Two projects: fast jsdom/node unit tests next to the code, and browser tests of the built widget.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'jsdom',
      testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
      roots: ['<rootDir>/src', '<rootDir>/scripts'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx', '**/*.test.js'],
      transform: { '^.+\\.tsx?$': tsJest },
      moduleNameMapper: { '^@amocrm/widget-types$': '<rootDir>/src/host/widget-types.d.ts' },
      setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/e2e'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      globalSetup: '<rootDir>/e2e/global-setup.js',
      setupFilesAfterEnv: ['<rootDir>/e2e/setup.ts'],
    },
  ],
};
