export interface RestartPolicyOptions {
  /** Crashes tolerated within `windowMs` before giving up. */
  maxRestarts: number;
  windowMs: number;
  /** First delay; doubles with every crash still inside the window. */
  baseDelayMs: number;
}

export type RestartDecision = { restart: true; delayMs: number } | { restart: false };

/**
 * Bounded restarts for the host process: a host that crashes now and then comes back; one
 * that crashes in a loop is left down instead of burning CPU and flooding the audit log.
 */
export function createRestartPolicy(options: RestartPolicyOptions): { onCrash(now: number): RestartDecision } {
  let crashes: number[] = [];
  return {
    onCrash(now) {
      crashes = [...crashes.filter((t) => now - t < options.windowMs), now];
      if (crashes.length > options.maxRestarts) return { restart: false };
      return { restart: true, delayMs: options.baseDelayMs * 2 ** (crashes.length - 1) };
    },
  };
}
