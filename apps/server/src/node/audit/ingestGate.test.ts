import { describe, expect, it } from 'vitest';
import { IngestGate } from './ingestGate.js';

describe('IngestGate', () => {
  it('runs up to the limit, queues a bounded line in order, and refuses beyond it', async () => {
    const gate = new IngestGate(2, 1);
    const a = (await gate.enter())!;
    const b = (await gate.enter())!;
    let cEntered = false;
    const c = gate.enter().then((r) => ((cEntered = true), r));
    expect(await gate.enter()).toBeNull();
    await Promise.resolve();
    expect(cEntered).toBe(false);
    a();
    const releaseC = (await c)!;
    expect(cEntered).toBe(true);
    // The line is free again, the running slots are full (b, c).
    const d = gate.enter();
    b();
    releaseC();
    (await d)!();
    expect(await gate.enter()).not.toBeNull();
  });
});
