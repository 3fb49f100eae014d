import type { ServiceToken } from '../service-token.js';

/** The orders service's view of billing: charge an order, authenticated as the orders service itself. */
export class BillingClient {
  constructor(
    private readonly billingUrl: string,
    private readonly token: ServiceToken,
  ) {}

  async charge(charge: { user: string; orderId: string; amount: number }): Promise<{ invoice: { id: string } }> {
    let response = await this.#post('/charges', charge);
    if (response.status === 401) {
      // Our cached token was refused (revoked, or expired early): get a new one, once.
      await response.body?.cancel();
      this.token.invalidate();
      response = await this.#post('/charges', charge);
    }
    if (!response.ok) throw new Error(`billing refused the charge with ${response.status}`);
    return (await response.json()) as { invoice: { id: string } };
  }

  async #post(path: string, body: unknown): Promise<Response> {
    return fetch(`${this.billingUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await this.token.get()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
  }
}
