import { useId } from 'react';
import type { SettingState } from '@marie/protocol';
import type { SettingsEditorModel } from '../../common/settingsEditor.js';
import { ManagedBadge } from './ManagedBadge.js';
import { SettingControl } from './SettingControl.js';

interface Props {
  model: SettingsEditorModel;
  setting: SettingState;
  draft: string | undefined;
  error: string | undefined;
  saving: boolean;
}

/**
 * One setting: title, description, lock or recommendation, the control, its error, Reset.
 * Only a lock disables the control: disabling it while a change is saved would throw the
 * keyboard focus out of it (the host applies changes in order, so sending more is safe).
 */
export function SettingItem({ model, setting: s, draft, error, saving }: Props) {
  const ids = { control: useId(), description: useId(), managed: useId(), error: useId() };
  const recommended = !s.locked && s.managedBy?.level === 'recommended' && s.userValue === undefined;
  const describedBy = [ids.description, s.locked ? ids.managed : null, error ? ids.error : null].filter(Boolean).join(' ');
  return (
    <div className="setting-item" data-setting={s.id} data-locked={s.locked} aria-busy={saving || undefined}>
      <div className="setting-heading">
        <label htmlFor={ids.control}>{s.title}</label>
        <code className="setting-id">{s.id}</code>
        {s.locked ? <ManagedBadge id={ids.managed} setting={s} /> : null}
      </div>
      <p id={ids.description} className="setting-description">
        {s.description}
      </p>
      {recommended ? <p className="setting-note">Default recommended by your organization ({s.managedBy!.source} policy {s.policy}).</p> : null}
      <div className="setting-row">
        <SettingControl id={ids.control} model={model} setting={s} draft={draft} disabled={s.locked} invalid={Boolean(error)} describedBy={describedBy} />
        <button type="button" onClick={() => void model.reset(s.id)} disabled={s.locked || (s.userValue === undefined && draft === undefined)} aria-label={`Reset ${s.title}`}>
          Reset
        </button>
      </div>
      {error ? (
        <p id={ids.error} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
