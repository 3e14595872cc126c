// SPDX-License-Identifier: EUPL-1.2
// The OpenID-certified provider (npm oidc-provider) laid out like ACM/IDM, for Balie's tests.
//
//   node provider.mjs CONFIG.json
//
// CONFIG holds the port, the clients (one per client authentication method), the people
// with ACM's claims (sub, given_name, family_name, rrn, vo_*, the role claim), the acr
// values and which claims each person keeps out of the ID token (they are then only in
// userinfo). The login page is a plain form the test suite fills in: which person, which
// acr. Consent is given automatically, as ACM/IDM does for registered clients.
// Prints "listening <issuer>" once ready.

import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const people = config.people;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })).export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function claimsOf(accountId, use) {
  const person = people[accountId];
  const claims = { sub: accountId, ...person.claims };
  if (use === 'id_token') for (const name of person.userinfo_only || []) delete claims[name];
  return claims;
}

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: { keys: [signingKey] },
  cookies: { keys: ['balie-test-provider-cookie-key'] },
  acrValues: config.acr_values,
  scopes: ['openid', 'profile', 'rrn', 'vo', 'balie', 'offline_access'],
  claims: {
    openid: ['sub'],
    profile: ['given_name', 'family_name'],
    rrn: ['rrn'],
    vo: ['vo_id', 'vo_doelgroepcode', 'vo_orgcode', 'vo_orgnaam', 'vo_email'],
    balie: [config.role_claim],
  },
  // ACM/IDM puts the scopes' claims in the ID token; people with userinfo_only do not.
  conformIdTokenClaims: false,
  routes: {
    authorization: '/v1/auth',
    token: '/v1/token',
    end_session: '/v1/logout',
    userinfo: '/v1/userinfo',
    introspection: '/v1/introspect',
    jwks: '/v1/keys',
  },
  clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    introspection: { enabled: true },
    userinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // The form as-is with "yes" ticked: the suite submits it like a person who agrees.
      logoutSource: async (ctx, form) => {
        ctx.body = `<!DOCTYPE html><html><body><h1>Log out of ACM?</h1>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')}</body></html>`;
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = '<!DOCTYPE html><html><body><h1>Logged out</h1></body></html>';
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (ctx, client, oneOf) => oneOf,
      useGrantedResource: async () => true,
      // Balie's API as a resource server: JWT access tokens, or opaque ones for introspection.
      getResourceServerInfo: async (ctx, resource) => ({
        scope: 'balie-api',
        audience: resource,
        accessTokenFormat: resource.endsWith('/opaque') ? 'opaque' : 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  extraTokenClaims: async (ctx, token) => {
    const person = token.accountId && people[token.accountId];
    if (!person || !person.claims.vo_doelgroepcode || person.no_capacity_in_access_token) return undefined;
    return { vo_doelgroepcode: person.claims.vo_doelgroepcode };
  },
  findAccount: async (ctx, accountId) => (people[accountId]
    ? { accountId, claims: async (use) => claimsOf(accountId, use) }
    : undefined),
  interactions: { url: async (ctx, interaction) => `/interaction/${interaction.uid}` },
  loadExistingGrant: async (ctx) => {
    // Consent is implied: every login grants what the registered client asked for.
    if (!ctx.oidc.session?.accountId) return undefined;
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope);
    for (const resource of [ctx.oidc.params.resource].flat().filter(Boolean)) grant.addResourceScope(resource, 'balie-api');
    await grant.save();
    return grant;
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html><body><h1>Error</h1><p id="error">${escape(out.error)}: ${escape(out.error_description || '')}</p></body></html>`;
  },
});
provider.proxy = false;

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

// The login page: one form, as the suite's "browser" fills it in.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === 'GET') {
    const options = Object.keys(people).map((id) => `<option value="${escape(id)}">${escape(people[id].label)}</option>`).join('');
    const acrs = config.acr_values.map((acr) => `<option>${escape(acr)}</option>`).join('');
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html><body><h1>ACM login</h1>
      <p id="prompt">${escape(details.prompt.name)}</p>
      <p id="params">${escape(JSON.stringify(details.params))}</p>
      <form method="post" action="/interaction/${escape(details.uid)}">
        <select name="person">${options}</select><select name="acr">${acrs}</select>
        <button type="submit">Log in</button>
      </form></body></html>`;
    return undefined;
  }
  const form = await readForm(ctx.req);
  if (!people[form.person]) {
    ctx.status = 400;
    ctx.body = 'unknown person';
    return undefined;
  }
  const redirectTo = await provider.interactionResult(ctx.req, ctx.res, {
    login: { accountId: form.person, acr: form.acr, amr: ['pwd'] },
  }, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(redirectTo);
  return undefined;
});

provider.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`listening ${issuer}\n`);
});
