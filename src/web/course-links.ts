// Where a lesson, its videos and their transcripts live: the addresses every course page links to.

export function lessonHref(moduleSlug: string, lessonSlug: string): string {
  return `/course/${moduleSlug}/${lessonSlug}`;
}

/** The element id of a video part: the anchor "Verder" and the completion box link to. */
export function videoElementId(src: string): string {
  return `video-${src.replace(/[^a-z0-9]+/gi, '-')}`;
}

export function transcriptHref(moduleSlug: string, lessonSlug: string, index: number): string {
  return `${lessonHref(moduleSlug, lessonSlug)}/tekst/${index + 1}`;
}
