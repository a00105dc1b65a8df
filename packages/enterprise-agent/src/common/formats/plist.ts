import type { Element } from '@xmldom/xmldom';
import { childElements, parseXmlStrict } from './xmlParse.js';

const MAX_DEPTH = 32;

function text(el: Element): string {
  return el.textContent ?? '';
}

function convert(el: Element, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Error('nested too deeply');
  switch (el.tagName) {
    case 'string':
      return text(el);
    case 'integer': {
      const t = text(el).trim();
      if (!/^[+-]?\d+$/.test(t)) throw new Error(`bad integer "${t}"`);
      return Number(t);
    }
    case 'real': {
      const n = Number(text(el).trim());
      if (!Number.isFinite(n)) throw new Error('bad real');
      return n;
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'date':
      return text(el).trim();
    case 'data':
      return text(el).replace(/\s+/g, '');
    case 'array':
      return childElements(el).map((c) => convert(c, depth + 1));
    case 'dict': {
      const kids = childElements(el);
      if (kids.length % 2) throw new Error('dict with a key and no value');
      const out: Record<string, unknown> = {};
      for (let i = 0; i < kids.length; i += 2) {
        if (kids[i]!.tagName !== 'key') throw new Error(`expected <key>, found <${kids[i]!.tagName}>`);
        // defineProperty, so a "__proto__" key is data and not a prototype change
        Object.defineProperty(out, text(kids[i]!), { value: convert(kids[i + 1]!, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      throw new Error(`unknown plist element <${el.tagName}>`);
  }
}

/** Parses an XML property list into plain JSON-like values. Throws with a short reason on anything malformed. */
export function parsePlist(xml: string): unknown {
  const root = parseXmlStrict(xml).documentElement;
  if (!root || root.tagName !== 'plist') throw new Error('not a property list (no <plist> root)');
  const kids = childElements(root);
  if (kids.length !== 1) throw new Error('<plist> must hold exactly one value');
  return convert(kids[0]!, 0);
}
