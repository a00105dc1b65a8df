/**
 * Posting lists: ascending document ids, stored as LEB128 varints of the gaps (the
 * first gap is from 0). Small and fast to decode; intersected smallest-first.
 */
export function encodePostings(ids: ArrayLike<number>, start = 0, end = ids.length, out?: Uint8Array): Uint8Array {
  const buf = out && out.length >= (end - start) * 5 ? out : new Uint8Array((end - start) * 5);
  let o = 0;
  let prev = 0;
  for (let i = start; i < end; i++) {
    let v = ids[i]! - prev;
    prev = ids[i]!;
    while (v >= 0x80) {
      buf[o++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[o++] = v;
  }
  return buf.slice(0, o);
}

export function decodePostings(bytes: Uint8Array): Int32Array {
  const out = new Int32Array(bytes.length);
  let n = 0;
  let prev = 0;
  for (let i = 0; i < bytes.length; ) {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[i++]!;
      v |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    prev += v;
    out[n++] = prev;
  }
  return out.subarray(0, n);
}

export function intersectSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, n);
}

export function unionSorted(lists: readonly Int32Array[]): Int32Array {
  if (lists.length === 0) return new Int32Array(0);
  if (lists.length === 1) return lists[0]!;
  let total = 0;
  for (const l of lists) total += l.length;
  const all = new Int32Array(total);
  let o = 0;
  for (const l of lists) {
    all.set(l, o);
    o += l.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
  return all.subarray(0, n);
}
