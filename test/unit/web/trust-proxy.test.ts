// The 'trust proxy' setting keeps each address's answer: it must give proxy-addr's answer for every
// kind of address, first time and kept, and stay bounded when many clients come without a proxy.
import proxyaddr from 'proxy-addr';
import express from 'express';
import request from 'supertest';
import { trustedProxies } from '../../../src/web/trust-proxy';

const ADDRESSES = ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '10.0.0.1', '192.168.1.20', '::ffff:10.0.0.1', '2001:db8::1', 'fe80::1'];

test("the kept answers are proxy-addr's, asked once or again, for every hop", () => {
  const plain = proxyaddr.compile('loopback');
  const kept = trustedProxies('loopback');
  for (let round = 0; round < 3; round++) {
    for (const address of ADDRESSES) for (const hop of [0, 1, 2]) expect([address, hop, kept(address, hop)]).toEqual([address, hop, plain(address, hop)]);
  }
  expect(kept('127.0.0.1', 0)).toBe(true);
  expect(kept('::ffff:127.0.0.1', 0)).toBe(true);
  expect(kept('10.0.0.1', 0)).toBe(false);
});

test('many different clients: answers stay right after the kept list starts again', () => {
  const plain = proxyaddr.compile(['loopback', '10.0.0.0/8']);
  const kept = trustedProxies(['loopback', '10.0.0.0/8']);
  for (let i = 0; i < 2500; i++) {
    const address = i % 2 ? `10.0.${(i >> 8) & 255}.${i & 255}` : `172.16.${(i >> 8) & 255}.${i & 255}`;
    expect(kept(address, 0)).toBe(plain(address, 0));
  }
  expect(kept('10.1.2.3', 0)).toBe(true);
  expect(kept('172.16.0.1', 0)).toBe(false);
});

test('in Express: X-Forwarded-Proto and X-Forwarded-For count from loopback only', async () => {
  const app = express();
  app.set('trust proxy', trustedProxies('loopback'));
  app.get('/', (req, res) => res.json({ secure: req.secure, ip: req.ip }));
  const res = await request(app).get('/').set('X-Forwarded-Proto', 'https').set('X-Forwarded-For', '203.0.113.7');
  expect(res.body).toEqual({ secure: true, ip: '203.0.113.7' });
  const plain = await request(app).get('/');
  expect(plain.body.secure).toBe(false);
});
