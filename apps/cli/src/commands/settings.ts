import type { SettingState } from '@marie/protocol';
import { withLocalSession } from '../localHost.js';
import { printJson, UsageError } from '../output.js';

export interface SettingsArgs {
  action?: string;
  id?: string;
  value?: string;
  json?: boolean;
}

/** `marie settings list|set|reset`: the settings page, from the terminal. */
export async function settings(args: SettingsArgs): Promise<number> {
  if (!['list', 'set', 'reset'].includes(args.action ?? '')) throw new UsageError('settings needs one of: list, set <id> <value>, reset <id>');
  if (args.action !== 'list' && !args.id) throw new UsageError(`settings ${args.action} needs a setting id, e.g. update.mode`);
  if (args.action === 'set' && args.value === undefined) throw new UsageError('settings set needs a value (JSON, or a bare word for text)');
  await withLocalSession([], async (session) => {
    if (args.action === 'list') {
      const all = await session.settings.list({});
      if (args.json) printJson(all);
      else for (const s of all) process.stdout.write(line(s));
    } else {
      const s = args.action === 'set' ? await session.settings.update({ id: args.id!, value: parseValue(args.value!) }) : await session.settings.reset({ id: args.id! });
      if (args.json) printJson(s);
      else process.stdout.write(line(s));
    }
  });
  return 0;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function line(s: SettingState): string {
  const managed = s.locked ? `  [managed by your organization: ${s.managedBy!.source} policy ${s.policy}]` : s.managedBy ? `  [recommended by ${s.managedBy.source} policy]` : '';
  return `${s.id} = ${JSON.stringify(s.value)}${managed}\n`;
}
