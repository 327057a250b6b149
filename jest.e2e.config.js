/** Browser tests: the real server in headless Chromium (same transforms as the unit tests). */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  testPathIgnorePatterns: [],
  testTimeout: 120000,
};
