import { WORKBENCH_CONTENT_SECURITY_POLICY } from '@marie/protocol';

/** Headers on every HTML response. Monaco injects styles at run time, hence 'unsafe-inline' for styles only. */
export function pageSecurityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': WORKBENCH_CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}
