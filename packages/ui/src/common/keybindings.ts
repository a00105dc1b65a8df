import { commands, type CommandId } from '@marie/protocol';

/** One key press, platform-neutral: `key` is lower-case ("s", "pagedown", "f2"). */
export interface KeyStroke {
  key: string;
  ctrl: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

type Chord = KeyStroke;

/** "mod+shift+e" → a stroke; `mod` is Cmd on macOS and Ctrl elsewhere. */
export function parseChord(spec: string, isMac: boolean): Chord {
  const parts = spec.toLowerCase().split('+');
  const has = (m: string) => parts.includes(m);
  const mod = has('mod');
  return {
    key: parts[parts.length - 1]!,
    ctrl: has('ctrl') || (mod && !isMac),
    meta: has('meta') || has('cmd') || (mod && isMac),
    alt: has('alt'),
    shift: has('shift'),
  };
}

const sameStroke = (a: KeyStroke, b: KeyStroke) => a.key === b.key && a.ctrl === b.ctrl && a.meta === b.meta && a.alt === b.alt && a.shift === b.shift;

export type KeyResult = { kind: 'command'; id: CommandId } | { kind: 'pending' } | { kind: 'none' } | { kind: 'cancelled' };

/**
 * Matches key presses against the shared command table, chords ("mod+k mod+o") included.
 * After the first stroke of a chord, the next stroke either completes it or cancels it.
 */
export class KeybindingResolver {
  private readonly bindings: { id: CommandId; chords: Chord[] }[];
  private pending: KeyStroke | undefined;

  constructor(isMac: boolean, table: Readonly<Record<CommandId, { key: string }>> = commands) {
    this.bindings = (Object.keys(table) as CommandId[]).map((id) => ({ id, chords: table[id].key.split(' ').map((c) => parseChord(c, isMac)) }));
  }

  press(stroke: KeyStroke): KeyResult {
    const first = this.pending;
    this.pending = undefined;
    if (first) {
      const hit = this.bindings.find((b) => b.chords.length === 2 && sameStroke(b.chords[0]!, first) && sameStroke(b.chords[1]!, stroke));
      return hit ? { kind: 'command', id: hit.id } : { kind: 'cancelled' };
    }
    const single = this.bindings.find((b) => b.chords.length === 1 && sameStroke(b.chords[0]!, stroke));
    if (single) return { kind: 'command', id: single.id };
    if (this.bindings.some((b) => b.chords.length === 2 && sameStroke(b.chords[0]!, stroke))) {
      this.pending = stroke;
      return { kind: 'pending' };
    }
    return { kind: 'none' };
  }
}

export function isCommandId(value: unknown): value is CommandId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(commands, value);
}
