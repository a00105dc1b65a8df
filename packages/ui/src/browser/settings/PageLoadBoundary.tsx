import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  onClose: () => void;
}

/**
 * A page whose chunk failed to load (the server was updated, the network dropped) must not
 * take the whole workbench down with it: say so, and let the user close it.
 */
export class PageLoadBoundary extends Component<Props, { failure: string | undefined }> {
  override state = { failure: undefined as string | undefined };

  static getDerivedStateFromError(e: unknown) {
    return { failure: e instanceof Error ? e.message : String(e) };
  }

  override render() {
    if (this.state.failure === undefined) return this.props.children;
    return (
      <div className="preferences-loading" role="alert">
        <p>This page could not be opened: {this.state.failure}</p>
        <button type="button" onClick={this.props.onClose}>
          Close
        </button>
      </div>
    );
  }
}
