import { createStore, type StoreApi } from 'zustand/vanilla';
import { toWireError } from '@marie/editor-core';
import type { IIndexService, OutlineNode } from '@marie/protocol';

export interface OutlineState {
  readonly path: string | undefined;
  readonly nodes: readonly OutlineNode[];
  readonly loading: boolean;
  readonly error: string | undefined;
}

/**
 * The outline of one file, asked from the index. Answers for a file that is no longer the
 * one shown (or for an older request of the same file) are dropped.
 */
export class OutlineModel {
  readonly store: StoreApi<OutlineState> = createStore<OutlineState>(() => ({ path: undefined, nodes: [], loading: false, error: undefined }));
  private generation = 0;
  private inFlight: AbortController | undefined;

  constructor(private readonly index: Pick<IIndexService, 'outline'>) {}

  /** Shows `path`'s outline (none for undefined); asks again even if it is the same file. */
  async load(path: string | undefined): Promise<void> {
    const generation = ++this.generation;
    this.inFlight?.abort();
    const samePath = path === this.store.getState().path;
    this.store.setState({ path, loading: path !== undefined, error: undefined, ...(samePath ? {} : { nodes: [] }) });
    if (!path) return;
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      const nodes = await this.index.outline({ path }, controller.signal);
      if (generation === this.generation) this.store.setState({ nodes, loading: false });
    } catch (e) {
      if (generation === this.generation) this.store.setState({ loading: false, error: toWireError(e).message });
    }
  }
}
