/** Escapes text for an XML attribute or text node. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Attributes in declaration order, skipping undefined ones. */
export function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

/** XML comments may not contain "--", so the notice names the script without pnpm's --filter flag. */
export const GENERATED_XML_NOTICE = '<!-- Generated from the MarieIDE policy registry by the "generate" script of @marie/enterprise-agent. Do not edit. -->';
