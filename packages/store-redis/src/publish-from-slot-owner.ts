import { LuaScript } from './lua-script.js';

/**
 * PUBLISH inside a one-key script that names the channel as its key. In a Cluster, ioredis sends
 * a keyless PUBLISH to a random master, and two publishes that left from different masters can
 * reach a subscriber's node in either order; routed by the channel's slot, every message
 * (revocation events and the feed's heartbeats alike) leaves from the one master that owns the
 * slot and reaches each other node over one ordered cluster-bus link. On a single node it is just
 * a PUBLISH. Shared by `RedisRevocationBus` and `RedisRevocationFeed`: the feed's proof of
 * delivery rests on both using this same route.
 */
export const publishFromSlotOwner = new LuaScript(`return redis.call('PUBLISH', KEYS[1], ARGV[1])`);
