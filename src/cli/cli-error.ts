/** A problem the `steun` command reports as one line on stderr (`steun: ...`) with exit code 1. */
export class CliError extends Error {}
