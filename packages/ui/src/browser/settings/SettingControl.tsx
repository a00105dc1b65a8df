import type { KeyboardEvent } from 'react';
import type { SettingState } from '@marie/protocol';
import type { SettingsEditorModel } from '../../common/settingsEditor.js';
import { settingControlKind, settingText } from '../../common/settingValue.js';

interface Props {
  id: string;
  model: SettingsEditorModel;
  setting: SettingState;
  draft: string | undefined;
  disabled: boolean;
  invalid: boolean;
  describedBy: string;
}

/**
 * The input for one setting, chosen by its declared type. Choices apply at once; typed
 * values apply on Enter (Ctrl/Cmd+Enter in a multi-line field) or when focus leaves, and
 * stay as typed until the host accepts them. A locked setting shows the enforced value.
 */
export function SettingControl({ id, model, setting: s, draft, disabled, invalid, describedBy }: Props) {
  const common = { id, disabled, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy };
  const kind = settingControlKind(s.type);
  if (kind === 'checkbox') {
    return <input type="checkbox" {...common} checked={s.value === true} onChange={(e) => void model.update(s.id, e.target.checked)} />;
  }
  if (kind === 'select' && s.type.kind === 'enum') {
    return (
      <select {...common} value={String(s.value)} onChange={(e) => void model.update(s.id, e.target.value)}>
        {s.type.values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  }
  // A lock wins over a draft: show what is enforced; the draft waits in the model.
  const text = s.locked || draft === undefined ? settingText(s.type, s.value) : draft;
  const commit = () => void model.commitDraft(s.id);
  const multiLine = kind === 'lines' || kind === 'json';
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (!multiLine || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      commit();
    }
  };
  const field = { ...common, value: text, spellCheck: false, autoComplete: 'off', onBlur: commit, onKeyDown };
  if (multiLine) return <textarea {...field} rows={Math.min(8, Math.max(3, text.split('\n').length + 1))} onChange={(e) => model.edit(s.id, e.target.value)} />;
  return <input type="text" inputMode={kind === 'number' ? 'numeric' : undefined} {...field} onChange={(e) => model.edit(s.id, e.target.value)} />;
}
