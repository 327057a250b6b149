import express from 'express';
import request from 'supertest';
import { hasRole, signedIn } from '../../src/web/guards';
import { errorHandler } from '../../src/web/errors';
import type { User } from '../../src/db/accounts';
import { ROOT } from '../../src/app';
import path from 'node:path';
import { createLogger } from '../../src/logger';

function appAs(user: Partial<User> | null) {
  const app = express();
  app.set('views', path.join(ROOT, 'views'));
  app.set('view engine', 'ejs');
  app.use((req, _res, next) => {
    req.log = createLogger('silent');
    if (user) req.user = { id: 1, email: 'x@y.nl', name: 'X', role: 'teacher', schoolId: null, active: true, createdAt: '', lastActiveAt: null, ...user };
    next();
  });
  app.get('/teach', signedIn, (_req, res) => res.send('ok'));
  app.get('/reports', hasRole('coordinator', 'admin'), (_req, res) => res.send('ok'));
  app.get('/author', hasRole('author', 'admin'), (_req, res) => res.send('ok'));
  app.use(errorHandler({ production: true }));
  return app;
}

test.each([
  [null, '/reports', 303],
  ['teacher', '/teach', 200],
  ['teacher', '/reports', 403],
  ['teacher', '/author', 403],
  ['coordinator', '/reports', 200],
  ['coordinator', '/author', 403],
  ['author', '/author', 200],
  ['author', '/reports', 403],
  ['admin', '/reports', 200],
  ['admin', '/author', 200],
] as const)('role %s on %s gets %i', async (role, url, status) => {
  const res = await request(appAs(role ? { role } : null)).get(url);
  expect(res.status).toBe(status);
  if (status === 403) expect(res.text).toContain('niet voor jouw rol');
});
