import { isRpcError } from '@marie/protocol';

export class UsageError extends Error {}

/** Prints an error the way every command does and returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`marie: ${error.message}\nRun "marie --help" for usage.\n`);
    return 2;
  }
  if (isRpcError(error)) {
    process.stderr.write(`marie: ${error.message} (${error.code})\n`);
    return 1;
  }
  process.stderr.write(`marie: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
