import { describe, expect, it } from 'vitest';
import { InvalidInputError, PasswordHasher, PasswordPolicy, passwordHardCapBytes, WeakPasswordError } from '../src/index.js';

describe('PasswordPolicy (ASVS 5.0 V6.2, NIST 800-63B)', () => {
  const policy = new PasswordPolicy();

  it('refuses fewer than 8 characters and accepts 8', () => {
    expect(() => policy.check('Ab3$xyz')).toThrow(WeakPasswordError);
    expect(() => policy.check('pq7-vxz!')).not.toThrow();
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(() => policy.check('🔑🔑🔑🔑🔑🔑🔑')).toThrow(WeakPasswordError); // 7 code points, 14 UTF-16 units
    expect(() => policy.check('🔑🔑🔑🔑🔑🔑🔑🔑')).not.toThrow();
  });

  it('allows 64 and more characters and has no composition rules', () => {
    expect(() => policy.check('a'.repeat(40) + ' correct horse battery staple')).not.toThrow();
    expect(() => policy.check('alllowercaseletterswithoutdigits')).not.toThrow();
  });

  it('refuses common and breached passwords, whatever the case', () => {
    for (const common of ['password', 'Password1', '12345678', 'qwertyuiop', 'iloveyou']) {
      expect(() => policy.check(common), common).toThrow(WeakPasswordError);
    }
  });

  it('refuses the email local part as password', () => {
    expect(() => policy.check('margarethe', { email: 'margarethe@example.com' })).toThrow(WeakPasswordError);
  });

  it('audit finding 10: refuses the full email address, in any case, as password', () => {
    for (const candidate of ['margarethe@example.com', 'Margarethe@Example.COM', ' margarethe@example.com ']) {
      expect(() => policy.check(candidate, { email: 'margarethe@example.com' }), candidate).toThrow(expect.objectContaining({ reason: 'contains_email' }));
    }
  });

  it('audit finding 10: a password change must change the password', () => {
    expect(() => policy.checkChange('correct horse battery', 'correct horse battery')).toThrow(expect.objectContaining({ code: 'weak_password', reason: 'same_as_current' }));
    expect(() => policy.checkChange('correct horse battery', 'correct horse battery!')).not.toThrow();
    // The new password's own rules come first.
    expect(() => policy.checkChange('password', 'password')).toThrow(expect.objectContaining({ reason: 'common' }));
  });

  it('refuses input over the hard cap before hashing, and non-strings, and NUL', () => {
    expect(() => policy.check('x'.repeat(passwordHardCapBytes + 1))).toThrow(InvalidInputError);
    expect(() => policy.check(12345678)).toThrow(InvalidInputError);
    expect(() => policy.check('abcd\0efgh')).toThrow(InvalidInputError);
    expect(() => policy.check('x'.repeat(300))).toThrow(WeakPasswordError);
  });

  it('rejects insecure configuration at construction', () => {
    expect(() => new PasswordPolicy({ minLength: 6 })).toThrow(TypeError);
    expect(() => new PasswordPolicy({ maxLength: 32 })).toThrow(TypeError);
  });
});

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('uses Argon2id with the OWASP parameters (m=19456, t=2, p=1)', async () => {
    const hash = await hasher.hash('a long enough passphrase');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(hash, 'a long enough passphrase')).toBe(true);
    expect(await hasher.verify(hash, 'a long enough passphrasE')).toBe(false);
  });

  it('never truncates: passwords differing only after 100 characters differ', async () => {
    const base = 'p'.repeat(100);
    const hash = await hasher.hash(`${base}-one`);
    expect(await hasher.verify(hash, `${base}-two`)).toBe(false);
  });

  it('treats a malformed stored hash as a failed verification', async () => {
    expect(await hasher.verify('not-a-phc-string', 'whatever1')).toBe(false);
  });

  it('flags hashes made with weaker parameters for rehash', async () => {
    const weak = await new PasswordHasher({ memoryCostKiB: 1024, timeCost: 1 }).hash('something long');
    expect(hasher.needsRehash(weak)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('something long'))).toBe(false);
  });
});
