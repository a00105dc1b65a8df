import type { AuditRecord } from '@marie/enterprise-agent';

/** Facility 13 ("log audit"); notice for what succeeded, warning for denials and failures. */
const FACILITY = 13;
const severity = (outcome: string) => (outcome === 'denied' || outcome === 'failure' ? 4 : 5);

// RFC 5424 §6.3.3: inside a PARAM-VALUE, '"', '\' and ']' must be escaped.
const sdValue = (v: string) => v.replace(/["\\\]]/g, (c) => `\\${c}`);
// HOSTNAME, APP-NAME, MSGID: printable US-ASCII without spaces, bounded.
const token = (v: string, max: number) => v.replace(/[^\x21-\x7e]/g, '_').slice(0, max) || '-';

/**
 * One event as an RFC 5424 message. Structured data carries what a SIEM filters on (the
 * SD-ID uses 32473, the enterprise number RFC 5612 reserves for documentation, until the
 * product has its own); MSG is the record as JSON (already sanitised: no control characters).
 */
export function syslogMessage(r: AuditRecord, hostname: string): string {
  const pri = FACILITY * 8 + severity(r.outcome);
  const sd = `[marie@32473 org="${sdValue(r.org)}" device="${sdValue(r.device)}" seq="${r.seq}" outcome="${r.outcome}" actor="${sdValue(r.actor?.email ?? '')}" hash="${r.hash}"]`;
  return `<${pri}>1 ${r.time} ${token(hostname, 255)} marieide - ${token(r.action, 32)} ${sd} \uFEFF${JSON.stringify(r)}`;
}

/** RFC 6587 octet counting: "LEN SP MSG", LEN in bytes, so messages may contain newlines. */
export function octetFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `), body]);
}
