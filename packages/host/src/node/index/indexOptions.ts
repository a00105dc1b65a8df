/** How the host runs the workspace index (`HostOptions.index`). */
export interface HostIndexOptions {
  /** Default true. The CLI turns it off for commands that never search. */
  enabled?: boolean;
  /**
   * Folder under which each set of roots gets its own index folder (tests pass a temp
   * folder). Default: the indexer's per-workspace location in the XDG cache, which the
   * CLI shares, so either one reuses what the other built.
   */
  indexDir?: string;
  /** Parse worker threads; default one per core. */
  workers?: number;
  /** Follow changes on disk (default true). */
  watch?: boolean;
  /** Gitignore-style patterns excluded in every root; default `DEFAULT_EXCLUDES` (the setting adds to either). */
  excludes?: readonly string[];
  /**
   * The index opens by itself this long after the host is ready (default 1500 ms), so
   * parse workers never compete with the workbench's first paint; any index request opens
   * it at once. Negative: only a request opens it.
   */
  startDelayMs?: number;
}

/**
 * Always left out: dependency and VCS folders are noise in every search. The user's
 * `files.exclude` setting (policy `WorkspaceExcludes`) adds to these.
 */
export const DEFAULT_EXCLUDES: readonly string[] = ['node_modules/', '.git/', '.hg/', '.svn/'];

export const DEFAULT_START_DELAY_MS = 1500;
