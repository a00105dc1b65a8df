import { Component, type ReactNode } from 'react';

interface State {
  error: string | undefined;
}

/** If the editor itself fails (e.g. its code could not load), say so instead of a blank area. */
export class EditorErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(e: unknown): State {
    return { error: e instanceof Error ? e.message : 'Unknown error' };
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="editor-message" role="alert">
          The editor could not be loaded: {this.state.error}
        </div>
      );
    }
    return this.props.children;
  }
}
