import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with the OWASP Password Storage Cheat Sheet's first configuration (m=19 MiB, t=2, p=1).
 * @node-rs/argon2 runs on the libuv thread pool, so hashing never blocks the event loop.
 */
export interface PasswordHasherOptions {
  memoryCostKiB?: number;
  timeCost?: number;
  parallelism?: number;
}

export class PasswordHasher {
  readonly #options: { memoryCost: number; timeCost: number; parallelism: number };
  #dummyHash: Promise<string> | undefined;

  constructor(options: PasswordHasherOptions = {}) {
    this.#options = {
      memoryCost: options.memoryCostKiB ?? 19_456,
      timeCost: options.timeCost ?? 2,
      parallelism: options.parallelism ?? 1,
    };
  }

  hash(password: string): Promise<string> {
    return hash(password, this.#options);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a malformed stored hash never authenticates
    }
  }

  /**
   * Burns the same time as a real verification, for unknown accounts, so that response time does
   * not reveal whether an email is registered (ASVS 5.0 V6.3.8).
   */
  async verifyDummy(password: string): Promise<false> {
    this.#dummyHash ??= this.hash('tessera-dummy-password-for-timing');
    await this.verify(await this.#dummyHash, password);
    return false;
  }

  /** True when a stored hash was made with weaker parameters than the current ones. */
  needsRehash(passwordHash: string): boolean {
    const params = /\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
    if (!passwordHash.startsWith('$argon2id$') || !params) return true;
    return (
      Number(params[1]) < this.#options.memoryCost ||
      Number(params[2]) < this.#options.timeCost ||
      Number(params[3]) !== this.#options.parallelism
    );
  }
}
