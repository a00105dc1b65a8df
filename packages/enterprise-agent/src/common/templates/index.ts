import { policyMetadata } from '../policy/metadata.js';
import { generateAdml, generateAdmx } from './admx.js';
import { generateLinuxManagedExample, generateLinuxRecommendedExample } from './linuxExamples.js';
import { generateMobileconfig } from './mobileconfig.js';
import { generatePoliciesDoc } from './policiesDoc.js';

const TEMPLATES = 'packages/enterprise-agent/templates';

/** Every file generated from the registry, by path from the repository root. */
export function generatePolicyFiles(): Map<string, string> {
  return new Map([
    ['docs/policies.md', generatePoliciesDoc()],
    [`${TEMPLATES}/windows/MarieIDE.admx`, generateAdmx()],
    [`${TEMPLATES}/windows/en-US/MarieIDE.adml`, generateAdml()],
    [`${TEMPLATES}/macos/com.marieide.MarieIDE.mobileconfig`, generateMobileconfig()],
    [`${TEMPLATES}/linux/managed/policies.json`, generateLinuxManagedExample()],
    [`${TEMPLATES}/linux/recommended/policies.json`, generateLinuxRecommendedExample()],
    [`${TEMPLATES}/policy-metadata.json`, `${JSON.stringify(policyMetadata(), null, 2)}\n`],
  ]);
}
