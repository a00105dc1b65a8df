import type { SettingState } from '@marie/protocol';
import type { Workbench } from '../../common/index.js';
import { SettingsEditorModel } from '../../common/settingsEditor.js';
import { useSlice } from '../workbench/context.js';
import { LoadGate } from './LoadGate.js';
import { PreferencesFrame } from './PreferencesFrame.js';
import { SettingItem } from './SettingItem.js';
import { usePageModel } from './usePageModel.js';

const models = new WeakMap<Workbench, SettingsEditorModel>();

/** Settings in their registry order, grouped under their category headings. */
function byCategory(settings: readonly SettingState[]): [string, SettingState[]][] {
  const groups = new Map<string, SettingState[]>();
  for (const s of settings) groups.set(s.category, [...(groups.get(s.category) ?? []), s]);
  return [...groups];
}

/** The user's settings, editable unless a mandatory policy locks them. Loaded lazily. */
export default function SettingsEditor() {
  const model = usePageModel(models, (wb) => new SettingsEditorModel(wb.preferences.services.settings!));
  const state = useSlice(model.store, (s) => s);
  return (
    <PreferencesFrame title="Settings">
      <LoadGate phase={state.phase} error={state.loadError} what="settings">
        {byCategory(state.settings).map(([category, settings]) => (
          <section key={category} className="settings-group" aria-label={category}>
            <h2>{category}</h2>
            {settings.map((s) => (
              <SettingItem key={s.id} model={model} setting={s} draft={state.drafts[s.id]} error={state.errors[s.id]} saving={state.saving.includes(s.id)} />
            ))}
          </section>
        ))}
      </LoadGate>
    </PreferencesFrame>
  );
}
