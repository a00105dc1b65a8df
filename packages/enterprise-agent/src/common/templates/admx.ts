import { REGISTRY_POLICY_KEY, REGISTRY_RECOMMENDED_KEY } from '../formats/registryLayout.js';
import { categoryTitles, policyDefinitions } from '../policy/registry/index.js';
import type { PolicyCategory, PolicyDefinition } from '../policy/types.js';
import { attrs, GENERATED_XML_NOTICE, xmlEscape } from './xml.js';

const definitions = policyDefinitions as readonly PolicyDefinition[];
const NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
const ROOT_CATEGORY = 'MarieIDE';
const RECOMMENDED_CATEGORY = 'MarieIDE_recommended';

function supportedId(since: string): string {
  return `SUPPORTED_${since.replace(/\W/g, '_')}`;
}

function categoriesInUse(): PolicyCategory[] {
  return [...new Set(definitions.map((d) => d.category))];
}

/** The `<elements>` of a policy (booleans have none: the policy's own enabled/disabled state is the value). */
function elements(def: PolicyDefinition, baseKey: string): string {
  const id = def.key;
  const t = def.type;
  switch (t.kind) {
    case 'boolean':
      return '';
    case 'enum': {
      const items = t.values.map((v) => `          <item${attrs({ displayName: `$(string.${id}_${v})` })}><value><string>${xmlEscape(v)}</string></value></item>`).join('\n');
      return `      <elements>\n        <enum${attrs({ id, valueName: id, required: 'true' })}>\n${items}\n        </enum>\n      </elements>\n`;
    }
    case 'integer':
      return `      <elements>\n        <decimal${attrs({ id, valueName: id, minValue: t.min, maxValue: t.max, required: 'true' })} />\n      </elements>\n`;
    case 'string':
      return `      <elements>\n        <text${attrs({ id, valueName: id, maxLength: t.maxLength, required: 'true' })} />\n      </elements>\n`;
    case 'list':
      return `      <elements>\n        <list${attrs({ id, key: `${baseKey}\\${id}`, valuePrefix: '' })} />\n      </elements>\n`;
    case 'extension-map':
      return `      <elements>\n        <multiText${attrs({ id, valueName: id, maxLength: 65535, required: 'true' })} />\n      </elements>\n`;
  }
}

function policy(def: PolicyDefinition, recommended: boolean): string {
  const baseKey = recommended ? REGISTRY_RECOMMENDED_KEY : REGISTRY_POLICY_KEY;
  const isBool = def.type.kind === 'boolean';
  const head = attrs({
    name: recommended ? `${def.key}_recommended` : def.key,
    class: def.scopes.includes('user') ? (def.scopes.includes('machine') ? 'Both' : 'User') : 'Machine',
    displayName: `$(string.${def.key})`,
    explainText: `$(string.${def.key}_Explain)`,
    presentation: `$(presentation.${def.key})`,
    key: baseKey,
    valueName: isBool ? def.key : undefined,
  });
  const category = recommended ? `${def.category}_recommended` : def.category;
  const bool = isBool ? '      <enabledValue><decimal value="1" /></enabledValue>\n      <disabledValue><decimal value="0" /></disabledValue>\n' : '';
  return `    <policy${head}>\n      <parentCategory ref="${category}" />\n      <supportedOn ref="${supportedId(def.since)}" />\n${bool}${elements(def, baseKey)}    </policy>`;
}

/** `MarieIDE.admx`: every key as a mandatory policy, and every recommendable key again under Recommended. */
export function generateAdmx(): string {
  const since = [...new Set(definitions.map((d) => d.since))];
  const cats = categoriesInUse();
  const category = (name: string, parent?: string) =>
    parent ? `    <category${attrs({ name, displayName: `$(string.Category_${name})` })}>\n      <parentCategory ref="${parent}" />\n    </category>` : `    <category${attrs({ name, displayName: `$(string.Category_${name})` })} />`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    GENERATED_XML_NOTICE,
    `<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="${NS}">`,
    '  <policyNamespaces>',
    '    <target prefix="marieide" namespace="MarieIDE.Policies" />',
    '    <using prefix="windows" namespace="Microsoft.Policies.Windows" />',
    '  </policyNamespaces>',
    '  <resources minRequiredRevision="1.0" />',
    '  <supportedOn>',
    '    <definitions>',
    ...since.map((s) => `      <definition${attrs({ name: supportedId(s), displayName: `$(string.${supportedId(s)})` })} />`),
    '    </definitions>',
    '  </supportedOn>',
    '  <categories>',
    category(ROOT_CATEGORY),
    category(RECOMMENDED_CATEGORY),
    ...cats.map((c) => category(c, ROOT_CATEGORY)),
    ...cats.filter((c) => definitions.some((d) => d.category === c && d.setting)).map((c) => category(`${c}_recommended`, RECOMMENDED_CATEGORY)),
    '  </categories>',
    '  <policies>',
    ...definitions.map((d) => policy(d, false)),
    ...definitions.filter((d) => d.setting).map((d) => policy(d, true)),
    '  </policies>',
    '</policyDefinitions>',
    '',
  ].join('\n');
}

