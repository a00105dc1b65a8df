import { backendUrl } from './backendUrl.js';

/**
 * Registers this device's audit key with the backend, under the organisation of the signed-in
 * user whose access token is passed. After that, uploads authenticate with the device key
 * alone, so events recorded while nobody is signed in (a refused sign-in, a sign-out) still go.
 */
export async function enrollAuditDevice(server: string, accessToken: string, device: string, publicKey: string, fetchFn: typeof fetch = fetch): Promise<{ org: string }> {
  const r = await fetchFn(backendUrl(server, '/api/v1/audit/devices'), {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ device, publicKey }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await r.json().catch(() => ({}))) as { org?: string; message?: string };
  if (!r.ok || typeof body.org !== 'string') throw new Error(`device enrolment refused (HTTP ${r.status}): ${body.message ?? 'no detail'}`);
  return { org: body.org };
}
