import { existsSync } from 'node:fs';
import { verifyExportFile, type ExportVerdict } from '@marie/enterprise-agent/node';
import { printJson, UsageError } from '../output.js';

/**
 * `marie audit verify <export.jsonl> [--json]`: checks an export offline (hashes, links,
 * sequence continuity, checkpoint signatures). Exit 0 when every device's chain verifies,
 * 1 when one is broken (its first broken sequence is named), 2 for usage errors.
 */
export async function auditVerify(args: { file?: string; json?: boolean }): Promise<number> {
  if (!args.file) throw new UsageError('audit verify needs the export file (JSON Lines)');
  if (!existsSync(args.file)) throw new UsageError(`${args.file} does not exist`);
  const verdict = await verifyExportFile(args.file);
  if (args.json) printJson(verdict);
  else process.stdout.write(verdictText(verdict));
  return verdict.ok ? 0 : 1;
}

function verdictText(v: ExportVerdict): string {
  const out: string[] = [];
  for (const b of v.badLines) out.push(`line ${b.line}: ${b.reason}`);
  if (v.devices.length === 0) out.push('no audit records in the file');
  for (const d of v.devices) {
    const range = d.firstSeq === null ? 'no records' : `sequences ${d.firstSeq}–${d.lastSeq ?? d.firstSeq}`;
    if (d.brokenAt === null) out.push(`device ${d.device} (${d.org || 'no org'}): OK, ${d.events} records, ${range}, ${d.checkpointsVerified} signed checkpoints verified, anchored up to ${d.anchoredSeq}`);
    else out.push(`device ${d.device} (${d.org || 'no org'}): BROKEN at sequence ${d.brokenAt}: ${d.reason}`);
    for (const w of d.warnings) out.push(`  note: ${w}`);
  }
  if (v.alerts.length) {
    out.push(`server alerts in the export: ${v.alerts.length}`);
    for (const a of v.alerts.slice(0, 20)) out.push(`  ${a.at} ${a.device} ${a.kind}${a.seq === null ? '' : ` at ${a.seq}`}: ${a.detail}`);
  }
  out.push(v.ok ? 'verified' : 'VERIFICATION FAILED');
  return `${out.join('\n')}\n`;
}
