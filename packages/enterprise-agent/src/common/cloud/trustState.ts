import { z } from 'zod';
import type { CloudPolicyStatus } from '@marie/protocol';

/** What survives a restart. Keys are not stored: they are re-derived from the pinned root through `chain`. */
export interface CloudTrustState {
  format: 1;
  /** Accepted key endorsements, oldest first. */
  chain: string[];
  /** Highest bundle version ever accepted; anything not newer is a replay. */
  lastVersion: number;
  /** The last good bundle, re-verified on load. */
  bundle: string | null;
  lastRejection: CloudPolicyStatus['lastRejection'];
}

export const trustStateSchema: z.ZodType<CloudTrustState> = z
  .object({
    format: z.literal(1),
    chain: z.array(z.string().max(16384)).max(64),
    lastVersion: z.number().int().nonnegative(),
    bundle: z.string().max(1024 * 1024).nullable(),
    lastRejection: z.object({ at: z.number(), version: z.number().nullable(), reason: z.string().max(2000) }).strict().nullable(),
  })
  .strict();

export interface TrustStore {
  /** null when there is no state (first run, or deleted). Throws when it exists but cannot be read. */
  load(): Promise<CloudTrustState | null>;
  save(state: CloudTrustState): Promise<void>;
}

/** For tests and for hosts without a data directory. */
export class InMemoryTrustStore implements TrustStore {
  state: CloudTrustState | null = null;

  async load(): Promise<CloudTrustState | null> {
    return this.state && trustStateSchema.parse(JSON.parse(JSON.stringify(this.state)));
  }

  async save(state: CloudTrustState): Promise<void> {
    this.state = JSON.parse(JSON.stringify(state)) as CloudTrustState;
  }
}
