// Static files under content-hashed names: `/assets/<hash>/static/css/steun.css` is cached by
// browsers for a year (`immutable`), and a changed file gets a new name. Each file is read once and
// compressed once (brotli where the browser takes it, else gzip), so a first visit downloads the
// least and a next page nothing of it again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';

/** A URL prefix and the folder it serves, e.g. `/static` -> `<root>/static`. */
export interface AssetRoot {
  prefix: string;
  dir: string;
}

interface Asset {
  hash: string;
  body: Buffer;
  mtimeMs: number;
  type: string;
  br?: Buffer;
  gzip?: Buffer;
}

const YEAR_SECONDS = 365 * 86_400;
const COMPRESSIBLE = /\.(css|js|svg|json|vtt|txt|html)$/;
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export class Assets {
  private readonly files = new Map<string, Asset>();

  /** `watch`: look at the file's time on every use (development), else read each file once. */
  constructor(
    private readonly roots: readonly AssetRoot[],
    private readonly watch: boolean,
  ) {}

  private resolve(logical: string): string | null {
    for (const root of this.roots) {
      if (!logical.startsWith(`${root.prefix}/`)) continue;
      const file = path.resolve(root.dir, `.${logical.slice(root.prefix.length)}`);
      return file.startsWith(root.dir + path.sep) ? file : null;
    }
    return null;
  }

  private load(logical: string): Asset | null {
    const known = this.files.get(logical);
    if (known && !this.watch) return known;
    const file = this.resolve(logical);
    if (!file) return null;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return null;
    }
    if (!stat.isFile()) return null;
    if (known && known.mtimeMs === stat.mtimeMs) return known;
    const body = fs.readFileSync(file);
    const asset: Asset = { hash: crypto.createHash('sha256').update(body).digest('base64url').slice(0, 10), body, mtimeMs: stat.mtimeMs, type: TYPES[path.extname(file)] ?? 'application/octet-stream' };
    this.files.set(logical, asset);
    return asset;
  }

  /** The hashed URL of a static file (`/static/...`, `/vendor/...`); anything else is returned as it is. */
  url = (logical: string): string => {
    const asset = this.load(logical);
    return asset ? `/assets/${asset.hash}${logical}` : logical;
  };

  /** Serves `/assets/<hash>/<logical path>`: for a year when the hash is current, else the current file uncached. */
  handler(): RequestHandler {
    return (req, res, next) => {
      const m = /^\/assets\/([\w-]{10})(\/.+)$/.exec(req.path);
      if (!m || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
      const logical = decodeURIComponent(m[2]!);
      const asset = this.load(logical);
      if (!asset) return next();
      res.setHeader('Cache-Control', m[1] === asset.hash ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache');
      res.setHeader('ETag', `"${asset.hash}"`);
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('Content-Type', asset.type);
      if (req.headers['if-none-match'] === `"${asset.hash}"`) return void res.status(304).end();
      send(req, res, logical, asset);
    };
  }
}

function send(req: Request, res: Response, logical: string, asset: Asset): void {
  let body = asset.body;
  if (COMPRESSIBLE.test(logical) && asset.body.length > 1024) {
    const encoding = req.acceptsEncodings('br', 'gzip', 'identity');
    if (encoding === 'br') {
      asset.br ??= zlib.brotliCompressSync(asset.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: asset.body.length } });
      body = asset.br;
      res.setHeader('Content-Encoding', 'br');
    } else if (encoding === 'gzip') {
      asset.gzip ??= zlib.gzipSync(asset.body, { level: 9 });
      body = asset.gzip;
      res.setHeader('Content-Encoding', 'gzip');
    }
  }
  res.setHeader('Content-Length', body.length);
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}
