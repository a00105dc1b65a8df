import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

/** Parses XML and fails on anything that is not well-formed (xmldom would otherwise recover silently). */
export function parseXmlStrict(text: string): Document {
  const warnings: string[] = [];
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level === 'warning') warnings.push(message);
      else throw new Error(message);
    },
  });
  const doc = parser.parseFromString(text, 'text/xml');
  if (warnings.length) throw new Error(warnings[0]);
  return doc;
}

/** Element children only, skipping text, whitespace and comments. */
export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}
