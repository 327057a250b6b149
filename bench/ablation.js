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

/**
 * A route `method path` whose handlers are chosen at the first request (the real routes are mounted
 * after this router): Express's own Router runs them, as it runs the real route.
 */
function lateRoute(router, method, routePath, handlers) {
  let route;
  router[method](routePath, (req, res, next) => {
    route ??= express.Router()[method](routePath, ...handlers());
    route(req, res, next);
  });
}

function ablationRouter(app) {
  const router = express.Router();
  const sendPage = (_req, res) => res.type('html').send(PAGE);
  const noContent = (_req, res) => res.status(204).end();
  // The route's own handler runs whole; only the template is left out.
  const withoutTemplate = (req, res, next) => {
    res.render = () => sendPage(req, res);
    next();
  };
  const lesson = () => handlersOf(app, 'get', '/course/:module/:lesson');
  const beacon = () => handlersOf(app, 'post', '/api/progress/video');
  lateRoute(router, 'get', '/__ablation/lesson/chain/:module/:lesson', () => [...lesson().slice(0, 1), sendPage]);
  lateRoute(router, 'get', '/__ablation/lesson/teacher/:module/:lesson', () => [...lesson().slice(0, -1), sendPage]);
  lateRoute(router, 'get', '/__ablation/lesson/view/:module/:lesson', () => [withoutTemplate, ...lesson()]);
  lateRoute(router, 'post', '/__ablation/beacon/chain', () => [...beacon().slice(0, 1), noContent]);
  lateRoute(router, 'post', '/__ablation/beacon/checked', () => [...beacon().slice(0, -1), noContent]);
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
