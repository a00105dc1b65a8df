import type { Workbench } from '../../common/index.js';
import { PolicyPageModel } from '../../common/policyPage.js';
import { visiblePolicies } from '../../common/policyRows.js';
import { LoadGate } from '../settings/LoadGate.js';
import { PreferencesFrame } from '../settings/PreferencesFrame.js';
import { usePageModel } from '../settings/usePageModel.js';
import { useSlice } from '../workbench/context.js';
import { PolicyFilters } from './PolicyFilters.js';
import { PolicySummary } from './PolicySummary.js';
import { PolicyTable } from './PolicyTable.js';

const models = new WeakMap<Workbench, PolicyPageModel>();

/** Every policy key with its value and provenance, in the spirit of chrome://policy. Loaded lazily. */
export default function PoliciesPage() {
  const model = usePageModel(models, (wb) => new PolicyPageModel(wb.preferences.services.policy!));
  const state = useSlice(model.store, (s) => s);
  const rows = visiblePolicies(state.policies, state.filter, state.showUnset);
  const reload = (
    <button type="button" className="primary" onClick={() => void model.reload()} disabled={state.reloading} aria-busy={state.reloading || undefined}>
      {state.reloading ? 'Reloading…' : 'Reload policies'}
    </button>
  );
  return (
    <PreferencesFrame title="Policies" actions={reload}>
      {state.reloadError ? (
        <p className="field-error" role="alert">
          Reload failed: {state.reloadError}
        </p>
      ) : null}
      <LoadGate phase={state.phase} error={state.loadError} what="policies">
        {state.status ? <PolicySummary status={state.status} /> : null}
        <PolicyFilters model={model} filter={state.filter} showUnset={state.showUnset} />
        <PolicyTable rows={rows} descriptions={state.descriptions} expanded={state.expanded} onToggle={(key) => model.toggleExpanded(key)} />
        {rows.length === 0 ? <p className="preferences-empty">{state.showUnset || state.filter ? 'No policy matches the filter.' : 'No policy is set. Check “Show policies with no value set” to see every key.'}</p> : null}
      </LoadGate>
    </PreferencesFrame>
  );
}
