import { SyslogSink, WebhookSink, type SiemSink } from './sinks.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Sinks from the environment (server-wide until an admin API exists):
 * MARIE_AUDIT_SYSLOG_URL `tcp://host:port` or `tls://host:port` (+ MARIE_AUDIT_SYSLOG_CA, a PEM file);
 * MARIE_AUDIT_WEBHOOK_URL `https://…` (http only to loopback) + MARIE_AUDIT_WEBHOOK_SECRET (HMAC key).
 */
export function siemSinksFromEnv(env: NodeJS.ProcessEnv): SiemSink[] {
  const sinks: SiemSink[] = [];
  if (env.MARIE_AUDIT_SYSLOG_URL) {
    const url = new URL(env.MARIE_AUDIT_SYSLOG_URL);
    if (url.protocol !== 'tcp:' && url.protocol !== 'tls:') throw new Error('MARIE_AUDIT_SYSLOG_URL must be tcp://host:port or tls://host:port');
    sinks.push(new SyslogSink(url, env.MARIE_AUDIT_SYSLOG_CA));
  }
  if (env.MARIE_AUDIT_WEBHOOK_URL) {
    const url = new URL(env.MARIE_AUDIT_WEBHOOK_URL);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) throw new Error('MARIE_AUDIT_WEBHOOK_URL must be https (http only to a loopback address)');
    if (!env.MARIE_AUDIT_WEBHOOK_SECRET || env.MARIE_AUDIT_WEBHOOK_SECRET.length < 16) throw new Error('MARIE_AUDIT_WEBHOOK_SECRET (at least 16 characters) is required with MARIE_AUDIT_WEBHOOK_URL');
    sinks.push(new WebhookSink(url, env.MARIE_AUDIT_WEBHOOK_SECRET));
  }
  return sinks;
}
