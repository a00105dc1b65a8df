import '../codeIndex/codeIndex.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OutlineNode } from '@marie/protocol';
import type { IndexFeatures } from '../../common/codeIndex/indexFeatures.js';
import { symbolKindTag } from '../../common/codeIndex/symbolKinds.js';
import { ResultTree, type ResultRow } from '../codeIndex/ResultTree.js';
import { useSlice, useWorkbench } from '../workbench/context.js';
import { useOutlineFollowsEditor } from './useOutlineFollowsEditor.js';

const nodeId = (n: OutlineNode) => `${n.range.startLine}:${n.range.startColumn}:${n.name}`;

/** The active file's symbols as a tree; choosing one reveals it in the editor. */
export default function OutlineView({ index }: { index: IndexFeatures }) {
  const wb = useWorkbench();
  useOutlineFollowsEditor(wb, index);
  const { path, nodes, loading, error } = useSlice(index.outline.store, (s) => s);
  const focusPending = useSlice(wb.layout.store, (s) => s.viewFocusPending === 'outline');
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const section = useRef<HTMLElement>(null);

  const toggle = useCallback((id: string) => setFolded((f) => (f.has(id) ? new Set([...f].filter((x) => x !== id)) : new Set([...f, id]))), []);

  useEffect(() => {
    if (!focusPending) return;
    section.current?.querySelector<HTMLElement>('[role="tree"]')?.focus();
    wb.layout.focusTaken('outline');
  }, [wb, focusPending]);

  const rows = useMemo(() => {
    const out: ResultRow[] = [];
    const visit = (list: readonly OutlineNode[], level: number, parent: string) => {
      for (const n of list) {
        const id = `${parent}/${nodeId(n)}`;
        const expanded = n.children.length ? !folded.has(id) : undefined;
        out.push({
          id,
          level,
          label: `${n.name}, ${n.kind}`,
          expanded,
          toggle: () => toggle(id),
          open: () => index.openAt(n.path, n.range),
          content: (
            <>
              <span className="symbol-kind" data-kind={n.kind} title={n.kind}>
                {symbolKindTag(n.kind)}
              </span>
              <span className="result-file">{n.name}</span>
            </>
          ),
        });
        if (expanded) visit(n.children, level + 1, id);
      }
    };
    visit(nodes, 1, '');
    return out;
  }, [nodes, folded, toggle, index]);

  const note = !path ? 'No file is open.' : error ? error : loading && nodes.length === 0 ? 'Loading…' : nodes.length === 0 ? 'No symbols found in this file.' : '';
  return (
    <section ref={section} className="sidebar-view outline-view" aria-labelledby="outline-title">
      <header className="sidebar-header">
        <h2 id="outline-title">Outline</h2>
      </header>
      {note ? (
        <p className="sidebar-note" role="status">
          {note}
        </p>
      ) : null}
      <ResultTree label="Outline" rows={rows} />
    </section>
  );
}
