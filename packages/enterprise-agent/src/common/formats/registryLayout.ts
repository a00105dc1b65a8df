import type { ValueType } from '../policy/types.js';

/** Where and how policies live in the Windows registry; the ADMX writer and the registry reader share it. */
export const REGISTRY_POLICY_KEY = 'Software\\Policies\\MarieIDE';
export const REGISTRY_RECOMMENDED_KEY = `${REGISTRY_POLICY_KEY}\\Recommended`;

export type RegistryShape =
  /** A REG_DWORD named after the key. */
  | 'dword'
  /** A REG_SZ named after the key. */
  | 'string'
  /** A subkey named after the key whose values 1, 2, 3… are the items. */
  | 'list'
  /** A REG_SZ or REG_MULTI_SZ holding JSON. */
  | 'json';

export function registryShape(type: ValueType): RegistryShape {
  switch (type.kind) {
    case 'boolean':
    case 'integer':
      return 'dword';
    case 'enum':
    case 'string':
      return 'string';
    case 'list':
      return 'list';
    case 'extension-map':
      return 'json';
  }
}
