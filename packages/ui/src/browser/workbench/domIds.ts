const ids = new Map<string, string>();
let next = 1;

/** A stable DOM id for a key such as a path (paths may hold spaces, which ids may not). */
export function domId(prefix: string, key: string): string {
  const k = `${prefix}\u0000${key}`;
  let id = ids.get(k);
  if (!id) {
    id = `${prefix}-${next++}`;
    ids.set(k, id);
  }
  return id;
}