function registryHint(def: PolicyDefinition): string {
  switch (def.type.kind) {
    case 'boolean':
      return `Registry: REG_DWORD ${def.key} = 1 (enabled) or 0 (disabled).`;
    case 'integer':
      return `Registry: REG_DWORD ${def.key}.`;
    case 'enum':
      return `Registry: REG_SZ ${def.key}, one of ${def.type.values.join(', ')}.`;
    case 'string':
      return `Registry: REG_SZ ${def.key}.`;
    case 'list':
      return `Registry: subkey ${def.key} with REG_SZ values named 1, 2, 3…`;
    case 'extension-map':
      return `Registry: REG_SZ or REG_MULTI_SZ ${def.key} holding JSON, for example ${JSON.stringify(def.example)}.`;
  }
}

function presentation(def: PolicyDefinition): string {
  const id = def.key;
  const label = xmlEscape(def.title);
  const t = def.type;
  let body = '';
  if (t.kind === 'enum') body = `<dropdownList${attrs({ refId: id, noSort: 'true' })}>${label}</dropdownList>`;
  else if (t.kind === 'integer') body = `<decimalTextBox${attrs({ refId: id, defaultValue: typeof def.example === 'number' ? def.example : t.min })}>${label}</decimalTextBox>`;
  else if (t.kind === 'string') body = `<textBox${attrs({ refId: id })}><label>${label}</label></textBox>`;
  else if (t.kind === 'list') body = `<listBox${attrs({ refId: id })}>${label}</listBox>`;
  else if (t.kind === 'extension-map') body = `<multiTextBox${attrs({ refId: id })}>${label}</multiTextBox>`;
  return body ? `      <presentation id="${id}">\n        ${body}\n      </presentation>` : `      <presentation id="${id}" />`;
}

/** `en-US/MarieIDE.adml`: the strings and presentations the ADMX refers to. */
export function generateAdml(): string {
  const str = (id: string, text: string) => `      <string id="${id}">${xmlEscape(text)}</string>`;
  const strings: string[] = [str(`Category_${ROOT_CATEGORY}`, 'MarieIDE'), str(`Category_${RECOMMENDED_CATEGORY}`, 'MarieIDE - Default settings (users can override)')];
  for (const s of new Set(definitions.map((d) => d.since))) strings.push(str(`SUPPORTED_${s.replace(/\W/g, '_')}`, `MarieIDE ${s} or later`));
  for (const c of categoriesInUse()) {
    strings.push(str(`Category_${c}`, categoryTitles[c]));
    if (definitions.some((d) => d.category === c && d.setting)) strings.push(str(`Category_${c}_recommended`, categoryTitles[c]));
  }
  for (const d of definitions) {
    strings.push(str(d.key, d.title));
    const merge = d.merge.rule === 'override' ? '' : ` Values from several sources combine by ${d.merge.rule}.`;
    strings.push(str(`${d.key}_Explain`, `${d.description}${merge}\n\n${registryHint(d)}\n\nSupported on MarieIDE ${d.since} or later.`));
    if (d.type.kind === 'enum') for (const v of d.type.values) strings.push(str(`${d.key}_${v}`, v));
  }
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    GENERATED_XML_NOTICE,
    `<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="${NS}">`,
    '  <displayName>MarieIDE</displayName>',
    '  <description>Policies for MarieIDE</description>',
    '  <resources>',
    '    <stringTable>',
    ...strings,
    '    </stringTable>',
    '    <presentationTable>',
    ...definitions.map(presentation),
    '    </presentationTable>',
    '  </resources>',
    '</policyDefinitionResources>',
    '',
  ].join('\n');
}
