import { closeOnSignal, serviceSettings } from '../service-settings.js';
import { startBillingService } from './billing-service.js';

const settings = serviceSettings(process.env, 'BILLING_PORT', 3002);
const clientId = process.env.BILLING_CLIENT_ID;
const clientSecret = process.env.BILLING_CLIENT_SECRET;
const service = await startBillingService({
  ...settings,
  ...(clientId && clientSecret ? { client: { id: clientId, secret: clientSecret } } : {}),
});
process.stdout.write(`billing listening on ${service.url} (issuer ${settings.issuer}${clientId ? ', refunds via introspection' : ''})\n`);
closeOnSignal(() => service.close());
