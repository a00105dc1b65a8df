import { useEffect } from 'react';
import type { CommandId } from '@marie/protocol';
import { KeybindingResolver } from '../../common/index.js';
import { isMacPlatform, toKeyStroke } from './keyStroke.js';

/**
 * Workbench shortcuts, listened for on window in the capture phase: they reach us before
 * Monaco (or any input) sees the key, so Ctrl/Cmd+S saves while the editor has focus.
 * Keys that are not ours pass through untouched.
 */
export function useKeybindings(run: (id: CommandId) => void): void {
  useEffect(() => {
    const resolver = new KeybindingResolver(isMacPlatform());
    const onKeyDown = (e: KeyboardEvent) => {
      const stroke = toKeyStroke(e);
      if (!stroke) return;
      const result = resolver.press(stroke);
      if (result.kind === 'none') return;
      e.preventDefault();
      e.stopPropagation();
      if (result.kind === 'command') run(result.id);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [run]);
}
