import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { requestLog } from '../../src/web/request-log';

test('one structured line per request, without query strings or one-time tokens', async () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  const app = express();
  app.use(requestLog(logger));
  app.get(/.*/, (_req, res) => res.status(201).send('ok'));
  await request(app).get('/reports?q=geheime-zoekterm');
  await request(app).get('/password/abcdef123456');
  await request(app).get('/healthz');
  expect(lines.map((l) => [(l.req as { path: string }).path, (l.res as { statusCode: number }).statusCode])).toEqual([
    ['/reports', 201],
    ['/password/[token]', 201],
  ]);
  expect(JSON.stringify(lines)).not.toContain('geheime-zoekterm');
  expect(typeof lines[0]!.responseTime).toBe('number');
});
