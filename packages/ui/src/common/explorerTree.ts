import type { FileKind, FileStat, WorkspaceRoot } from '@marie/protocol';

/** One entry of the explorer. Folders know their listed children and how many exist in all. */
export interface TreeNode {
  readonly path: string;
  readonly name: string;
  readonly kind: FileKind;
  /** 1 for roots. */
  readonly depth: number;
  readonly parent: string | undefined;
  readonly expanded: boolean;
  /** Listed children in host order; undefined until first listed. */
  readonly children: readonly string[] | undefined;
  /** How many children the host reported in all (more may follow `nextCursor`). */
  readonly total: number;
  readonly nextCursor: number | undefined;
  readonly loading: boolean;
}

/** A rendered line: an entry, or a stand-in for a not-yet-listed child of a paged folder. */
export type TreeRow =
  | { readonly kind: 'node'; readonly node: TreeNode; readonly posInSet: number; readonly setSize: number }
  | { readonly kind: 'pending'; readonly parent: string; readonly depth: number };

export interface TreeData {
  readonly roots: readonly string[];
  readonly nodes: ReadonlyMap<string, TreeNode>;
}

export const emptyTree: TreeData = { roots: [], nodes: new Map() };

export const isFolder = (node: Pick<TreeNode, 'kind'>) => node.kind === 'directory';

function newNode(stat: Pick<FileStat, 'path' | 'name' | 'kind'>, depth: number, parent: string | undefined): TreeNode {
  return { path: stat.path, name: stat.name, kind: stat.kind, depth, parent, expanded: false, children: undefined, total: 0, nextCursor: undefined, loading: false };
}

/** Replaces the roots, keeping what is known about roots that stay. Roots start expanded. */
export function setRoots(tree: TreeData, roots: readonly WorkspaceRoot[]): TreeData {
  const nodes = new Map<string, TreeNode>();
  for (const root of roots) {
    const old = tree.nodes.get(root.path);
    if (old && old.depth === 1) copySubtree(tree.nodes, nodes, root.path);
    else nodes.set(root.path, { ...newNode({ path: root.path, name: root.name, kind: 'directory' }, 1, undefined), expanded: true });
  }
  return { roots: roots.map((r) => r.path), nodes };
}

function copySubtree(from: ReadonlyMap<string, TreeNode>, to: Map<string, TreeNode>, path: string): void {
  const node = from.get(path);
  if (!node) return;
  to.set(path, node);
  node.children?.forEach((c) => copySubtree(from, to, c));
}

export function updateNode(tree: TreeData, path: string, patch: Partial<TreeNode>): TreeData {
  const node = tree.nodes.get(path);
  if (!node) return tree;
  const nodes = new Map(tree.nodes);
  nodes.set(path, { ...node, ...patch });
  return { ...tree, nodes };
}

/**
 * Sets a folder's listed children. `append` adds a following page; otherwise the list is
 * replaced, and children that vanished are dropped with everything under them, while
 * children that stay keep their own state (expanded, listed).
 */
export function setChildren(tree: TreeData, folder: string, page: { entries: readonly FileStat[]; total: number; nextCursor?: number }, append: boolean): TreeData {
  const parent = tree.nodes.get(folder);
  if (!parent) return tree;
  const nodes = new Map(tree.nodes);
  const previous = parent.children ?? [];
  const incoming = page.entries.map((e) => e.path);
  const known = new Set(previous);
  const children = append ? [...previous, ...incoming.filter((p) => !known.has(p))] : incoming;
  if (!append) {
    const keep = new Set(children);
    for (const old of previous) if (!keep.has(old)) removeSubtree(nodes, old);
  }
  for (const entry of page.entries) {
    const existing = nodes.get(entry.path);
    nodes.set(entry.path, existing && existing.kind === entry.kind ? { ...existing, name: entry.name } : newNode(entry, parent.depth + 1, folder));
  }
  nodes.set(folder, { ...parent, children, total: Math.max(page.total, children.length), nextCursor: page.nextCursor, loading: false });
  return { ...tree, nodes };
}

function removeSubtree(nodes: Map<string, TreeNode>, path: string): void {
  nodes.get(path)?.children?.forEach((c) => removeSubtree(nodes, c));
  nodes.delete(path);
}

/** The visible rows, depth first. Unlisted children of a paged folder become pending rows. */
export function flattenTree(tree: TreeData): TreeRow[] {
  const rows: TreeRow[] = [];
  const visit = (path: string, posInSet: number, setSize: number) => {
    const node = tree.nodes.get(path);
    if (!node) return;
    rows.push({ kind: 'node', node, posInSet, setSize });
    if (!node.expanded || !node.children) return;
    const size = Math.max(node.total, node.children.length);
    node.children.forEach((c, i) => visit(c, i + 1, size));
    if (node.nextCursor !== undefined) {
      const pending: TreeRow = { kind: 'pending', parent: node.path, depth: node.depth + 1 };
      for (let i = node.children.length; i < size; i++) rows.push(pending);
      // A folder that grew since the total was counted still shows one line to load more.
      if (size === node.children.length) rows.push(pending);
    }
  };
  tree.roots.forEach((r, i) => visit(r, i + 1, tree.roots.length));
  return rows;
}

/** Every folder whose listing is loaded, for a refresh. */
export function listedFolders(tree: TreeData): string[] {
  return [...tree.nodes.values()].filter((n) => n.children !== undefined).map((n) => n.path);
}
