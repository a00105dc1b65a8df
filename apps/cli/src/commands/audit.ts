import { UsageError } from '../output.js';
import { auditStatus } from './auditStatus.js';
import { auditVerify } from './auditVerify.js';

export const AUDIT_HELP = `  marie audit status [--json]
      The local audit outbox: queue depth, oldest pending event, last acknowledged
      sequence, last signed checkpoint.
  marie audit verify <export.jsonl> [--json]
      Checks an audit export offline: hashes, chain links, sequence continuity and
      checkpoint signatures. Names the first broken sequence; exit 1 when broken.
`;

export async function audit(args: { action?: string; rest: string[]; json?: boolean }): Promise<number> {
  switch (args.action) {
    case 'status':
      if (args.rest.length) throw new UsageError('audit status takes no arguments besides --json');
      return auditStatus({ json: args.json });
    case 'verify':
      if (args.rest.length !== 1) throw new UsageError('audit verify takes one export file');
      return auditVerify({ file: args.rest[0], json: args.json });
    default:
      throw new UsageError('audit takes status or verify');
  }
}
