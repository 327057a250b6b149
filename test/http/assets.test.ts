// What a teacher's browser downloads: static files under content-hashed names, cached for a year and
// compressed once; pages compressed too.
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { ROOT } from '../../src/app';
import { makeTestApp, addUser, signIn, type TestApp } from '../support/app';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp({ env: { NODE_ENV: 'production', BASE_URL: 'https://steun.test' } });
});
afterEach(() => t.close());

const https = (r: request.Test) => r.set('X-Forwarded-Proto', 'https');

test('pages name static files by content hash; such a file is cached for a year and brotli-compressed', async () => {
  const page = await https(request(t.app).get('/login'));
  const href = /<link rel="stylesheet" href="(\/assets\/[\w-]{10}\/static\/css\/steun\.css)">/.exec(page.text)?.[1];
  expect(href).toBeDefined();
  const res = await https(request(t.app).get(href!).set('Accept-Encoding', 'br, gzip'));
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(res.headers['content-encoding']).toBe('br');
  expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
  // The client decompressed what came over the wire: the file itself, in less than half the bytes.
  const original = fs.readFileSync(path.join(ROOT, 'static', 'css', 'steun.css'), 'utf8');
  expect(res.text).toBe(original);
  expect(Number(res.headers['content-length'])).toBeLessThan(original.length / 2);
  // A second visit asks with the ETag and gets nothing again.
  const again = await https(request(t.app).get(href!).set('If-None-Match', res.headers.etag!));
  expect(again.status).toBe(304);
});

test('a page carries no ETag (nothing hashes its body: it is not stored), a file sent from disk does', async () => {
  const page = await https(request(t.app).get('/login'));
  expect(page.status).toBe(200);
  expect(page.headers.etag).toBeUndefined();
  const file = await https(request(t.app).get('/static/favicon.svg'));
  expect(file.headers.etag).toBeTruthy();
});

test('an old hash still gets the current file, but uncached; paths outside the roots are not served', async () => {
  const old = await https(request(t.app).get('/assets/AAAAAAAAAA/static/css/steun.css').set('Accept-Encoding', 'identity'));
  expect(old.status).toBe(200);
  expect(old.headers['cache-control']).toBe('no-cache');
  for (const bad of ['/assets/AAAAAAAAAA/static/../package.json', '/assets/AAAAAAAAAA/static/%2e%2e/package.json', '/assets/AAAAAAAAAA/package.json', '/assets/AAAAAAAAAA/vendor/video.js/../../package.json']) {
    const res = await https(request(t.app).get(bad));
    expect([400, 404]).toContain(res.status);
    expect(res.text).not.toContain('"name": "steun"');
  }
});

test('a signed-in page is compressed for a browser that accepts it', async () => {
  const dev = makeTestApp();
  try {
    await addUser(dev.stores, { email: 'juf@school.nl' });
    const agent = await signIn(dev.app, 'juf@school.nl');
    const page = await agent.get('/me').set('Accept-Encoding', 'gzip');
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.text).toContain('Mijn gegevens');
  } finally {
    dev.close();
  }
});
