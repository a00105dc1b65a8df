import { ErrorCode, isRpcError, type WireError } from '@marie/protocol';

/** Any thrown value as the `{code, message}` shape the UI shows; never a stack. */
export function toWireError(e: unknown): WireError {
  if (isRpcError(e)) return e.toWire();
  return { code: ErrorCode.Internal, message: e instanceof Error && e.message ? e.message : 'Unexpected error' };
}
