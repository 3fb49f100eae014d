import { createPrivateKey, createPublicKey, createSecretKey, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Algorithm } from '../../src/jws/algorithms.js';
import { splitCompactJws } from '../../src/jws/compact-jws.js';
import { verifySignature } from '../../src/jws/verify-signature.js';
import { SecretKeyResolver } from '../../src/keys/secret-key.js';
import { importVerificationKey, type VerificationKey } from '../../src/keys/verification-key.js';
import { VerifyError } from '../../src/verify-error.js';
import type { VectorFile, VectorGroup } from '../vectors/generate-vectors.js';

const FILES = ['ed25519', 'es256', 'rs256', 'ps256', 'hs256'] as const;
const load = (name: string): VectorFile => JSON.parse(readFileSync(new URL(`../vectors/${name}.json`, import.meta.url), 'utf8')) as VectorFile;

async function keyFor(file: VectorFile, group: VectorGroup): Promise<VerificationKey | undefined> {
  if (file.algorithm === 'HS256') return new SecretKeyResolver(createSecretKey(Buffer.from(group.jwk.k ?? '', 'base64url'))).get();
  return importVerificationKey({ ...group.jwk, kid: 'vector' }, new Set<Algorithm>([file.algorithm]));
}

/** The verdict of this package's hot path: split the compact JWS, then check the signature. */
function verdict(token: string, key: VerificationKey): 'valid' | 'invalid' {
  try {
    verifySignature(splitCompactJws(token), key);
    return 'valid';
  } catch (error) {
    expect(error).toBeInstanceOf(VerifyError);
    expect((error as VerifyError).code).toBe('invalid_signature');
    return 'invalid';
  }
}

/** An independent implementation's verdict (jose on WebCrypto). */
async function joseVerdict(token: string, file: VectorFile, group: VectorGroup): Promise<'valid' | 'invalid'> {
  const key = await importJWK(group.jwk, file.algorithm);
  try {
    await compactVerify(token, key, { algorithms: [file.algorithm] });
    return 'valid';
  } catch {
    return 'invalid';
  }
}

describe.each(FILES)('signature vectors: %s', (name) => {
  const file = load(name);
  for (const group of file.testGroups) {
    describe(group.comment, () => {
      it.each(group.tests.map((test) => [test.tcId, test.comment, test] as const))('tc %i: %s', async (_id, _comment, test) => {
        const key = await keyFor(file, group);
        const token = `${test.msg}.${test.sig}`;
        if (group.keyRefused === true) {
          expect(key).toBeUndefined();
          expect(test.result).toBe('invalid');
          return;
        }
        expect(key).toBeDefined();
        expect(verdict(token, key!)).toBe(test.result);
        expect(await joseVerdict(token, file, group)).toBe(test.result);
      });
    });
  }

  it('has both valid and invalid cases', () => {
    const results = new Set(file.testGroups.flatMap((group) => group.tests.map((test) => test.result)));
    expect(results).toEqual(new Set(['valid', 'invalid']));
  });
});

describe('known answers', () => {
  it('RFC 8037 A.4: signing the example with the A.1 private key gives the published signature', () => {
    const key = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
      format: 'jwk',
    });
    const signature = sign(null, Buffer.from('eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc'), key).toString('base64url');
    expect(signature).toBe('hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg');
  });

  it('the small-order Ed25519 key is refused because OpenSSL alone would accept a forgery under it', () => {
    const group = load('ed25519').testGroups.find((candidate) => candidate.keyRefused === true)!;
    const test = group.tests[0]!;
    const raw = createPublicKey({ key: group.jwk as never, format: 'jwk' });
    expect(verify(null, Buffer.from(test.msg), raw, Buffer.from(test.sig, 'base64url'))).toBe(true);
    expect(verify(null, Buffer.from('any other message'), raw, Buffer.from(test.sig, 'base64url'))).toBe(true);
  });
});
