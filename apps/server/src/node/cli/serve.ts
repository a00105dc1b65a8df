import type { ServerConfig } from '../config/config.js';
import { startServer } from '../server.js';
import { out } from './output.js';

/** Prints the base URL as the one line on stdout once ready; logs go to stderr. */
export async function serve(config: ServerConfig): Promise<number> {
  const server = await startServer(config, { log: true });
  out(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
