/** Unit and HTTP tests: everything that needs no browser. */
// marked and music-metadata (with its dependencies) are ESM-only: jest resolves their ESM entry
// points and ts-jest turns them into CommonJS.
const esmPackages = ['marked', 'openid-client', 'oauth4webapi', 'jose', 'music-metadata', '@borewit/text-codec', 'file-type', '@tokenizer/inflate', 'token-types', 'strtok3', 'uint8array-extras', 'media-typer', 'win-guid'];

module.exports = {
  testEnvironment: 'node',
  // Tests wait for events, never for a fixed time; on a machine whose cores are busy with other
  // work an HTTP test with a few password hashes can take seconds, so jest's 5 s default is too tight.
  testTimeout: 60_000,
  resolver: '<rootDir>/test/support/esm-resolver.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/test/e2e/'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
};
