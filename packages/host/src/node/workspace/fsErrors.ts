import { ErrorCode, RpcError } from '@marie/protocol';

/** A Node system error (from a syscall), as opposed to a programming error. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((error as NodeJS.ErrnoException).code!);
}

export function errorCodeOf(error: unknown): string | undefined {
  return isSystemError(error) ? error.code : undefined;
}

/**
 * Turns an expected file-system failure into an RpcError with a stable code and a message
 * that names the path (never file contents). Programming errors are rethrown untouched so
 * the RPC server reports them as internal errors instead of disguising bugs as I/O.
 */
export function toRpcError(error: unknown, path: string): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof Error && error.name === 'AbortError') return new RpcError(ErrorCode.Cancelled, 'Cancelled');
  if (!isSystemError(error)) throw error;
  switch (error.code) {
    case 'ENOENT':
      return new RpcError(ErrorCode.NotFound, `${path} does not exist`);
    case 'EEXIST':
      return new RpcError(ErrorCode.Exists, `${path} already exists`);
    case 'ENOTEMPTY':
      return new RpcError(ErrorCode.Exists, `${path} is a folder that is not empty`);
    case 'ENOTDIR':
      return new RpcError(ErrorCode.NotADirectory, `${path} (or one of its parents) is not a folder`);
    case 'EISDIR':
      return new RpcError(ErrorCode.IsADirectory, `${path} is a folder`);
    case 'EACCES':
    case 'EPERM':
      return new RpcError(ErrorCode.PermissionDenied, `Permission denied: ${path}`);
    case 'EROFS':
      return new RpcError(ErrorCode.PermissionDenied, `${path} is on a read-only file system`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new RpcError(ErrorCode.DiskFull, `Not enough disk space (or quota) for ${path}`);
    case 'ENAMETOOLONG':
      return new RpcError(ErrorCode.PathInvalid, `The path is too long: ${path}`);
    case 'ELOOP':
      return new RpcError(ErrorCode.PathInvalid, `Too many levels of symbolic links: ${path}`);
    case 'EXDEV':
      return new RpcError(ErrorCode.Io, `Cannot move ${path} across file systems`);
    default:
      return new RpcError(ErrorCode.Io, `I/O error (${error.code}) on ${path}`);
  }
}

/** Runs `fn` and converts whatever it throws with {@link toRpcError}. */
export async function mapFsErrors<T>(path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toRpcError(error, path);
  }
}
