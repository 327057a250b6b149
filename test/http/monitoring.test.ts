// Health and monitoring: /healthz stays the liveness check; /readyz says whether steun can do its
// work (writes, disk, mail); /metrics is scraped in Prometheus's text format.
import request from 'supertest';
import { makeTestApp, addUser, submitForm, type TestApp } from '../support/app';
import { reportCache } from '../../src/report/cache';

let t: TestApp;
afterEach(() => t.close());

/** The samples of a Prometheus text exposition: `name{labels}` -> value. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    samples.set(m[1]!, Number(m[2]));
  }
  return samples;
}

describe('/healthz and /readyz', () => {
  test('/healthz stays the liveness check', async () => {
    t = makeTestApp();
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  test('/readyz reports the database, the disk and the mail backlog, and is ready on a healthy server', async () => {
    t = makeTestApp({ env: { SMTP_URL: 'smtp://relay.test:587' } });
    const res = await request(t.app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      status: 'ready',
      checks: {
        course: { ok: true },
        database: { ok: true, writable: true, lastStorageFailure: null },
        disk: { ok: true, minFreeBytes: 100 * 1024 * 1024 },
        mail: { ok: true, sending: true, backlog: 0, oldestUnsentSeconds: null, maxAgeSeconds: 3600, failed: 0 },
      },
    });
    expect(res.body.checks.disk.freeBytes).toBeGreaterThan(0);
  });

  test('a mail that has waited longer than READY_MAIL_MAX_AGE_MINUTES makes it not ready (503)', async () => {
    t = makeTestApp({ env: { SMTP_URL: 'smtp://relay.test:587', READY_MAIL_MAX_AGE_MINUTES: '30' } });
    t.stores.outbox.enqueue({ kind: 'invitation', to: 'juf@school.nl', subject: 'Uitnodiging', text: 'x', html: 'x' });
    expect((await request(t.app).get('/readyz')).body.checks.mail).toMatchObject({ ok: true, backlog: 1 });
    t.clock.advance(45 * 60);
    const res = await request(t.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('not ready');
    expect(res.body.checks.mail).toMatchObject({ ok: false, backlog: 1, maxAgeSeconds: 1800 });
    expect(res.body.checks.mail.oldestUnsentSeconds).toBeGreaterThanOrEqual(45 * 60);
  });

  test('too little free disk space (READY_MIN_FREE_MB) makes it not ready', async () => {
    t = makeTestApp({ env: { READY_MIN_FREE_MB: '99999999' } });
    const res = await request(t.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks.disk.ok).toBe(false);
  });

  test('a database that takes no writes makes it not ready, and ready again once it does', async () => {
    t = makeTestApp();
    t.stores.sqlite.pragma('query_only = ON');
    const res = await request(t.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks.database).toMatchObject({ ok: false, writable: false });
    // Meanwhile /healthz still says the process lives.
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    t.stores.sqlite.pragma('query_only = OFF');
    expect((await request(t.app).get('/readyz')).status).toBe(200);
  });
});

describe('/metrics', () => {
  test('a scrape from the machine itself parses, with requests by route pattern, latencies, event-loop delay, mail, sign-ins and lockouts', async () => {
    t = makeTestApp({ throttle: { perClient: 100, perAccount: 2, windowMs: 60_000 } });
    await addUser(t.stores, { email: 'juf@school.nl' });
    const agent = request.agent(t.app);
    expect((await submitForm(agent, '/login', { email: 'juf@school.nl', password: 'een-goed-wachtwoord' })).status).toBe(303);
    for (let i = 0; i < 3; i++) await submitForm(request.agent(t.app), '/login', { email: 'juf@school.nl', password: 'fout-wachtwoord' });
    await request(t.app).get('/course/start/een-les-die-er-niet-is');
    await request(t.app).get('/course/start/nog-een-les');
    t.stores.outbox.enqueue({ kind: 'invitation', to: 'a@school.nl', subject: 's', text: 't', html: 'h' });
    const [mail] = t.stores.outbox.recent(1);
    t.stores.outbox.markSent(mail!.id);

    const res = await request(t.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = parseMetrics(res.text);
    expect(m.get('steun_http_requests_total{method="GET",route="/login",status="200"}')).toBeGreaterThanOrEqual(4);
    expect(m.get('steun_http_requests_total{method="POST",route="/login",status="303"}')).toBe(1);
    // Two lesson paths, one route pattern: no raw paths as labels.
    expect(m.get('steun_http_requests_total{method="GET",route="/course/:module/:lesson",status="303"}')).toBe(2);
    expect([...m.keys()].some((k) => k.includes('een-les-die-er-niet-is'))).toBe(false);
    expect(m.get('steun_http_request_duration_seconds_count{method="POST",route="/login"}')).toBe(4);
    expect(m.get('steun_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/login"}')).toBe(4);
    expect(m.get('steun_sign_ins_total{method="password"}')).toBe(1);
    expect(m.get('steun_lockouts_total{route="/login"}')).toBe(1);
    expect(m.get('steun_mail_attempts_total{outcome="sent"}')).toBe(1);
    expect(m.get('steun_mail_attempts_total{outcome="failed"}')).toBe(0);
    expect(m.get('steun_mail_backlog')).toBe(0);
    expect(m.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
    expect(m.has('process_resident_memory_bytes')).toBe(true);
  });

  test("the rows the report of all schools keeps: none until it is built, then every teacher's", async () => {
    t = makeTestApp();
    const school = t.stores.accounts.addSchool('De Regenboog');
    for (let i = 0; i < 3; i++) t.stores.accounts.addUser({ email: `juf${i}@school.nl`, name: `Juf ${i}`, role: 'teacher', schoolId: school.id, passwordHash: null });
    t.stores.accounts.addUser({ email: 'los@school.nl', name: 'Zonder school', role: 'teacher', schoolId: null, passwordHash: null });
    const kept = async () => parseMetrics((await request(t.app).get('/metrics')).text).get('steun_report_rows_kept');
    expect(await kept()).toBe(0);
    await reportCache(t.course.course, t.stores).warm(new Date(), new AbortController().signal);
    expect(await kept()).toBe(4);
  });

  test('through a proxy or from elsewhere: 404 without METRICS_TOKEN; with it, 401 unless the bearer token is right', async () => {
    t = makeTestApp();
    expect((await request(t.app).get('/metrics').set('X-Forwarded-For', '203.0.113.9')).status).toBe(404);
    t.close();
    t = makeTestApp({ env: { METRICS_TOKEN: 'een-geheim-van-prometheus' } });
    const proxied = () => request(t.app).get('/metrics').set('X-Forwarded-For', '203.0.113.9');
    expect((await proxied()).status).toBe(401);
    expect((await proxied().set('Authorization', 'Bearer iets-anders-dan-het-token')).status).toBe(401);
    const ok = await proxied().set('Authorization', 'Bearer een-geheim-van-prometheus');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('# TYPE steun_http_requests_total counter');
  });
});
