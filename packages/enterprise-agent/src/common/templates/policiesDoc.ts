import { registryShape, REGISTRY_POLICY_KEY } from '../formats/registryLayout.js';
import { describeType } from '../policy/metadata.js';
import { categoryTitles, policyDefinitions } from '../policy/registry/index.js';
import type { PolicyDefinition } from '../policy/types.js';

const definitions = policyDefinitions as readonly PolicyDefinition[];

function code(v: unknown): string {
  return v === null ? 'unset' : `\`${JSON.stringify(v)}\``;
}

function mergeText(d: PolicyDefinition): string {
  const m = d.merge;
  if (m.rule === 'most-restrictive') return Array.isArray(m.order) ? `most-restrictive (${m.order.map((v) => JSON.stringify(v)).join(' < ')})` : `most-restrictive (${m.order} wins)`;
  if (m.rule === 'deny-wins') return m.deny === undefined ? 'deny-wins (per entry)' : `deny-wins (\`${m.deny}\` wins)`;
  return m.rule;
}

function registryExample(d: PolicyDefinition): string {
  switch (registryShape(d.type)) {
    case 'dword':
      return `REG_DWORD \`${d.key}\` = ${typeof d.example === 'boolean' ? Number(d.example) : String(d.example)}`;
    case 'string':
      return `REG_SZ \`${d.key}\` = \`${String(d.example)}\``;
    case 'list':
      return `subkey \`${d.key}\`, REG_SZ values \`1\`, \`2\`, … = ${(d.example as string[]).map((v) => `\`${v}\``).join(', ')}`;
    case 'json':
      return `REG_SZ or REG_MULTI_SZ \`${d.key}\` = \`${JSON.stringify(d.example)}\``;
  }
}

function section(d: PolicyDefinition): string {
  const rows = [
    ['Type', describeType(d.type)],
    ['Default', code(d.default)],
    ['Example', code(d.example)],
    ['Combining sources', mergeText(d)],
    ['When a cloud bundle expires', d.cloudExpiry === 'keep' ? 'keep the value' : `fall back to ${code(d.mostRestrictive)}`],
    ['Settable by', d.sources.join(', ')],
    ['Scopes', d.scopes.join(', ')],
    ['Recommended', d.setting ? `yes (locks setting \`${d.setting}\`)` : 'no (policy only)'],
    ['Windows', registryExample(d)],
    ['Since', d.since],
  ];
  return [`### ${d.key}`, '', d.description, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), ''].join('\n');
}

