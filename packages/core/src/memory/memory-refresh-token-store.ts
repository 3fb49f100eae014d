import type { RefreshFamilyRecord, RefreshTokenRecord } from '../model/records.js';
import type { LiveRefreshFamily, RefreshTokenStore, RotateResult } from '../ports/refresh-token-store.js';
import { copy } from './copy-record.js';

export class MemoryRefreshTokenStore implements RefreshTokenStore {
  readonly #families = new Map<string, RefreshFamilyRecord>();
  readonly #tokens = new Map<string, RefreshTokenRecord>();
  /** familyId + generation → token hash, to find a parent's successor. */
  readonly #byGeneration = new Map<string, string>();

  #put(token: RefreshTokenRecord): void {
    this.#tokens.set(token.tokenHash, copy(token));
    this.#byGeneration.set(`${token.familyId}:${token.generation}`, token.tokenHash);
  }
  async createFamily(family: RefreshFamilyRecord, first: RefreshTokenRecord): Promise<void> {
    this.#families.set(family.id, copy(family));
    this.#put(first);
  }
  async findFamily(id: string): Promise<RefreshFamilyRecord | null> {
    const family = this.#families.get(id);
    return family ? copy(family) : null;
  }
  async rotate(parentHash: string, successor: RefreshTokenRecord, now: number): Promise<RotateResult> {
    const parent = this.#tokens.get(parentHash);
    const family = parent && this.#families.get(parent.familyId);
    if (!parent || !family) return { outcome: 'not_found' };
    if (parent.usedAt !== null) {
      const successorHash = this.#byGeneration.get(`${parent.familyId}:${parent.generation + 1}`);
      const stored = successorHash === undefined ? undefined : this.#tokens.get(successorHash);
      return { outcome: 'already_used', family: copy(family), parent: copy(parent), successor: stored ? copy(stored) : null };
    }
    if (family.revokedAt !== null || family.expiresAt <= now || parent.expiresAt <= now) {
      return { outcome: 'inactive', family: copy(family), parent: copy(parent) };
    }
    parent.usedAt = now;
    this.#put(successor);
    return { outcome: 'rotated', family: copy(family), parent: copy(parent) };
  }
  async findToken(tokenHash: string): Promise<{ family: RefreshFamilyRecord; token: RefreshTokenRecord } | null> {
    const token = this.#tokens.get(tokenHash);
    const family = token && this.#families.get(token.familyId);
    return token && family ? { family: copy(family), token: copy(token) } : null;
  }
  async revokeFamily(familyId: string, now: number): Promise<RefreshFamilyRecord | null> {
    const family = this.#families.get(familyId);
    if (!family) return null;
    family.revokedAt ??= now;
    return copy(family);
  }
  async revokeByUser(userId: string, now: number): Promise<RefreshFamilyRecord[]> {
    const revoked: RefreshFamilyRecord[] = [];
    for (const family of this.#families.values()) {
      if (family.userId !== userId || family.revokedAt !== null) continue;
      family.revokedAt = now;
      revoked.push(copy(family));
    }
    return revoked;
  }
  async listLiveByUser(userId: string, now: number): Promise<LiveRefreshFamily[]> {
    const live: LiveRefreshFamily[] = [];
    for (const family of this.#families.values()) {
      if (family.userId !== userId || family.revokedAt !== null || family.expiresAt <= now) continue;
      // Generations are consecutive from 0: the last one stored is the newest token.
      let lastUsedAt = family.createdAt;
      for (let generation = 0; ; generation++) {
        const hash = this.#byGeneration.get(`${family.id}:${generation}`);
        const token = hash === undefined ? undefined : this.#tokens.get(hash);
        if (!token) break;
        lastUsedAt = Math.max(lastUsedAt, token.createdAt);
      }
      live.push({ family: copy(family), lastUsedAt });
    }
    return live;
  }
}
