import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { parsePlist } from '../../common/formats/plist.js';
import { childElements, parseXmlStrict } from '../../common/formats/xmlParse.js';
import { emptyLayer } from '../../common/policy/layers.js';
import { policyMetadata } from '../../common/policy/metadata.js';
import { policyDefinitions } from '../../common/policy/registry/index.js';
import { resolvePolicies } from '../../common/policy/resolve.js';
import { generatePolicyFiles } from '../../common/templates/index.js';
import { stalePolicyFiles } from './writePolicyFiles.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const files = generatePolicyFiles();
const file = (suffix: string) => [...files.entries()].find(([p]) => p.endsWith(suffix))![1];

function all(el: Element, tag: string): Element[] {
  const out: Element[] = [];
  const walk = (e: Element) => {
    for (const c of childElements(e)) {
      if (c.localName === tag) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

describe('generated policy files', () => {
  it('are up to date on disk (run `pnpm --filter @marie/enterprise-agent generate`)', async () => {
    expect(await stalePolicyFiles(repoRoot)).toEqual([]);
  });

  it('ADMX and ADML are well-formed, every reference resolves, and every policy has strings and a presentation', () => {
    const admx = parseXmlStrict(file('MarieIDE.admx')).documentElement!;
    const adml = parseXmlStrict(file('MarieIDE.adml')).documentElement!;
    const strings = new Set(all(adml, 'string').map((s) => s.getAttribute('id')));
    const presentations = new Map(all(adml, 'presentation').map((p) => [p.getAttribute('id'), p]));
    const categories = new Set(all(admx, 'category').map((c) => c.getAttribute('name')));
    const supported = new Set(all(admx, 'definition').map((d) => d.getAttribute('name')));

    // Every $(string.X) and $(presentation.X) anywhere in the ADMX.
    const refs = [...file('MarieIDE.admx').matchAll(/\$\((string|presentation)\.([^)]+)\)/g)];
    expect(refs.length).toBeGreaterThan(100);
    for (const [, kind, id] of refs) expect(kind === 'string' ? strings.has(id!) : presentations.has(id!), `${kind}.${id}`).toBe(true);

    const policies = all(admx, 'policy');
    const names = policies.map((p) => p.getAttribute('name'));
    expect(new Set(names).size).toBe(names.length);
    for (const def of policyDefinitions) {
      expect(names, def.key).toContain(def.key);
      if ('setting' in def && def.setting) expect(names).toContain(`${def.key}_recommended`);
    }
    for (const p of policies) {
      const name = p.getAttribute('name')!;
      expect(p.getAttribute('displayName'), name).toMatch(/^\$\(string\.\w+\)$/);
      expect(p.getAttribute('explainText'), name).toMatch(/^\$\(string\.\w+_Explain\)$/);
      expect(p.getAttribute('presentation'), name).toMatch(/^\$\(presentation\.\w+\)$/);
      expect(['Machine', 'User', 'Both']).toContain(p.getAttribute('class'));
      expect(p.getAttribute('key')).toMatch(/^Software\\Policies\\MarieIDE(\\Recommended)?$/);
      for (const parent of all(p, 'parentCategory')) expect(categories.has(parent.getAttribute('ref')), name).toBe(true);
      for (const s of all(p, 'supportedOn')) expect(supported.has(s.getAttribute('ref')), name).toBe(true);
      // Each element is shown by a presentation control with the same id.
      const presentation = presentations.get(/presentation\.(\w+)/.exec(p.getAttribute('presentation')!)![1]!)!;
      const controls = new Set(childElements(presentation).map((c) => c.getAttribute('refId')));
      const elements = all(p, 'elements').flatMap((e) => childElements(e));
      for (const el of elements) expect(controls.has(el.getAttribute('id')), `${name}/${el.getAttribute('id')}`).toBe(true);
    }
    for (const c of all(admx, 'category')) for (const parent of all(c, 'parentCategory')) expect(categories.has(parent.getAttribute('ref'))).toBe(true);

    // Lists are list elements; enums are enum elements with one item per value.
    const byName = new Map(policies.map((p) => [p.getAttribute('name'), p]));
    expect(all(byName.get('AllowedGitRemoteHosts')!, 'list')[0]!.getAttribute('key')).toBe('Software\\Policies\\MarieIDE\\AllowedGitRemoteHosts');
    expect(all(byName.get('TelemetryLevel_recommended')!, 'enum')).toHaveLength(1);
    expect(all(byName.get('TelemetryLevel')!, 'item').map((i) => all(i, 'string')[0]!.textContent)).toEqual(['off', 'crash', 'error', 'all']);
    expect(byName.get('EnrollmentToken')!.getAttribute('class')).toBe('Machine');
  });

  it('the macOS profile is a property list with a com.marieide.MarieIDE payload whose values are valid', () => {
    const profile = parsePlist(file('.mobileconfig')) as { PayloadType: string; PayloadContent: Record<string, unknown>[] };
    expect(profile.PayloadType).toBe('Configuration');
    const payload = profile.PayloadContent[0]!;
    expect(payload.PayloadType).toBe('com.marieide.MarieIDE');
    const layer = emptyLayer('machine', 'mandatory', 'machine', 'profile', 'ok');
    for (const [key, value] of Object.entries(payload)) if (!key.startsWith('Payload')) layer.entries.push({ key, value, origin: 'profile' });
    const r = resolvePolicies({ layers: [layer] });
    expect(r.errors).toEqual([]);
    expect(r.policies.flatMap((p) => p.errors)).toEqual([]);
    expect(r.policies.filter((p) => p.source === 'machine')).toHaveLength(layer.entries.length);
  });

  it('the Linux examples apply cleanly as managed and recommended files', () => {
    const managed = emptyLayer('machine', 'mandatory', 'machine', 'managed', 'ok');
    const recommended = emptyLayer('machine', 'recommended', 'machine', 'recommended', 'ok');
    for (const [key, value] of Object.entries(JSON.parse(file('linux/managed/policies.json')))) managed.entries.push({ key, value, origin: 'managed' });
    for (const [key, value] of Object.entries(JSON.parse(file('linux/recommended/policies.json')))) recommended.entries.push({ key, value, origin: 'recommended' });
    const r = resolvePolicies({ layers: [managed, recommended] });
    expect(r.errors).toEqual([]);
    expect(r.policies.flatMap((p) => p.errors)).toEqual([]);
    expect(recommended.entries.length).toBeGreaterThan(3);
  });

  it('metadata describes every key for the settings UI and CLI help', () => {
    const meta = JSON.parse(file('policy-metadata.json'));
    expect(meta).toEqual(JSON.parse(JSON.stringify(policyMetadata())));
    expect(meta.map((m: { key: string }) => m.key)).toEqual(policyDefinitions.map((d) => d.key));
    expect(file('docs/policies.md')).toContain('### AllowedGitRemoteHosts');
  });
});
