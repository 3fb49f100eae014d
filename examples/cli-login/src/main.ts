import { loopbackLogin } from './loopback-login.js';

// `npm start -w @tessera/example-cli-login`: prints a URL to open; once you have logged in there,
// prints who you are and when the access token expires. The tokens stay in this process.
const tokens = await loopbackLogin({
  issuer: process.env.TESSERA_ISSUER ?? 'http://127.0.0.1:8080',
  clientId: process.env.CLI_CLIENT_ID ?? 'photo-cli',
  openBrowser: (url) => void process.stdout.write(`Open this URL in your browser to log in:\n\n  ${url.href}\n\n`),
});
const claims = tokens.claims();
const who = typeof claims?.email === 'string' ? claims.email : (claims?.sub ?? 'unknown');
process.stdout.write(`Logged in as ${who}; the access token expires in ${tokens.expiresIn() ?? '?'} s.\n`);
