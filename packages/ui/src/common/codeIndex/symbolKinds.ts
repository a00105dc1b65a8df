/** Short tags for symbol kinds, shown as a badge before the name (the kind's full name is its tooltip). */
const tags: Record<string, string> = {
  function: 'fn',
  method: 'm',
  class: 'C',
  interface: 'I',
  module: 'mod',
  namespace: 'ns',
  type: 'T',
  enum: 'E',
  constant: 'const',
  variable: 'var',
  field: 'fld',
  property: 'prop',
  constructor: 'ctor',
  macro: 'mac',
};

export function symbolKindTag(kind: string): string {
  return tags[kind] ?? kind.slice(0, 4);
}
