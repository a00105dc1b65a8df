/**
 * The one CSP for every workbench document and worker, served by `marie serve` and by the
 * desktop's `marie-app://` protocol alike. No 'unsafe-eval', no remote origin; inline
 * styles only because Monaco sets style attributes at run time.
 */
export const WORKBENCH_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
