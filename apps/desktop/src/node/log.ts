/** One diagnostic line on stderr. Callers pass messages, never request data or file contents. */
export function logLine(scope: string, message: string): void {
  process.stderr.write(`[${scope}] ${message}\n`);
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
