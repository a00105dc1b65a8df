import { checkpointSigningInput, recordHashInput } from './canonical.js';
import type { ExportAlert, ExportDevice } from './exportFormat.js';
import { GENESIS_HASH, type AuditCheckpoint, type AuditRecord } from './record.js';

/** The platform's crypto, injected so this file stays free of Node (the CLI passes node:crypto). */
export interface ChainCrypto {
  sha256Hex(text: string): string;
  verifyEd25519(publicKeySpki: string, message: string, signature: string): boolean;
}

export interface DeviceVerdict {
  device: string;
  org: string;
  firstSeq: number | null;
  lastSeq: number | null;
  events: number;
  checkpointsVerified: number;
  /** The highest sequence a valid checkpoint vouches for; later events are not yet anchored. */
  anchoredSeq: number;
  /** The first sequence at which the chain is broken, and why; null when it verifies. */
  brokenAt: number | null;
  reason: string | null;
  warnings: string[];
}

interface DeviceState {
  verdict: DeviceVerdict;
  lastHash: string | null;
  /** hashes by sequence, to check checkpoints against (checkpoints may come before or after). */
  hashes: Map<number, string>;
  checkpoints: AuditCheckpoint[];
  publicKey: string | null;
}

/**
 * Checks an export as CloudTrail's validate-logs checks digests: every record's hash, every
 * link to the previous record, sequence continuity in file order, and every checkpoint's
 * signature and head. Feed lines in order with `add*`, then call `finish()`.
 */
export class ChainVerifier {
  private readonly devices = new Map<string, DeviceState>();
  readonly alerts: ExportAlert[] = [];

  constructor(private readonly crypto: ChainCrypto) {}

  addDevice(line: ExportDevice): void {
    this.state(line.device, line.org).publicKey = line.publicKey;
  }

  addAlert(line: ExportAlert): void {
    this.alerts.push(line);
  }

  addCheckpoint(cp: AuditCheckpoint): void {
    this.state(cp.device, cp.org).checkpoints.push(cp);
  }

  addEvent(record: AuditRecord): void {
    const s = this.state(record.device, record.org);
    const v = s.verdict;
    v.events++;
    if (v.brokenAt !== null) return;
    if (v.lastSeq === null) {
      v.firstSeq = record.seq;
      if (record.seq === 1 && record.prev !== GENESIS_HASH) return this.broken(s, record.seq, 'the first record does not start the chain');
      if (record.seq !== 1) v.warnings.push(`the export starts at sequence ${record.seq}; earlier records are not in it`);
    } else if (record.seq !== v.lastSeq + 1) {
      const why = record.seq <= v.lastSeq ? `sequence ${record.seq} appears after ${v.lastSeq} (reordered or duplicated)` : `sequences ${v.lastSeq + 1}–${record.seq - 1} are missing`;
      return this.broken(s, v.lastSeq + 1, why);
    } else if (record.prev !== s.lastHash) {
      return this.broken(s, record.seq, 'its previous-hash link does not match the record before it (a record was altered, removed or inserted)');
    }
    if (this.crypto.sha256Hex(recordHashInput(record)) !== record.hash) return this.broken(s, record.seq, 'its content does not match its hash (the record was altered)');
    v.lastSeq = record.seq;
    s.lastHash = record.hash;
    s.hashes.set(record.seq, record.hash);
  }

  finish(): DeviceVerdict[] {
    for (const s of this.devices.values()) this.checkCheckpoints(s);
    return [...this.devices.values()].map((s) => s.verdict);
  }

  private checkCheckpoints(s: DeviceState): void {
    const v = s.verdict;
    for (const cp of [...s.checkpoints].sort((a, b) => a.seq - b.seq)) {
      if (s.publicKey === null) {
        v.warnings.push('no device key in the export: checkpoint signatures cannot be checked');
        return;
      }
      if (!this.crypto.verifyEd25519(s.publicKey, checkpointSigningInput(cp), cp.sig)) {
        this.broken(s, cp.seq, `the checkpoint at sequence ${cp.seq} (${cp.time}) has an invalid signature`);
        continue;
      }
      v.checkpointsVerified++;
      if (cp.seq === 0) continue;
      const end = v.lastSeq ?? 0;
      if (cp.seq > end && v.brokenAt === null) {
        this.broken(s, end + 1, `a checkpoint signed at ${cp.time} covers sequence ${cp.seq}, but the chain ends at ${end} (the tail was cut)`);
        continue;
      }
      const stored = s.hashes.get(cp.seq);
      if (stored !== undefined && stored !== cp.hash) this.broken(s, cp.seq, `the record at sequence ${cp.seq} differs from what the signed checkpoint says (the chain was rewritten)`);
      else if (stored !== undefined) v.anchoredSeq = Math.max(v.anchoredSeq, cp.seq);
    }
    if (v.brokenAt === null && v.lastSeq !== null && v.anchoredSeq < v.lastSeq) {
      v.warnings.push(`sequences ${v.anchoredSeq + 1}–${v.lastSeq} are not yet covered by a signed checkpoint`);
    }
  }

  private broken(s: DeviceState, seq: number, reason: string): void {
    // Only the first break is named; what follows it cannot be trusted anyway.
    if (s.verdict.brokenAt !== null && s.verdict.brokenAt <= seq) return;
    s.verdict.brokenAt = seq;
    s.verdict.reason = reason;
  }

  private state(device: string, org: string): DeviceState {
    let s = this.devices.get(device);
    if (!s) {
      s = {
        verdict: { device, org, firstSeq: null, lastSeq: null, events: 0, checkpointsVerified: 0, anchoredSeq: 0, brokenAt: null, reason: null, warnings: [] },
        lastHash: null,
        hashes: new Map(),
        checkpoints: [],
        publicKey: null,
      };
      this.devices.set(device, s);
    }
    return s;
  }
}
