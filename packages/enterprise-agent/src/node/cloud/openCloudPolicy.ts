import { CloudPolicy, type CloudPolicyOptions } from '../../common/cloud/cloudPolicy.js';
import { nodeJwsCodec } from './nodeJwsCodec.js';
import { FileTrustStore } from './fileTrustStore.js';

export interface OpenCloudPolicyOptions extends Omit<CloudPolicyOptions, 'codec' | 'store'> {
  /** Where the trusted state lives (the agent's data folder). */
  statePath: string;
}

/** The cloud source with Node crypto and a file-backed trust store: what the host passes to PolicyEngine.start. */
export function openCloudPolicy(options: OpenCloudPolicyOptions): Promise<CloudPolicy> {
  const { statePath, ...rest } = options;
  return CloudPolicy.open({ ...rest, codec: nodeJwsCodec, store: new FileTrustStore(statePath) });
}
