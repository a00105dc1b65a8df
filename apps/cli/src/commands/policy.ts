import { formatPolicyExplanation, formatPolicyHelp, formatPolicyTable } from '@marie/enterprise-agent';
import { withLocalSession } from '../localHost.js';
import { printJson, UsageError } from '../output.js';

export interface PolicyArgs {
  action?: string;
  key?: string;
  json?: boolean;
}

/**
 * `marie policy show|explain|keys`: the effective policy as this machine's host sees it,
 * with provenance. JSON comes from the host's policy service, the same as the UI's.
 */
export async function policy(args: PolicyArgs): Promise<number> {
  if (args.action === 'keys') return void process.stdout.write(formatPolicyHelp() + '\n'), 0;
  if (args.action !== 'show' && args.action !== 'explain') throw new UsageError('policy needs one of: show, explain <key>, keys');
  if (args.action === 'explain' && !args.key) throw new UsageError('policy explain needs a policy name, e.g. TelemetryLevel');
  await withLocalSession([], async (session) => {
    if (args.action === 'show') {
      if (args.json) printJson(await session.policy.list({}));
      else process.stdout.write(formatPolicyTable(session.host.policy.engine.current) + '\n');
    } else if (args.json) {
      printJson(await session.policy.explain({ key: args.key! }));
    } else {
      await session.policy.explain({ key: args.key! }); // unknown keys fail here with their code
      process.stdout.write(formatPolicyExplanation(session.host.policy.engine.current, args.key!) + '\n');
    }
  });
  return 0;
}
