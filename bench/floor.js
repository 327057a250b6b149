// The floor of the stack, for comparison: only the libraries every signed-in page passes through
// (helmet, the body parsers, express-session on steun's SQLite store, passport's session) and a
// constant page the size of a lesson page, sent to a signed-in session. No CSRF, no logging, no
// course, no template: what steun's lesson page could reach if all its own work were free.
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-floor-'));
const db = openDatabase(path.join(dir, 'floor.db'));
migrate(db);
const stores = createStores(db);
const person = stores.accounts.addUser({ email: 'vloer@bench.nl', name: 'Vloer', role: 'teacher', schoolId: null, passwordHash: null });
const PAGE = `<!doctype html><html lang="nl"><body>${'<p>Een alinea van een les, zo lang als een lespagina.</p>\n'.repeat(200)}</body></html>`.slice(0, 11_300);

const passport = new Passport();
passport.serializeUser((user, done) => done(null, user.id));
passport.deserializeUser((id, done) => done(null, stores.accounts.userById(id) ?? false));

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
