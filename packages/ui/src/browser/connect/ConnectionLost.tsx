/** The whole page when there is no host: nothing else can work, so say so plainly. */
export function ConnectionLost({ reason }: { reason?: string }) {
  return (
    <main className="connection-lost" role="alert" aria-labelledby="connection-lost-title">
      <h1 id="connection-lost-title">Disconnected from the host</h1>
      <p>{reason ?? 'The connection to the MarieIDE host was lost. Unsaved changes in this window cannot be saved.'}</p>
      <button type="button" className="primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </main>
  );
}
