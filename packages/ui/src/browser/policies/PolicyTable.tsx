import type { PolicyExplanation } from '@marie/protocol';
import { policyColumns, PolicyRow } from './PolicyRow.js';

interface Props {
  rows: readonly PolicyExplanation[];
  descriptions: Readonly<Record<string, string>>;
  expanded: readonly string[];
  onToggle: (key: string) => void;
}

/** One row per key, with a details row (description, overridden sources, errors) on expand. */
export function PolicyTable({ rows, descriptions, expanded, onToggle }: Props) {
  return (
    <table className="preferences-table policy-table" aria-label="Policies">
      <thead>
        <tr>
          {policyColumns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <PolicyRow key={p.key} policy={p} description={descriptions[p.key]} expanded={expanded.includes(p.key)} onToggle={() => onToggle(p.key)} />
        ))}
      </tbody>
    </table>
  );
}
