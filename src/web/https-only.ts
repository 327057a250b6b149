// Production serves pages only over HTTPS (behind a proxy that sets X-Forwarded-Proto): the session
// cookie is Secure, so over plain HTTP every form would fail as "expired". This says what is wrong.
import type { RequestHandler } from 'express';
import type { Logger } from '../logger';

export function httpsOnly(logger: Logger): RequestHandler {
  let warned = false;
  return (req, res, next) => {
    if (req.secure) return next();
    if (!warned) {
      warned = true;
      logger.warn({ path: req.path }, 'request over plain HTTP in production: put an HTTPS proxy in front that sets X-Forwarded-Proto');
    }
    res.status(400).render('error', {
      title: 'Deze site werkt alleen via HTTPS',
      message: 'steun draait in productiemodus en beveiligt inloggen met cookies die alleen over een versleutelde verbinding (HTTPS) gaan. Dit verzoek kwam over gewoon HTTP binnen, dus inloggen en formulieren zouden niet werken.',
      advice: 'Open de site via het https://-adres. Beheer je deze site? Zet er een HTTPS-proxy voor die X-Forwarded-Proto: https meestuurt, of start steun voor een proef zonder NODE_ENV=production.',
      status: 400,
    });
  };
}
