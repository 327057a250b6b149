/** Unit and HTTP tests: everything that needs no browser. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/test/e2e/'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }] },
  transformIgnorePatterns: ['/node_modules/(?!(marked|music-metadata|strtok3|token-types|file-type|peek-readable|@tokenizer|uint8array-extras|@borewit|win-guid|content-type|media-typer)/)'],
};
