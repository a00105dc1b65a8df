import { policyDefinitions } from '../policy/registry/index.js';
import type { PolicyDefinition } from '../policy/types.js';
import { PLIST_HEADER, plistDict } from './plistWriter.js';
import { GENERATED_XML_NOTICE } from './xml.js';

export const MACOS_PREFERENCE_DOMAIN = 'com.marieide.MarieIDE';

/**
 * A configuration profile that sets every key to its example value. Fixed UUIDs keep the
 * output reproducible; admins replace them (and drop the keys they do not manage) before use.
 */
export function generateMobileconfig(): string {
  const payload: Record<string, unknown> = {
    PayloadType: MACOS_PREFERENCE_DOMAIN,
    PayloadVersion: 1,
    PayloadIdentifier: `${MACOS_PREFERENCE_DOMAIN}.policies`,
    PayloadUUID: '6F1C2B1E-3A7D-4C55-9E21-5B0C7A9D4E10',
    PayloadDisplayName: 'MarieIDE policies',
    PayloadEnabled: true,
  };
  for (const d of policyDefinitions as readonly PolicyDefinition[]) if (d.sources.includes('machine')) payload[d.key] = d.example;
  const profile = {
    PayloadContent: [payload],
    PayloadDescription: 'Managed policies for MarieIDE. Forced values are mandatory; remove the keys you do not want to manage.',
    PayloadDisplayName: 'MarieIDE',
    PayloadIdentifier: `${MACOS_PREFERENCE_DOMAIN}.profile`,
    PayloadOrganization: 'REPLACE-WITH-ORGANIZATION',
    PayloadRemovalDisallowed: true,
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: 'C2D7A8E4-91B3-4F0A-8D6E-2A4B9C1F7E35',
    PayloadVersion: 1,
  };
  return `${PLIST_HEADER}\n${GENERATED_XML_NOTICE}\n<plist version="1.0">\n${plistDict(profile, '')}\n</plist>\n`;
}
