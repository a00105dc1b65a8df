import { describe, expect, it } from 'vitest';
import { Emitter, ErrorCode, RpcError, type ISettingsService, type SettingState } from '@marie/protocol';
import { SettingsEditorModel } from './settingsEditor.js';

const proxy = (o: Partial<SettingState> = {}): SettingState => ({
  id: 'http.noProxy',
  title: 'Http: No Proxy',
  description: 'Hosts reached directly.',
  category: 'Network',
  type: { kind: 'list', item: 'host-pattern', maxItems: 3 },
  default: [],
  value: [],
  policy: 'ProxyBypassList',
  locked: false,
  ...o,
});

/** A settings service that refuses locked settings and hosts with a space, like the host would. */
function fakeSettings() {
  const changes = new Emitter<SettingState[]>();
  const state = { setting: proxy(), calls: [] as unknown[] };
  const service: ISettingsService = {
    list: async () => [state.setting],
    update: async ({ id, value }) => {
      state.calls.push(value);
      if (state.setting.locked) throw new RpcError(ErrorCode.PolicyDenied, `${id} is managed by your organization`);
      if ((value as string[]).some((v) => v.includes(' '))) throw new RpcError(ErrorCode.InvalidInput, `${id}: not a host pattern`);
      state.setting = { ...state.setting, value, userValue: value };
      return state.setting;
    },
    reset: async () => (state.setting = proxy({ locked: state.setting.locked })),
    onDidChange: changes.event,
  };
  return { service, state, changes };
}

async function started() {
  const fake = fakeSettings();
  const model = new SettingsEditorModel(fake.service);
  model.start();
  await new Promise((r) => setTimeout(r, 0));
  return { ...fake, model };
}

describe('SettingsEditorModel', () => {
  it('applies a valid draft and forgets it once the host accepted it', async () => {
    const { model, state } = await started();
    model.edit('http.noProxy', 'a.example\nb.example');
    expect(await model.commitDraft('http.noProxy')).toBe(true);
    expect(state.calls).toEqual([['a.example', 'b.example']]);
    expect(model.store.getState()).toMatchObject({ drafts: {}, errors: {}, saving: [], settings: [{ value: ['a.example', 'b.example'] }] });
  });

  it('a typo is caught before the wire; the text stays as typed', async () => {
    const { model, state } = await started();
    model.edit('http.noProxy', 'a\nb\nc\nd');
    expect(await model.commitDraft('http.noProxy')).toBe(false);
    expect(state.calls).toEqual([]);
    expect(model.store.getState()).toMatchObject({ drafts: { 'http.noProxy': 'a\nb\nc\nd' }, errors: { 'http.noProxy': 'At most 3 entries.' } });
  });

  it("the host's refusal is shown inline and the draft is kept; typing clears the error", async () => {
    const { model } = await started();
    model.edit('http.noProxy', 'bad host');
    expect(await model.commitDraft('http.noProxy')).toBe(false);
    expect(model.store.getState()).toMatchObject({ drafts: { 'http.noProxy': 'bad host' }, errors: { 'http.noProxy': 'http.noProxy: not a host pattern' } });
    model.edit('http.noProxy', 'good.host');
    expect(model.store.getState().errors).toEqual({});
  });

  it('a setting locked live by policy refuses the change and keeps the draft for later', async () => {
    const { model, state, changes } = await started();
    model.edit('http.noProxy', 'a.example');
    state.setting = proxy({ locked: true, value: ['corp.example'], managedBy: { source: 'machine', level: 'mandatory' } });
    changes.fire([state.setting]);
    expect(model.setting('http.noProxy')).toMatchObject({ locked: true, value: ['corp.example'] });
    expect(await model.commitDraft('http.noProxy')).toBe(false);
    expect(model.store.getState()).toMatchObject({ drafts: { 'http.noProxy': 'a.example' }, errors: { 'http.noProxy': expect.stringContaining('managed by your organization') } });
  });

  it('reset drops the user value and the draft', async () => {
    const { model } = await started();
    await model.update('http.noProxy', ['x.example']);
    model.edit('http.noProxy', 'y.example');
    expect(await model.reset('http.noProxy')).toBe(true);
    expect(model.store.getState()).toMatchObject({ drafts: {}, settings: [{ value: [] }] });
  });
});
