import { useId } from 'react';
import type { PolicyExplanation } from '@marie/protocol';
import { formatPolicyValue, policyRowStatus, policyStatusLabels } from '../../common/policyRows.js';

interface Props {
  policy: PolicyExplanation;
  description: string | undefined;
  expanded: boolean;
  onToggle: () => void;
}

/** The table's columns; the details row spans them all. */
export const policyColumns = ['Policy', 'Value', 'Source', 'Level', 'Scope', 'Status', 'Details'] as const;

// Managed sources have a level; the user's settings and the built-in default do not.
const hasLevel = (p: PolicyExplanation) => p.source !== 'user' && p.source !== 'default';

/** A key's row and, when expanded, the row under it that tells the rest of its story. */
export function PolicyRow({ policy: p, description, expanded, onToggle }: Props) {
  const detailsId = useId();
  const status = policyRowStatus(p);
  return (
    <>
      <tr data-policy={p.key} data-status={status}>
        <th scope="row">{p.key}</th>
        <td>
          <code className="policy-value">{formatPolicyValue(p.value)}</code>
        </td>
        <td>{p.source}</td>
        <td>{hasLevel(p) ? p.level : '—'}</td>
        <td>{hasLevel(p) ? p.scope : '—'}</td>
        <td>
          <span className={`policy-status policy-status-${status}`}>{policyStatusLabels[status]}</span>
          {p.errors.length ? (
            <ul className="policy-errors">
              {p.errors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          ) : null}
        </td>
        <td>
          <button type="button" aria-expanded={expanded} aria-controls={expanded ? detailsId : undefined} aria-label={`${expanded ? 'Hide' : 'Show'} details of ${p.key}`} onClick={onToggle}>
            {expanded ? 'Show less' : 'Show more'}
          </button>
        </td>
      </tr>
      {expanded ? (
        <tr id={detailsId} className="policy-details">
          <td colSpan={policyColumns.length}>
            {description ? <p>{description}</p> : null}
            {p.overridden.length ? (
              <table className="preferences-table" aria-label={`Sources overridden for ${p.key}`}>
                <thead>
                  <tr>
                    <th scope="col">Overridden source</th>
                    <th scope="col">Its value</th>
                  </tr>
                </thead>
                <tbody>
                  {p.overridden.map((o, i) => (
                    <tr key={i}>
                      <td>{o.source}</td>
                      <td>
                        <code>{formatPolicyValue(o.value)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>No other source sets this policy.</p>
            )}
          </td>
        </tr>
      ) : null}
    </>
  );
}
