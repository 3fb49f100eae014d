import { connect } from 'node:net';
import type { BalancerStates } from './cluster-types.js';

/** Sends one command to HAProxy's stats socket; resolves with the whole reply. */
export function statsSocketCommand(path: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let reply = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('stats socket timed out')));
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

/** `show stat` CSV → each server's check state in both backends and its retry counters. */
export function parseServerStates(csv: string): BalancerStates {
  const lines = csv.split('\n').filter((line) => line.trim() !== '');
  const header = (lines.shift() ?? '').replace(/^# /, '').split(',');
  const column = (name: string) => header.indexOf(name);
  const states: BalancerStates = {};
  for (const line of lines) {
    const fields = line.split(',');
    const backend = fields[column('pxname')];
    const server = fields[column('svname')];
    if (server === undefined || server === 'FRONTEND' || server === 'BACKEND') continue;
    const status = fields[column('status')] ?? '';
    const state = (states[server] ??= {});
    const counter = (name: string) => Number(fields[column(name)] ?? 0) || 0;
    if (backend === 'tessera_ready') state.ready = status;
    if (backend === 'tessera_live') state.live = status;
    // Summed over both backends: requests retried on, and moved away from, this server.
    state.retries = (state.retries ?? 0) + counter('wretr');
    state.redispatches = (state.redispatches ?? 0) + counter('wredis');
    state.responses = (state.responses ?? 0) + counter('stot');
  }
  return states;
}
