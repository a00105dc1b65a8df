/** Domain failures the CLI and HTTP layers turn into clear messages; codes are stable. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: 'E_NOT_FOUND' | 'E_EXISTS' | 'E_INVALID_INPUT',
    message: string,
  ) {
    super(message);
  }
}

export const now = (): number => Math.floor(Date.now() / 1000);
