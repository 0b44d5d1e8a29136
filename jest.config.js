// Two projects: Node (local cloud, cloud functions, domain, end-to-end) and jsdom (mini program
// pages and components under miniprogram-simulate). swc strips types; `npm run typecheck` checks them.
const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2021' } }] };
module.exports = {
  testTimeout: 60000,
  // The app's flows must not send a query no declared index serves: test/support/index-report.ts.
  globalSetup: '<rootDir>/test/support/global-setup.cjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.cjs',
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform,
      // .ts first: test/messaging imports miniprogram/services, beside which the build leaves .js
      moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json', 'node'],
      testMatch: ['<rootDir>/{localcloud,domain,cloudfunctions,scripts,test}/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/index-report.ts'],
    },
    {
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      transform,
      // .ts first: simulate require()s page files without extension; run the sources, not built .js
      moduleFileExtensions: ['ts', 'js', 'json'],
      setupFiles: ['<rootDir>/test/miniprogram/setup.ts'],
      testMatch: ['<rootDir>/miniprogram/**/__test__/*.test.ts'],
    },
  ],
};
