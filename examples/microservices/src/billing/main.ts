import { closeOnSignal, required, serviceSettings } from '../service-settings.js';
import { startBillingService } from './billing-service.js';

const settings = serviceSettings(process.env, 'BILLING_PORT', 3002);
const service = await startBillingService({
  ...settings,
  client: { id: required(process.env, 'BILLING_CLIENT_ID'), secret: required(process.env, 'BILLING_CLIENT_SECRET') },
});
process.stdout.write(`billing listening on ${service.url} (issuer ${settings.issuer})\n`);
closeOnSignal(() => service.close());
