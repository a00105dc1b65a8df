import { resolve } from 'node:path';
import { createHost, startWebHost } from '@marie/host';
import { rendererDir } from '@marie/ui/renderer';
import { UsageError } from '../output.js';

export interface ServeArgs {
  folder?: string;
  port?: string;
  host?: string;
}

/** `marie serve [folder]`: prints the tokenised URL and runs until Ctrl+C. */
export async function serve(args: ServeArgs): Promise<number> {
  const port = args.port === undefined ? 0 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${args.port}"`);
  const hostname = args.host ?? '127.0.0.1';
  const roots = args.folder ? [resolve(args.folder)] : [];
  const host = await createHost({ roots, onInternalError: (e, where) => process.stderr.write(`host error in ${where}: ${e instanceof Error ? e.message : 'unknown'}\n`) });
  if (!['127.0.0.1', 'localhost', '::1'].includes(hostname)) {
    process.stderr.write(`warning: serving on ${hostname} exposes your files to the network; the token is the only protection.\n`);
  }
  const web = await startWebHost({ host, rendererDir, hostname, port });
  process.stdout.write(`${web.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await web.close();
  host.dispose();
  // The index's writer commits and its workers exit before the process does.
  await host.index.close();
  process.stderr.write('marie serve stopped.\n');
  return 0;
}
