import { describe, expect, it } from 'vitest';
import { Emitter, ErrorCode, RpcError, type IPolicyService, type PolicyExplanation, type PolicyStatus } from '@marie/protocol';
import { PolicyPageModel } from './policyPage.js';

const entry = (key: string, value: unknown, source: PolicyExplanation['source'] = 'machine'): PolicyExplanation => ({ key, value, source, level: 'mandatory', scope: 'machine', overridden: [], errors: [] });
const status = (loadedAt: number): PolicyStatus => ({ loadedAt, errors: [], sources: [], cloud: { state: 'none', version: null, issuedAt: null, expiresAt: null, keyIds: [], lastRejection: null } });

/** A policy service whose sources the test edits; `reload` re-reads them like the host does. */
function fakePolicy() {
  const changes = new Emitter<PolicyExplanation[]>();
  const state = { onDisk: [entry('TelemetryLevel', 'error')], inForce: [entry('TelemetryLevel', 'error')], reloads: 0, failReload: false, listGate: undefined as Promise<void> | undefined };
  const service: IPolicyService = {
    list: async () => {
      const snapshot = state.inForce;
      await state.listGate;
      return snapshot;
    },
    explain: async ({ key }) => state.inForce.find((p) => p.key === key)!,
    status: async () => status(state.reloads),
    metadata: async () => [],
    reload: async () => {
      if (state.failReload) throw new RpcError(ErrorCode.Internal, 'disk on fire');
      state.reloads++;
      state.inForce = state.onDisk;
      return status(state.reloads);
    },
    onDidChange: changes.event,
  };
  return { service, state, changes };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('PolicyPageModel', () => {
  it('loads, then Reload re-reads the sources and shows the new value', async () => {
    const { service, state } = fakePolicy();
    const model = new PolicyPageModel(service);
    model.start();
    await settle();
    expect(model.store.getState()).toMatchObject({ phase: 'ready', policies: [{ value: 'error' }] });
    state.onDisk = [entry('TelemetryLevel', 'off')];
    await model.reload();
    expect(model.store.getState()).toMatchObject({ reloading: false, policies: [{ value: 'off' }], status: { loadedAt: 1 } });
  });

  it('follows the change event live, and stops listening when disposed', async () => {
    const { service, changes } = fakePolicy();
    const model = new PolicyPageModel(service);
    model.start();
    await settle();
    changes.fire([entry('TelemetryLevel', 'crash')]);
    expect(model.store.getState().policies[0]!.value).toBe('crash');
    model.dispose();
    changes.fire([entry('TelemetryLevel', 'all')]);
    expect(model.store.getState().policies[0]!.value).toBe('crash');
  });

  it('a slow first load does not overwrite a newer change event', async () => {
    const { service, state, changes } = fakePolicy();
    let open!: () => void;
    state.listGate = new Promise((r) => (open = r));
    const model = new PolicyPageModel(service);
    model.start();
    changes.fire([entry('TelemetryLevel', 'off')]);
    open();
    await settle();
    expect(model.store.getState().policies[0]!.value).toBe('off');
  });

  it('a failed reload keeps the values on screen and says why', async () => {
    const { service, state } = fakePolicy();
    const model = new PolicyPageModel(service);
    model.start();
    await settle();
    state.failReload = true;
    await model.reload();
    expect(model.store.getState()).toMatchObject({ phase: 'ready', reloadError: 'disk on fire', reloading: false, policies: [{ value: 'error' }] });
  });

  it('keeps filter, unset switch and expanded rows', () => {
    const model = new PolicyPageModel(fakePolicy().service);
    model.setFilter('tele');
    model.setShowUnset(true);
    model.toggleExpanded('A');
    model.toggleExpanded('B');
    model.toggleExpanded('A');
    expect(model.store.getState()).toMatchObject({ filter: 'tele', showUnset: true, expanded: ['B'] });
  });
});
