// Every route the app has, read from Express's router stack, so tests that must cover all routes
// notice a new one.
import type { Express } from 'express';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): boolean;
}

export interface AppRoute {
  method: string;
  path: string;
  /** True when `url` is a path this route answers. */
  matches: (url: string) => boolean;
}

export function appRoutes(app: Express): AppRoute[] {
  const routers = (app as unknown as { router: { stack: { handle: { stack?: RouteLayer[] } }[] } }).router.stack;
  return routers
    .flatMap((l) => l.handle.stack ?? [])
    .flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods)
            .filter((m) => m !== '_all')
            .map((m) => ({ method: m.toUpperCase(), path: layer.route!.path, matches: (url: string) => layer.match(url) }))
        : [],
    );
}

/** A concrete path for a route pattern on the mini course. */
export function samplePath(pattern: string): string {
  const values: Record<string, string> = { module: 'begin', lesson: 'welkom', id: '1', token: 'abc', attempt: 'abc', code: 'ABC' };
  return pattern.replace(/:(\w+)/g, (_m, name: string) => values[name] ?? 'x').replace(/\*\w+/g, 'clip.mp4');
}
