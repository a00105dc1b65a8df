import { resolve } from 'node:path';
import type { FileStat, IWorkspaceService } from '@marie/protocol';
import { withLocalSession } from '../localHost.js';
import { printJson, UsageError } from '../output.js';

export interface FsArgs {
  action?: string;
  paths: string[];
  root?: string;
  json?: boolean;
  force?: boolean;
  permanent?: boolean;
}

type Action = (ws: IWorkspaceService, paths: string[], args: FsArgs) => Promise<void>;

const actions: Record<string, { arity: number; run: Action }> = {
  ls: { arity: 1, run: list },
  stat: { arity: 1, run: async (ws, [p], a) => show(await ws.stat({ path: p! }), a) },
  cat: { arity: 1, run: async (ws, [p]) => void process.stdout.write((await ws.read({ path: p! })).content) },
  write: { arity: 1, run: write },
  touch: { arity: 1, run: async (ws, [p], a) => show(await ws.create({ path: p!, kind: 'file' }), a) },
  mkdir: { arity: 1, run: async (ws, [p], a) => show(await ws.create({ path: p!, kind: 'directory' }), a) },
  mv: { arity: 2, run: async (ws, [from, to], a) => show(await ws.rename({ from: from!, to: to!, overwrite: a.force }), a) },
  rm: { arity: 1, run: remove },
};

export const fsActions = Object.keys(actions);

/** `marie fs <action> …`: the explorer's operations, through the same host service. */
export async function fs(args: FsArgs): Promise<number> {
  const action = args.action ? actions[args.action] : undefined;
  if (!action) throw new UsageError(`fs needs one of: ${fsActions.join(', ')}`);
  if (args.paths.length !== action.arity) throw new UsageError(`fs ${args.action} takes ${action.arity} path(s)`);
  const root = resolve(args.root ?? process.cwd());
  await withLocalSession([root], async (session) => {
    await action.run(session.workspace, args.paths.map((p) => resolve(root, p)), args);
  });
  return 0;
}

async function list(ws: IWorkspaceService, [path]: string[], args: FsArgs): Promise<void> {
  const entries: FileStat[] = [];
  let cursor: number | undefined = 0;
  while (cursor !== undefined) {
    const page = await ws.list({ path: path!, cursor, limit: 5000 });
    entries.push(...page.entries);
    cursor = page.nextCursor;
  }
  if (args.json) return printJson(entries);
  for (const e of entries) process.stdout.write(`${e.kind === 'directory' ? e.name + '/' : e.name}\n`);
}

async function write(ws: IWorkspaceService, [path]: string[], args: FsArgs): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const existing = await ws.stat({ path: path! }).catch(() => undefined);
  const stat = await ws.write({ path: path!, content: Buffer.concat(chunks).toString('utf8'), expectedEtag: existing?.etag, force: args.force });
  show(stat, args);
}

async function remove(ws: IWorkspaceService, [path]: string[], args: FsArgs): Promise<void> {
  const result = await ws.delete({ path: path!, permanent: args.permanent });
  if (args.json) return printJson(result);
  process.stdout.write(result.trashed ? `moved to trash: ${path}\n` : `deleted: ${path}\n`);
}

function show(stat: FileStat, args: FsArgs): void {
  if (args.json) return printJson(stat);
  process.stdout.write(`${stat.kind}\t${stat.size}\t${new Date(stat.mtimeMs).toISOString()}\t${stat.path}\n`);
}
