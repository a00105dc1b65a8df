import { definePolicy } from '../types.js';

export const workspacePolicies = [
  definePolicy({
    key: 'WorkspaceExcludes',
    category: 'Workspace',
    title: 'Files left out of the workspace index',
    description:
      'Gitignore-style patterns, relative to each opened folder, of files and folders that quick open, symbol search and find in files leave out, on top of .gitignore, .ignore and the built-in node_modules/, .git/, .hg/ and .svn/. Lists from several sources are combined.',
    since: '0.1.0',
    type: { kind: 'list', item: 'glob', maxItems: 1000 },
    default: [],
    example: ['dist/', '*.min.js', 'vendor/**'],
    merge: { rule: 'union' },
    cloudExpiry: 'keep',
    setting: 'files.exclude',
  }),
] as const;