/** `docs/policies.md`. */
export function generatePoliciesDoc(): string {
  const out: string[] = [
    '# MarieIDE policies',
    '',
    '<!-- Generated from packages/enterprise-agent/src/common/policy/registry by `pnpm --filter @marie/enterprise-agent generate`. Do not edit. -->',
    '',
    'Every policy key is declared once in the registry; this page, the Windows ADMX/ADML, the macOS',
    'configuration profile, the Linux examples and `policy-metadata.json` (all under',
    '`packages/enterprise-agent/templates/`) are generated from it, and a test fails when any of them is stale.',
    '',
    '## Precedence',
    '',
    'Highest first. A mandatory value locks the setting; a recommended value is a default the user may change.',
    '',
    '| # | source | level | where |',
    '|---|---|---|---|',
    '| 1 | `machine` | mandatory | Linux `/etc/marieide/policies/managed/*.json`; macOS forced managed preferences `/Library/Managed Preferences/com.marieide.MarieIDE.plist`; Windows `HKLM\\' + REGISTRY_POLICY_KEY + '` |',
    '| 2 | `cloud` | mandatory | the signed bundle from the console (`policies.mandatory`) |',
    '| 3 | `user-os` | mandatory | macOS `/Library/Managed Preferences/<user>/com.marieide.MarieIDE.plist`; Windows `HKCU\\' + REGISTRY_POLICY_KEY + '` |',
    '| 4 | `user` | — | the user\'s own settings (only keys backed by a setting) |',
    '| 5 | `machine` | recommended | Linux `…/recommended/*.json`; macOS `/Library/Preferences/com.marieide.MarieIDE.plist`; Windows `HKLM\\' + REGISTRY_POLICY_KEY + '\\Recommended` |',
    '| 6 | `cloud` | recommended | the signed bundle (`policies.recommended`) |',
    '| 7 | `user-os` | recommended | Windows `HKCU\\' + REGISTRY_POLICY_KEY + '\\Recommended` |',
    '| 8 | `default` | — | the built-in default below |',
    '',
    'Within one level the key\'s rule combines the sources: `override` (the highest source wins), `deny-wins`',
    '(a denying value from any source wins; extension maps combine per entry), `most-restrictive` (by the',
    'declared order) and `union` (lists are joined). Values are checked against the key\'s type; a bad value',
    'is rejected whole and reported, and the next source applies. Unknown keys are reported and ignored.',
    '',
    '## Files',
    '',
    '- Linux: the `managed/` and `recommended/` folders hold `*.json` files, each one JSON object of keys, read in',
    '  lexical order (files starting with `.` are skipped). A key set by two files is a conflict: the later file',
    '  wins and the report names both. Files and folders must be owned by root and not writable by group or others;',
    '  symlinks must stay inside the folder; a file above 1 MiB is refused before it is read.',
    '- macOS: forced values are mandatory, values in `/Library/Preferences` recommended. The same ownership checks apply.',
    '- Windows: booleans and integers are REG_DWORD, strings REG_SZ, lists a subkey of numbered REG_SZ values,',
    '  objects JSON in a REG_SZ or REG_MULTI_SZ. Import `MarieIDE.admx` and `en-US/MarieIDE.adml` into the central store.',
    '- `MARIE_POLICY_ROOT` moves every location for tests and portable installs: the Linux tree becomes',
    '  `$MARIE_POLICY_ROOT/managed` and `$MARIE_POLICY_ROOT/recommended`, the macOS files live under',
    '  `$MARIE_POLICY_ROOT/macos/`, and Windows registry exports (`HKLM.reg`, `HKCU.reg`) under `$MARIE_POLICY_ROOT/windows/`.',
    '  It is ignored (and the fact reported) when the machine already has installed policy.',
    '',
    'Changes are picked up while the IDE runs: the folders are watched, and every source is re-read periodically.',
    '',
    '## Signed cloud policy',
    '',
    'The console pushes a JWS (`typ` `marie-policy+jwt`, `alg` EdDSA or ES256) whose claims are `iss`, `aud`',
    '(the organisation id, plus the device id when targeted), a strictly increasing `version`, `iat`, `exp` and',
    '`policies: {mandatory, recommended}`. Its `kid` must be a trusted key: the pinned root key, or a key endorsed',
    'by the key trusted before it (`keyEndorsements`). A rejected bundle leaves the last good one in force and the',
    'reason shows in `marie policy show` and on the Policies page. When a bundle expires each key does what',
    '"When a cloud bundle expires" says below.',
    '',
    '## Command line',
    '',
    '- `marie policy show [--json]`: every key with its value, source, level and status; `--json` prints a list of',
    '  `{key, value, source, level, scope, overridden: [{source, value}], errors: [...]}`.',
    '- `marie policy explain <key> [--json]`: one key, the same object.',
    '',
    'Sensitive values (the enrollment token) are always shown as `<redacted>`.',
    '',
    '## Keys',
    '',
    '| key | category | type | default |',
    '|---|---|---|---|',
    ...definitions.map((d) => `| [${d.key}](#${d.key.toLowerCase()}) | ${categoryTitles[d.category]} | ${describeType(d.type)} | ${code(d.default)} |`),
    '',
  ];
  let category = '';
  for (const d of definitions) {
    if (d.category !== category) {
      category = d.category;
      out.push(`## ${categoryTitles[d.category]}`, '');
    }
    out.push(section(d));
  }
  return out.join('\n');
}
