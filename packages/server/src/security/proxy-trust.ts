import { BlockList, isIP } from 'node:net';

/** `TESSERA_TRUST_PROXY` as parsed: Fastify's `trustProxy` (proxy-addr) takes the same values. */
export type TrustProxySetting = boolean | number | string[];

/** proxy-addr's named ranges, which `TESSERA_TRUST_PROXY` accepts too. */
const namedRanges: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/**
 * Whether a socket peer is a proxy whose forwarded headers Fastify believes under this setting:
 * `true` and a hop count trust the nearest peer; `false` trusts none; a list trusts its addresses
 * and CIDRs (node's `BlockList`, the same matching proxy-addr does for these forms).
 */
export function proxyTrust(setting: TrustProxySetting): (peer: string) => boolean {
  if (typeof setting === 'boolean') return () => setting;
  if (typeof setting === 'number') return () => setting > 0;
  const list = new BlockList();
  for (const entry of setting.flatMap((e) => namedRanges[e] ?? [e])) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (peer) => {
    // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
    const address = peer.startsWith('::ffff:') && isIP(peer.slice(7)) === 4 ? peer.slice(7) : peer;
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    return isIP(address) !== 0 && list.check(address, type);
  };
}
