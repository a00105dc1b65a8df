import { ErrorCode, RpcError } from '@marie/protocol';

interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: Array<string | number>; message: string }> } };
}

/**
 * The RPC server validates already; this repeats it for in-process callers (the CLI)
 * so no input reaches the disk unchecked, whoever calls.
 */
export function validateInput<T>(schema: Schema<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
  throw new RpcError(ErrorCode.InvalidInput, `Invalid input — ${issues.join('; ')}`);
}

/** Called before anything is changed on disk; once a change starts it runs to the end. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RpcError(ErrorCode.Cancelled, 'Cancelled');
}
