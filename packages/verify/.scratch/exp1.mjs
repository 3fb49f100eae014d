import { importJWK, generateKeyPair, exportJWK, SignJWT, jwtVerify } from 'jose';
import crypto from 'node:crypto';
const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
const jwk = await exportJWK(publicKey);
console.log(jwk);
const ck = await importJWK(jwk, 'EdDSA');
const ko = crypto.KeyObject.from(ck);
console.log(ko.type, ko.asymmetricKeyType);
try { await importJWK(jwk, 'ES256'); } catch (e) { console.log('ES256 on ed', e.code, e.message); }
try { const k = await importJWK(jwk, 'Ed25519'); console.log('Ed25519 ok', k.algorithm); } catch (e) { console.log('Ed25519', e.code, e.message); }
const tok = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: 'EdDSA' }).sign(privateKey);
const [h, p, s] = tok.split('.');
const sig = Buffer.from(s, 'base64url');
try { console.log('string data', crypto.verify(null, h + '.' + p, ko, sig)); } catch (e) { console.log('string data err', e.message); }
console.log('buf data', crypto.verify(null, Buffer.from(h + '.' + p), ko, sig));
// rsa
const r = await generateKeyPair('RS256', { extractable: true });
const rj = await exportJWK(r.publicKey);
const rko = crypto.KeyObject.from(await importJWK(rj, 'RS256'));
console.log(rko.asymmetricKeyType, rko.asymmetricKeyDetails);
const ps = crypto.KeyObject.from(await importJWK(rj, 'PS256'));
console.log(ps.asymmetricKeyType, ps.asymmetricKeyDetails);
console.log(Buffer.from('ab+/c-_d', 'base64url'), Buffer.from('ab!!cd', 'base64url'));
