import type { ClientMetadata } from 'oidc-provider';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * Our first-party clients. Desktop and CLI are public native apps (RFC 8252): no secret, PKCE
 * S256 only; the desktop's loopback redirect matches on any port, as oidc-provider does for
 * native clients.
 */
export function firstPartyClients(issuer: string): ClientMetadata[] {
  return [
    {
      client_id: 'marie-desktop',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
    },
    {
      client_id: 'marie-cli',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: [DEVICE_GRANT, 'refresh_token'],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: 'marie-console',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${issuer}/console/callback`],
      post_logout_redirect_uris: [`${issuer}/console/`],
    },
  ];
}

export const FIRST_PARTY_IDS = new Set(['marie-desktop', 'marie-cli', 'marie-console']);
