// The floor of the stack, for comparison: only the libraries every signed-in page passes through
// (helmet, the body parsers, express-session on steun's SQLite store, passport's session) and a
// constant page the size of a lesson page, sent to a signed-in session. No CSRF, no logging, no
// course, no template: what steun's lesson page could reach if all its own work were free.
// POST /least is the least a video beacon cannot do without, with steun's own pieces for it: the
// form token checked (src/web/csrf.ts), the body validated by the beacon's schema, and the progress
// store's one transaction that reads and writes the video's row (no memo to keep: nothing here reads
// the progress). What a beacon may spend on its own guards and state is the room
// between this and the goal (bench/run.js prints it beside the beacon's ratio).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const express = require('express');
const session = require('express-session');
const helmet = require('helmet');
const { Passport } = require('passport');
const { openDatabase } = require('../dist/db/connection');
const { migrate } = require('../dist/db/migrate');
const { createStores } = require('../dist/db');
const { SqliteSessionStore } = require('../dist/db/sessions');
const { csrfProtection } = require('../dist/web/csrf');
const { videoBeacon } = require('../dist/web/progress-api');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-floor-'));
const db = openDatabase(path.join(dir, 'floor.db'));
migrate(db);
const stores = createStores(db);
const person = stores.accounts.addUser({ email: 'vloer@bench.nl', name: 'Vloer', role: 'teacher', schoolId: null, passwordHash: null });
const PAGE = `<!doctype html><html lang="nl"><body>${'<p>Een alinea van een les, zo lang als een lespagina.</p>\n'.repeat(200)}</body></html>`.slice(0, 11_300);

const passport = new Passport();
passport.serializeUser((user, done) => done(null, user.id));
passport.deserializeUser((id, done) => done(null, stores.accounts.userById(id) ?? false));

const csrf = csrfProtection();

const app = express();
app.use(helmet());
app.use(express.urlencoded({ extended: false }));
app.use(express.json());
app.use(session({ secret: 'floor-floor-floor-floor-floor-32', store: new SqliteSessionStore(db), resave: false, saveUninitialized: false }));
app.use(passport.initialize({ compat: false }));
app.use(passport.session());
app.get('/login', (req, res, next) => req.login(stores.accounts.userById(person.id), (err) => (err ? next(err) : res.send('ok'))));
app.get('/', (req, res) => (req.user ? res.send(PAGE) : res.status(401).send('niet ingelogd')));
// For the bench's step 3b: a beacon's POST (its JSON body parsed, nothing done with it) answered 204,
// and steun's real lesson page as constant bytes (from FLOOR_PAGE_FILE, read at the first request).
app.post('/', (req, res) => (req.user ? res.status(204).end() : res.status(401).send('niet ingelogd')));
app.get('/token', (req, res) => (req.user ? res.send(csrf.token(req)) : res.status(401).send('niet ingelogd')));
app.post('/least', csrf.protect, (req, res) => {
  if (!req.user) return res.status(401).send('niet ingelogd');
  const input = videoBeacon.safeParse(req.body);
  if (!input.success) return res.status(400).send('ongeldig');
  const { lesson, src, watched, position, duration } = input.data;
  // The segments as they come (steun merges them with the stored ones; a few µs), the lesson's "last seen" left alone.
  stores.progress.updateVideo(req.user.id, lesson, src, () => ({ src, segments: watched, position, duration }), new Date(), false);
  res.status(204).end();
});
let lessonPage;
app.get('/page', (req, res) => {
  lessonPage ??= fs.readFileSync(process.env.FLOOR_PAGE_FILE ?? '', 'utf8');
  return req.user ? res.type('html').send(lessonPage) : res.status(401).send('niet ingelogd');
});

const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () =>
  server.close(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }),
);
