import { startSpa } from './spa-server.js';

const spa = await startSpa({
  issuer: process.env.TESSERA_ISSUER ?? 'http://127.0.0.1:8080',
  clientId: process.env.SPA_CLIENT_ID ?? 'photo-spa',
  apiAudience: process.env.SPA_API_AUDIENCE ?? 'photos-api',
  port: Number(process.env.PORT ?? 5173),
});
process.stdout.write(`single-page app on ${spa.origin}\n`);
