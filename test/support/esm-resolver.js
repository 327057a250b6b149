// jest resolves these ESM-only packages (music-metadata and its dependencies, marked) through their
// `import` entry points; ts-jest then turns them into CommonJS. Everything else resolves as usual.
const ESM = /^(marked|openid-client|oauth4webapi|jose|music-metadata|strtok3|token-types|file-type|@tokenizer\/inflate|@borewit\/text-codec|uint8array-extras|media-typer|win-guid)(\/|$)/;

module.exports = (request, options) => {
  if (ESM.test(request)) {
    return options.defaultResolver(request, { ...options, conditions: ['node', 'import', 'module-sync', 'default'] });
  }
  return options.defaultResolver(request, options);
};
