import type { PolicyLayer } from '../../common/policy/layers.js';

/** One OS policy source. `read` never throws: every problem becomes a layer error naming the file. */
export interface PolicyReader {
  read(): Promise<PolicyLayer[]>;
  /** Folders whose changes should trigger a reload (watched when they exist). */
  watchPaths(): string[];
}
