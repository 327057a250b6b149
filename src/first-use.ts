// Heavy modules that only some work needs (a certificate's PDF, the study's statistics, sign-in with
// a school's provider, mail over SMTP, a video's length, a poster's smaller copy) are loaded at
// their first use instead of at start, so a server answers sooner after it starts. The first use
// pays the load once (tens of milliseconds up to 130 ms for pdfkit with its fonts).

/** `load` called once, at the first call of the function returned; its value kept after that. */
export function onFirstUse<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}
