/** Stable error codes. Clients branch on these, never on messages; never renumber or rename. */
export const ErrorCode = {
  InvalidInput: 'E_INVALID_INPUT',
  UnknownChannel: 'E_UNKNOWN_CHANNEL',
  UnknownMethod: 'E_UNKNOWN_METHOD',
  Cancelled: 'E_CANCELLED',
  MessageTooLarge: 'E_MESSAGE_TOO_LARGE',
  MalformedMessage: 'E_MALFORMED_MESSAGE',
  ConnectionClosed: 'E_CONNECTION_CLOSED',
  Internal: 'E_INTERNAL',
  Unauthorized: 'E_UNAUTHORIZED',
  NoWorkspace: 'E_NO_WORKSPACE',
  PathInvalid: 'E_PATH_INVALID',
  PathOutsideRoot: 'E_PATH_OUTSIDE_ROOT',
  SymlinkEscape: 'E_SYMLINK_ESCAPE',
  NotFound: 'E_NOT_FOUND',
  Exists: 'E_EXISTS',
  NotADirectory: 'E_NOT_A_DIRECTORY',
  IsADirectory: 'E_IS_A_DIRECTORY',
  BinaryFile: 'E_BINARY_FILE',
  FileTooLarge: 'E_FILE_TOO_LARGE',
  Conflict: 'E_CONFLICT',
  PermissionDenied: 'E_PERMISSION_DENIED',
  DiskFull: 'E_DISK_FULL',
  TrashUnavailable: 'E_TRASH_UNAVAILABLE',
  Io: 'E_IO',
  Busy: 'E_BUSY',
  /** An action that the effective policy forbids; the message names the policy and its source. */
  PolicyDenied: 'E_POLICY_DENIED',
  /** A policy key that the registry does not declare. */
  PolicyUnknownKey: 'E_POLICY_UNKNOWN_KEY',
  /** A sign-in could not start or the session could not be used; the message says why. */
  AuthFailed: 'E_AUTH_FAILED',
  /** Policy RequireSignIn is on and nobody is signed in: workspace and index requests are refused. */
  SignInRequired: 'E_SIGN_IN_REQUIRED',
  /**
   * A security-relevant action was refused because it could not be recorded first: the device's
   * audit outbox is full, locked or unreadable (fail closed). The message says which.
   */
  AuditUnavailable: 'E_AUDIT_UNAVAILABLE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const knownCodes = new Set<string>(Object.values(ErrorCode));

/** The only shape an error takes on the wire: no stacks, no causes. */
export interface WireError {
  code: ErrorCode;
  message: string;
}

export class RpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }

  static fromWire(e: unknown): RpcError {
    if (e && typeof e === 'object') {
      const { code, message } = e as Record<string, unknown>;
      if (typeof code === 'string' && knownCodes.has(code)) {
        return new RpcError(code as ErrorCode, typeof message === 'string' ? message : code);
      }
    }
    return new RpcError(ErrorCode.Internal, 'Malformed error from peer');
  }
}

export function isRpcError(e: unknown, code?: ErrorCode): e is RpcError {
  return e instanceof RpcError && (code === undefined || e.code === code);
}
