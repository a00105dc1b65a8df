import type { PolicyPageModel } from '../../common/policyPage.js';

interface Props {
  model: PolicyPageModel;
  filter: string;
  showUnset: boolean;
}

/** The filter box (focused once the policies are there: it mounts after the first load) and chrome://policy's "show unset" switch. */
export function PolicyFilters({ model, filter, showUnset }: Props) {
  return (
    <div className="policy-filters">
      <label>
        Filter policies
        <input type="search" autoFocus value={filter} spellCheck={false} autoComplete="off" placeholder="Name or value" onChange={(e) => model.setFilter(e.target.value)} />
      </label>
      <label className="checkbox-label">
        <input type="checkbox" checked={showUnset} onChange={(e) => model.setShowUnset(e.target.checked)} />
        Show policies with no value set
      </label>
    </div>
  );
}
