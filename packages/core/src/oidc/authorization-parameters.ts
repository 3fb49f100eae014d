import { AuthorizationRefusedError } from '../errors/tessera-error.js';

/**
 * The query of an authorization request. RFC 6749 §3.1: a parameter sent without a value is as
 * if omitted, and none may be sent more than once.
 */
export class AuthorizationParameters {
  constructor(private readonly raw: Readonly<Record<string, unknown>>) {}

  /** The value, or undefined when absent or empty. A repeated or non-string value throws `invalid_request`. */
  get(name: string, maxLength = 2048): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new AuthorizationRefusedError('invalid_request', `${name} must be sent once`);
    if (value.length > maxLength) throw new AuthorizationRefusedError('invalid_request', `${name} is too long`);
    return value;
  }

  /** Like `get`, but a repeated value is undefined instead of an error (for what must be read before errors can be sent). */
  peek(name: string): string | undefined {
    const value = this.raw[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  isRepeated(name: string): boolean {
    return Array.isArray(this.raw[name]);
  }

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== '';
  }
}
