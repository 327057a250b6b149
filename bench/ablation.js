// Loaded into a server under test with `node -r bench/ablation.js dist/main.js` (never in
// production): adds routes that run the lesson page's and the video beacon's own handlers only up to
// a step, so the bench can say where each request's time goes beyond the stack's floor. The routes
// are mounted just before the first of steun's routers and take the real handlers from the real
// routes at the first request, so they measure the code that runs, not a copy of it.
//
//   GET  /__ablation/lesson/chain/:module/:lesson    every middleware, then the lesson page's bytes
//   GET  /__ablation/lesson/teacher/:module/:lesson  + where the teacher stands and the module's lock
//   GET  /__ablation/lesson/view/:module/:lesson     + the lesson route (its data, "last seen"), no template
//   POST /__ablation/beacon/chain                    every middleware (JSON body, CSRF check), then 204
//   POST /__ablation/beacon/checked                  + validation, where the teacher stands, the lock: all but the write
//
// The lesson page's bytes (sent where the template would render them) come from the file named by
// STEUN_ABLATION_PAGE, the page as the real route renders it for the same teacher.
'use strict';
const fs = require('node:fs');
const express = require('express');

const PAGE = fs.readFileSync(process.env.STEUN_ABLATION_PAGE ?? '', 'utf8');
const originalUse = express.application.use;
let mounted = false;

/** The handlers of the app's route `method path`, found in the routers mounted on the app. */
function handlersOf(app, method, routePath) {
  for (const layer of app.router.stack) {
    for (const inner of layer.handle?.stack ?? []) {
      if (inner.route?.path === routePath && inner.route.methods[method]) return inner.route.stack.map((l) => l.handle);
    }
  }
  throw new Error(`ablation: no route ${method} ${routePath}`);
}

/** Runs handlers in turn as Express would, then `last` (an error goes to Express's `next`). */
function runUpTo(handlers, last) {
  return (req, res, next) => {
    let i = 0;
    const step = (err) => {
      if (err) return next(err);
      const handler = handlers[i++];
      if (!handler) return last(req, res, next);
      try {
        handler(req, res, step);
      } catch (e) {
        next(e);
      }
    };
    step();
  };
}

function ablationRouter(app) {
  const router = express.Router();
  const cache = new Map();
  const handlers = (method, routePath) => {
    const key = `${method} ${routePath}`;
    if (!cache.has(key)) cache.set(key, handlersOf(app, method, routePath));
    return cache.get(key);
  };
  const sendPage = (_req, res) => res.type('html').send(PAGE);
  const noContent = (_req, res) => res.status(204).end();
  const lesson = () => handlers('get', '/course/:module/:lesson');
  const beacon = () => handlers('post', '/api/progress/video');
  router.get('/__ablation/lesson/chain/:module/:lesson', (req, res, next) => runUpTo(lesson().slice(0, 1), sendPage)(req, res, next));
  router.get('/__ablation/lesson/teacher/:module/:lesson', (req, res, next) => runUpTo(lesson().slice(0, -1), sendPage)(req, res, next));
  router.get('/__ablation/lesson/view/:module/:lesson', (req, res, next) => {
    // The route's own handler runs whole; only the template is left out.
    res.render = (_view, _data) => sendPage(req, res);
    runUpTo(lesson(), () => next(new Error('ablation: the lesson route did not answer')))(req, res, next);
  });
  router.post('/__ablation/beacon/chain', (req, res, next) => runUpTo(beacon().slice(0, 1), noContent)(req, res, next));
  router.post('/__ablation/beacon/checked', (req, res, next) => runUpTo(beacon().slice(0, -1), noContent)(req, res, next));
  return router;
}

express.application.use = function use(...args) {
  const fn = args[args.length - 1];
  // The first of steun's own routers (the one with the beacon's route): the ablation routes go before it.
  if (!mounted && typeof fn === 'function' && Array.isArray(fn.stack) && fn.stack.some((l) => l.route?.path === '/api/progress/video')) {
    mounted = true;
    originalUse.call(this, ablationRouter(this));
  }
  return originalUse.apply(this, args);
};
