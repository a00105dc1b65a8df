import { commands, type CommandId } from '@marie/protocol';

/** main → renderer: a menu item was clicked; the payload is one `CommandId`. */
export const MENU_COMMAND_CHANNEL = 'marie:command';

/** Own keys only, so "toString" or "__proto__" never pass as commands. */
export function isCommandId(value: unknown): value is CommandId {
  return typeof value === 'string' && Object.hasOwn(commands, value);
}
