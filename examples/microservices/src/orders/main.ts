import { closeOnSignal, required, serviceSettings } from '../service-settings.js';
import { startOrdersService } from './orders-service.js';

const settings = serviceSettings(process.env, 'ORDERS_PORT', 3001);
const service = await startOrdersService({
  ...settings,
  billingUrl: process.env.BILLING_URL ?? 'http://127.0.0.1:3002',
  client: { id: required(process.env, 'ORDERS_CLIENT_ID'), secret: required(process.env, 'ORDERS_CLIENT_SECRET') },
});
process.stdout.write(`orders listening on ${service.url} (issuer ${settings.issuer})\n`);
closeOnSignal(() => service.close());
