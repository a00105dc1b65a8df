import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Disposable, ISettingsService, SettingState } from '@marie/protocol';
import { toWireError } from '@marie/editor-core';
import { LiveSnapshot } from './liveSnapshot.js';
import { parseSettingText } from './settingValue.js';

type ById<T> = Readonly<Record<string, T>>;

export interface SettingsEditorState {
  readonly phase: 'loading' | 'ready' | 'failed';
  readonly settings: readonly SettingState[];
  readonly loadError: string | undefined;
  /**
   * What the user typed and the host has not accepted yet. Kept through refusals and live
   * updates, so a rejected or interrupted edit is never lost; cleared once accepted.
   */
  readonly drafts: ById<string>;
  /** The last problem per setting (the user's typo or the host's refusal), shown inline. */
  readonly errors: ById<string>;
  readonly saving: readonly string[];
}

const without = <T>(record: ById<T>, id: string): ById<T> => {
  const { [id]: _dropped, ...rest } = record;
  return rest;
};

/** The Settings editor's state over ISettingsService, kept current while the editor is open. */
export class SettingsEditorModel implements Disposable {
  readonly store: StoreApi<SettingsEditorState> = createStore<SettingsEditorState>(() => ({
    phase: 'loading',
    settings: [],
    loadError: undefined,
    drafts: {},
    errors: {},
    saving: [],
  }));
  private readonly live: LiveSnapshot<SettingState[]>;

  constructor(private readonly service: ISettingsService) {
    this.live = new LiveSnapshot(
      { read: () => service.list({}), onDidChange: service.onDidChange },
      {
        ready: (settings) => this.store.setState({ phase: 'ready', settings, loadError: undefined }),
        failed: (loadError) => this.store.getState().phase !== 'ready' && this.store.setState({ phase: 'failed', loadError }),
      },
    );
  }

  start(): void {
    this.live.start();
  }

  setting(id: string): SettingState | undefined {
    return this.store.getState().settings.find((s) => s.id === id);
  }

  edit(id: string, text: string): void {
    this.store.setState((s) => ({ drafts: { ...s.drafts, [id]: text }, errors: without(s.errors, id) }));
  }

  /** Sends the draft of a text-like control (Enter or leaving the field). */
  async commitDraft(id: string): Promise<boolean> {
    const setting = this.setting(id);
    const draft = this.store.getState().drafts[id];
    if (!setting || draft === undefined) return true;
    const parsed = parseSettingText(setting.type, draft);
    if (!parsed.ok) {
      this.fail(id, parsed.problem);
      return false;
    }
    return this.update(id, parsed.value);
  }

  /** Sends a value (checkboxes and lists of choices send at once). */
  async update(id: string, value: unknown): Promise<boolean> {
    return this.send(id, () => this.service.update({ id, value }));
  }

  /** Back to the recommended or default value; drops any draft. */
  async reset(id: string): Promise<boolean> {
    return this.send(id, () => this.service.reset({ id }));
  }

  dispose(): void {
    this.live.dispose();
  }

  private async send(id: string, call: () => Promise<SettingState>): Promise<boolean> {
    this.store.setState((s) => ({ saving: [...s.saving, id] }));
    try {
      const next = await call();
      this.store.setState((s) => ({
        settings: s.settings.map((x) => (x.id === id ? next : x)),
        drafts: without(s.drafts, id),
        errors: without(s.errors, id),
      }));
      return true;
    } catch (e) {
      this.fail(id, toWireError(e).message);
      return false;
    } finally {
      this.store.setState((s) => ({ saving: s.saving.filter((x) => x !== id) }));
    }
  }

  private fail(id: string, problem: string): void {
    this.store.setState((s) => ({ errors: { ...s.errors, [id]: problem } }));
  }
}
