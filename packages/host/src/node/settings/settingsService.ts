import { Emitter, ErrorCode, RpcError, settingIdInput, updateSettingInput, type Event, type ISettingsService, type PolicyMetadataEntry, type SettingState } from '@marie/protocol';
import { findPolicyDefinition, policyMetadata, validatePolicyValue, type AuditInput, type EffectivePolicies, type PolicyDefinition, type PolicyKey } from '@marie/enterprise-agent';
import type { PolicyEngine } from '@marie/enterprise-agent/node';
import type { UserSettingsFile } from './userSettingsFile.js';

/**
 * The user's settings that policy governs. The user's value enters the policy
 * precedence as the `user` source, so a mandatory policy wins and locks the setting,
 * a recommended one only supplies the default.
 */
export class SettingsService implements ISettingsService {
  private readonly changes = new Emitter<SettingState[]>();
  private readonly entries: PolicyMetadataEntry[] = policyMetadata().filter((m) => m.setting !== null);
  private values: Record<string, unknown>;
  private queue: Promise<unknown> = Promise.resolve();
  readonly onDidChange: Event<SettingState[]> = this.changes.event;

  constructor(
    private readonly engine: PolicyEngine,
    private readonly file: UserSettingsFile,
    initial: Record<string, unknown>,
    /** Records `settings.changed` before the change is saved; throws (a refusal) when it cannot. */
    private readonly audit: (input: AuditInput) => Promise<void> = async () => {},
  ) {
    this.values = { ...initial };
    engine.onDidChange(() => this.changes.fire(this.states()));
  }

  async list(): Promise<SettingState[]> {
    return this.states();
  }

  update(input: { id: string; value: unknown }): Promise<SettingState> {
    const { id, value } = updateSettingInput.parse(input);
    const entry = this.entry(id);
    const def = findPolicyDefinition(entry.key) as PolicyDefinition;
    if (this.engine.current.isLocked(entry.key as PolicyKey)) {
      const p = this.engine.current.explain(entry.key);
      throw new RpcError(ErrorCode.PolicyDenied, `${id} is managed by your organization (${p.source} policy ${entry.key}) and cannot be changed`);
    }
    const checked = validatePolicyValue(def, value);
    if (!checked.ok) throw new RpcError(ErrorCode.InvalidInput, `${id}: ${checked.problem}`);
    return this.commit((values) => ({ ...values, [id]: checked.value }), id);
  }

  reset(input: { id: string }): Promise<SettingState> {
    const { id } = settingIdInput.parse(input);
    this.entry(id);
    return this.commit(({ [id]: _removed, ...rest }) => rest, id);
  }

  /**
   * Saves first, then applies: a failed save leaves both the file and the policy as they were.
   * `change` runs in the queue, on the values the previous change left, so changes sent
   * together (two settings edited quickly, a reset during a save) never undo each other.
   */
  private commit(change: (values: Record<string, unknown>) => Record<string, unknown>, id: string): Promise<SettingState> {
    const run = this.queue.then(async () => {
      const next = change(this.values);
      // On record before it takes effect: a change that cannot be audited does not happen.
      await this.audit({ action: 'settings.changed', target: id, outcome: 'success', details: Object.hasOwn(next, id) ? { value: next[id] } : { reset: true } });
      await this.file.save(next);
      this.values = next;
      this.engine.setUserSettings(next, this.file.path);
      const states = this.states();
      this.changes.fire(states);
      return states.find((s) => s.id === id)!;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private entry(id: string): PolicyMetadataEntry {
    const entry = this.entries.find((e) => e.setting === id);
    if (!entry) throw new RpcError(ErrorCode.InvalidInput, `Unknown setting "${id}"`);
    return entry;
  }

  private states(): SettingState[] {
    const current: EffectivePolicies = this.engine.current;
    return this.entries.map((e) => {
      const p = current.explain(e.key);
      const id = e.setting!;
      const managed = p.source !== 'default' && p.source !== 'user';
      return {
        id,
        title: titleOf(id),
        description: e.description,
        category: e.category,
        type: e.type,
        default: e.default,
        value: p.value,
        ...(Object.hasOwn(this.values, id) ? { userValue: this.values[id] } : {}),
        policy: e.key,
        locked: p.level === 'mandatory' && managed,
        ...(managed ? { managedBy: { source: p.source, level: p.level } } : {}),
      };
    });
  }
}

/** "telemetry.telemetryLevel" → "Telemetry: Telemetry Level". */
function titleOf(id: string): string {
  const words = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
  const [section, ...rest] = id.split('.');
  return rest.length ? `${words(section!)}: ${words(rest.join(' '))}` : words(section!);
}
