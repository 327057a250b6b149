// A real OpenID provider (oidc-provider) for the sign-in tests, run as its own process (it is
// ESM-only). Prints "ISSUER <url>" when it listens. Accounts are fixed; log in as any of them
// by its id through the provider's development login form.
import Provider from 'oidc-provider';

const redirect = process.argv[2];
const ACCOUNTS = {
  anna: { email: 'anna@regenboog.nl', email_verified: true, name: 'Anna de Vries' },
  bestaand: { email: 'bestaand@regenboog.nl', email_verified: true, name: 'Bestaande Juf' },
  onbevestigd: { email: 'onbevestigd@regenboog.nl', email_verified: false, name: 'Niet Bevestigd' },
  weg: { email: 'weg@regenboog.nl', email_verified: true, name: 'Weg Juf' },
  domein: { email: 'piet@domeinschool.nl', email_verified: true, name: 'Piet Domein' },
  // Identities that carry someone else's address, as one member of a federation could hand out.
  beheer: { email: 'beheer@regenboog.nl', email_verified: true, name: 'Beheer Der' },
  zonderclaim: { email: 'olga@regenboog.nl', name: 'Olga Oud' },
  beheerzonderclaim: { email: 'beheer@regenboog.nl', name: 'Beheer Der' },
  eve: { email: 'olga@regenboog.nl', email_verified: false, name: 'Eve' },
  nieuwzonderclaim: { email: 'wie@domeinschool.nl', name: 'Wie Dan Ook' },
  tweedezonderclaim: { email: 'wie@domeinschool.nl', name: 'Iemand Anders' },
};

const provider = new Provider('http://127.0.0.1', {
  clients: [
    { client_id: 'steun', client_secret: 'steun-geheim-steun-geheim', redirect_uris: [redirect], grant_types: ['authorization_code'], response_types: ['code'] },
    { client_id: 'andere', client_secret: 'andere-geheim-andere-geheim', redirect_uris: [redirect], grant_types: ['authorization_code'], response_types: ['code'] },
  ],
  cookies: { keys: ['test-cookie-key-test-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  pkce: { required: () => true },
  async findAccount(_ctx, id) {
    const claims = ACCOUNTS[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
});

const server = provider.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  // The issuer must be the address it answers on: set it now that the port is known.
  provider.issuer = `http://127.0.0.1:${port}`;
  console.log(`ISSUER http://127.0.0.1:${port}`);
});
