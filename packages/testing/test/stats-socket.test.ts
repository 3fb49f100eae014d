import { describe, expect, it } from 'vitest';
import { parseServerStates } from '../src/cluster/stats-socket.js';

describe('parseServerStates', () => {
  it("reads each server's check state per backend and sums its counters over both", () => {
    const csv = [
      '# pxname,svname,stot,wretr,wredis,status',
      'tessera,FRONTEND,10,,,OPEN',
      'tessera_ready,t1,5,1,2,UP',
      'tessera_ready,t2,3,0,0,DOWN',
      'tessera_ready,BACKEND,8,1,2,UP',
      'tessera_live,t1,1,0,1,UP',
      'tessera_live,t2,2,3,0,UP 1/2',
      '',
    ].join('\n');
    expect(parseServerStates(csv)).toEqual({
      t1: { ready: 'UP', live: 'UP', retries: 1, redispatches: 3, responses: 6 },
      t2: { ready: 'DOWN', live: 'UP 1/2', retries: 3, redispatches: 0, responses: 5 },
    });
  });
});
