import { KeyWrapperError, type KeyWrapper, type KeyWrapperErrorCode, type WrappedKey } from '../../common/localStore/keyWrapper.js';
import { backendUrl } from './backendUrl.js';

export interface ServerKeyWrapperOptions {
  /** The backend's base URL (the server the user signed in to). */
  server: string;
  /** The device the data key belongs to: the server binds each wrapped key to it. */
  deviceId: string;
  /** The signed-in user's access token; throws when nobody is signed in. */
  accessToken: () => Promise<string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Only an answer that names its reason with the matching status is believed: a 410 or 403
 * from a proxy in between must not shred the cached key (destroyed) or block it (disabled).
 * Everything else (network, 401, 5xx, an MFA re-check) counts as unreachable, so the cached
 * data key keeps serving within the offline grace period.
 */
const REASONS: Record<string, { status: number; code: KeyWrapperErrorCode }> = {
  'kek-disabled': { status: 403, code: 'kek-disabled' },
  'kek-destroyed': { status: 410, code: 'kek-destroyed' },
  'wrapped-key-invalid': { status: 400, code: 'wrapped-key-invalid' },
};

/** The organisation's key service over the backend's `/api/v1/keys/wrap` and `/unwrap`. */
export class ServerKeyWrapper implements KeyWrapper {
  constructor(private readonly options: ServerKeyWrapperOptions) {}

  async wrap(dataKey: Uint8Array): Promise<WrappedKey> {
    const body = await this.post('wrap', { deviceId: this.options.deviceId, dataKey: Buffer.from(dataKey).toString('base64') });
    if (typeof body.kekId !== 'string' || typeof body.blob !== 'string') throw new KeyWrapperError('kek-unreachable', 'the key service answered wrap without a wrapped key');
    return { kekId: body.kekId, blob: body.blob };
  }

  async unwrap(wrapped: WrappedKey): Promise<Uint8Array> {
    const body = await this.post('unwrap', { deviceId: this.options.deviceId, kekId: wrapped.kekId, blob: wrapped.blob });
    if (typeof body.dataKey !== 'string') throw new KeyWrapperError('kek-unreachable', 'the key service answered unwrap without a data key');
    return new Uint8Array(Buffer.from(body.dataKey, 'base64'));
  }

  private async post(op: 'wrap' | 'unwrap', payload: object): Promise<Record<string, unknown>> {
    let token: string;
    try {
      token = await this.options.accessToken();
    } catch (e) {
      throw new KeyWrapperError('kek-unreachable', `no signed-in session to ask the key service with: ${(e as Error).message}`, { cause: e });
    }
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(backendUrl(this.options.server, `/api/v1/keys/${op}`), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (e) {
      throw new KeyWrapperError('kek-unreachable', `the key service at ${this.options.server} cannot be reached: ${(e as Error).message}`, { cause: e });
    }
    const body = ((await response.json().catch(() => null)) ?? {}) as Record<string, unknown>;
    if (response.ok) return body;
    const known = typeof body.reason === 'string' ? REASONS[body.reason] : undefined;
    const detail = typeof body.message === 'string' ? body.message.slice(0, 200) : 'no detail';
    if (known && known.status === response.status) throw new KeyWrapperError(known.code, `the key service refused to ${op}: ${detail}`);
    throw new KeyWrapperError('kek-unreachable', `the key service could not ${op} (HTTP ${response.status}): ${detail}`);
  }
}
