import type { CloudPolicyStatus, PolicyStatus } from '@marie/protocol';

const sourceStates: Record<PolicyStatus['sources'][number]['state'], string> = {
  ok: 'Read',
  absent: 'Not present',
  refused: 'Refused',
  error: 'Error',
};

function cloudLine(cloud: CloudPolicyStatus): string {
  if (cloud.state === 'none') return 'No signed cloud policy.';
  const version = cloud.version === null ? '' : ` version ${cloud.version}`;
  const expires = cloud.expiresAt === null ? '' : `, expires ${new Date(cloud.expiresAt).toLocaleString()}`;
  return cloud.state === 'expired' ? `Cloud policy${version} has expired.` : `Cloud policy${version} is active${expires}.`;
}

/** The page's header: when the sources were read, where from, and problems outside any key. */
export function PolicySummary({ status }: { status: PolicyStatus }) {
  const rejection = status.cloud.lastRejection;
  // Most machines use one mechanism; the other platforms' locations are noise unless asked for.
  const present = status.sources.filter((s) => s.state !== 'absent');
  const absent = status.sources.filter((s) => s.state === 'absent');
  return (
    <section className="policy-summary" aria-label="Policy sources">
      <p data-testid="policies-loaded-at">Read at {new Date(status.loadedAt).toLocaleTimeString()}.</p>
      {present.length === 0 ? <p>No policy is installed for this machine or user.</p> : null}
      <table className="preferences-table" hidden={present.length === 0}>
        <caption>Sources</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Level</th>
            <th scope="col">Location</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {present.map((s) => (
            <tr key={`${s.source}/${s.level}/${s.location}`} data-state={s.state}>
              <td>{s.source}</td>
              <td>{s.level}</td>
              <td>
                <code>{s.location}</code>
              </td>
              <td>{sourceStates[s.state]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {absent.length ? (
        <details>
          <summary>{absent.length} other locations hold no policy</summary>
          <ul>
            {absent.map((s) => (
              <li key={`${s.source}/${s.level}/${s.location}`}>
                {s.source} {s.level}: <code>{s.location}</code>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <p>{cloudLine(status.cloud)}</p>
      {rejection ? (
        <p className="field-error">
          Last cloud bundle{rejection.version === null ? '' : ` (version ${rejection.version})`} was rejected: {rejection.reason}
        </p>
      ) : null}
      {status.errors.length ? (
        <div role="group" aria-label="Errors outside any policy">
          <h2>Errors</h2>
          <ul className="policy-errors">
            {status.errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
