// What a teacher's browser downloads, and Lighthouse's mobile audit, against the production server
// behind a small local TLS-terminating proxy (a self-signed certificate; Chromium is told to accept
// it). The proxy passes every header through (so compression and caching are the server's) and
// adds X-Forwarded-Proto: https, as a real proxy in front of steun does.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--ignore-certificate-errors'];

/** Starts an HTTPS proxy on loopback in front of `target` (http://host:port); resolves with its URL and a stop function. */
async function tlsProxy(target) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, agent, headers: { ...req.headers, 'x-forwarded-proto': 'https' } },
      (answer) => {
        res.writeHead(answer.statusCode, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${server.address().port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          agent.destroy();
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

const isVideo = (url) => /\.(mp4|webm|m4v|mov)(\?|$)/i.test(url);

/**
 * Bytes over the wire (headers and bodies as received, after any compression) for a first visit
 * to `first` with an empty cache, then for `next` in the same tab; video files are left out.
 */
async function transfer({ base, cookie, first, next }) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const [name, ...rest] = cookie.split('=');
    await context.addCookies([{ name, value: rest.join('='), url: base, secure: true, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map();
    let entries = [];
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => entries.push({ url: urls.get(e.requestId) ?? '?', bytes: e.encodedDataLength }));
    const visit = async (url) => {
      entries = [];
      const res = await page.goto(base + url, { waitUntil: 'networkidle' });
      if (!res || res.status() !== 200) throw new Error(`${url} answered ${res?.status()} in the browser`);
      // Answers from the browser's cache cost no bytes and are no requests over the wire.
      const counted = entries.filter((e) => !isVideo(e.url) && e.bytes > 0);
      return {
        bytes: counted.reduce((sum, e) => sum + e.bytes, 0),
        requests: counted.length,
        largest: counted.sort((a, b) => b.bytes - a.bytes).slice(0, 5).map((e) => `${new URL(e.url).pathname} ${(e.bytes / 1024).toFixed(1)} KB`),
      };
    };
    return { first: await visit(first), next: await visit(next) };
  } finally {
    await browser.close();
  }
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/**
 * Lighthouse's mobile audit (its default profile) of each page, signed in with `cookie`, `runs` times
 * each: every run's scores and total blocking time, and what failed in the best run.
 */
async function lighthouseScores({ base, pages, runs = 2 }) {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const out = [];
  // A browser of its own per page: a session cookie the server renewed on one page (rolling
  // sessions) would otherwise stay in the browser and be sent with the next page's cookie.
  for (const p of pages) {
    const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...FLAGS] });
    try {
      const done = [];
      let error = '';
      for (let run = 0; run < runs; run++) {
        // Lighthouse now and then loses a trace on a busy machine (NO_NAVSTART): a run gets three tries.
        let lhr = null;
        for (let attempt = 0; attempt < 3 && !lhr; attempt++) {
          const result = await lighthouse(base + p.path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES, extraHeaders: { Cookie: p.cookie } });
          if (result?.lhr && !result.lhr.runtimeError) lhr = result.lhr;
          else error = result?.lhr?.runtimeError?.message ?? 'no result';
        }
        if (!lhr) continue;
        // BENCH_LHR_DIR keeps each run's full report, to see what a score is made of.
        if (process.env.BENCH_LHR_DIR) fs.writeFileSync(path.join(process.env.BENCH_LHR_DIR, `${p.name.replace(/\W+/g, '-')}-${run + 1}.json`), JSON.stringify(lhr));
        const final = lhr.finalDisplayedUrl ?? lhr.finalUrl;
        if (new URL(final).pathname !== p.path.split('?')[0]) {
          error = `ended on ${new URL(final).pathname} (not signed in?)`;
          continue;
        }
        const score = (id) => Math.round((lhr.categories[id].score ?? 0) * 100);
        const failing = [];
        for (const id of CATEGORIES) {
          for (const ref of lhr.categories[id].auditRefs) {
            const audit = lhr.audits[ref.id];
            // Performance: the weighted metrics below 0.9 and whatever else clearly fails (below 0.5).
            const bar = id !== 'performance' ? 1 : ref.weight > 0 ? 0.9 : 0.5;
            if (!audit || audit.score === null || audit.score >= bar) continue;
            if (!['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode)) continue;
            failing.push(`${id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
          }
        }
        done.push({ performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices'), seo: score('seo'), tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? NaN), failing });
      }
      if (done.length === 0) {
        out.push({ name: p.name, path: p.path, performance: null, accessibility: null, bestPractices: null, seo: null, tbtMs: null, runs: [], failing: [`Lighthouse failed: ${error}`] });
        continue;
      }
      const best = done.reduce((a, b) => (b.performance > a.performance ? b : a));
      out.push({ name: p.name, path: p.path, ...best, runs: done.map(({ failing: _f, ...r }) => r) });
    } finally {
      chrome.kill();
    }
  }
  return out;
}

/**
 * The pages Lighthouse audits, each with the cookie of someone who sees it as teachers do: a teacher
 * in module 1 (overview, first video lesson), one whose next step is module 1's quiz, a
 * coordinator (the school's report), and with a study a participant who has not started the course.
 */
function lighthousePages(course, cookies) {
  const m = course.modules[0];
  const videoLesson = m.lessons.find((l) => l.videos.length > 0);
  const wave = course.study?.waves[0];
  return [
    { name: 'overview', path: '/', cookie: cookies.teacher },
    { name: 'video lesson', path: `/course/${videoLesson.key}`, cookie: cookies.teacher },
    { name: 'quiz', path: `/course/${m.slug}/quiz`, cookie: cookies.quizTaker },
    { name: 'report', path: '/reports', cookie: cookies.coordinator },
    ...(wave && cookies.respondent ? [{ name: 'questionnaire', path: `/study/${wave.id}/${wave.questionnaires[0]}`, cookie: cookies.respondent }] : []),
  ];
}

module.exports = { tlsProxy, transfer, lighthouseScores, lighthousePages };
