import { z } from 'zod';
import type { Event } from '../event.js';
import { defineContract } from '../rpc/contract.js';
import { emptyInput } from './workspace.js';
import type { PolicyLevel, PolicySource, PolicyValueType } from './policy.js';

/** One user setting as the settings page shows it. */
export interface SettingState {
  id: string;
  title: string;
  description: string;
  category: string;
  type: PolicyValueType;
  default: unknown;
  /** What is in force: the user's value, or what policy imposes or recommends. */
  value: unknown;
  /** The user's own value, when set. */
  userValue?: unknown;
  /** The policy key that governs this setting. */
  policy: string;
  /** Set by mandatory policy: the user cannot change it ("Managed by your organization"). */
  locked: boolean;
  /** Where the effective value comes from, when not the user or the default. */
  managedBy?: { source: PolicySource; level: PolicyLevel };
}

export const settingIdInput = z.object({ id: z.string().min(1).max(128) }).strict();
export const updateSettingInput = z.object({ id: z.string().min(1).max(128), value: z.unknown() }).strict();

export interface ISettingsService {
  list(input: z.infer<typeof emptyInput>, signal?: AbortSignal): Promise<SettingState[]>;
  /** Validates against the setting's schema; a locked setting fails with E_POLICY_DENIED. */
  update(input: z.infer<typeof updateSettingInput>, signal?: AbortSignal): Promise<SettingState>;
  /** Removes the user's value, back to the recommended or default one. */
  reset(input: z.infer<typeof settingIdInput>, signal?: AbortSignal): Promise<SettingState>;
  onDidChange: Event<SettingState[]>;
}

export const settingsContract = defineContract<ISettingsService>({
  channel: 'settings',
  methods: { list: emptyInput, update: updateSettingInput, reset: settingIdInput },
  events: { onDidChange: true },
});
