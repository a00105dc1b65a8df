import { DESKTOP_BRIDGE_KEY, type DesktopBridge } from '@marie/protocol';
import { isCommandId } from '../../common/index.js';
import type { CommandSource } from '../App.js';

/** The preload's bridge, plus menu commands if this preload delivers them. */
interface BridgeWithCommands extends DesktopBridge {
  onCommand?(listener: (command: string) => void): unknown;
}

/** The Electron preload's bridge, when running in the desktop app. */
export function desktopBridge(): BridgeWithCommands | undefined {
  const bridge = (window as unknown as Record<string, unknown>)[DESKTOP_BRIDGE_KEY];
  return bridge && typeof bridge === 'object' && typeof (bridge as DesktopBridge).requestHostPort === 'function' ? (bridge as BridgeWithCommands) : undefined;
}

/** Menu commands from the desktop main process, validated against the shared command table. */
export function desktopCommandSource(bridge: BridgeWithCommands): CommandSource | undefined {
  const onCommand = bridge.onCommand;
  if (typeof onCommand !== 'function') return undefined;
  return (listener) => {
    const handle = onCommand.call(bridge, (command) => isCommandId(command) && listener(command));
    return () => {
      if (typeof handle === 'function') handle();
      else if (handle && typeof (handle as { dispose?: unknown }).dispose === 'function') (handle as { dispose(): void }).dispose();
    };
  };
}
