/** Text with some characters marked (matched query characters, a search hit). */
export function Highlighted({ text, positions }: { text: string; positions: readonly number[] | undefined }) {
  if (!positions?.length) return <>{text}</>;
  const marked = new Set(positions);
  const parts: { text: string; mark: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const mark = marked.has(i);
    const last = parts[parts.length - 1];
    if (last && last.mark === mark) last.text += text[i];
    else parts.push({ text: text[i]!, mark });
  }
  return <>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

/** The positions of one run of characters, e.g. a search match in its preview line. */
export const range = (start: number, length: number): number[] => Array.from({ length: Math.max(0, length) }, (_, i) => start + i);
