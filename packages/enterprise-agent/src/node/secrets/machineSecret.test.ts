import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMachineSecret } from './machineSecret.js';

describe('readMachineSecret', () => {
  it('takes the first well-formed machine id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'marie-mid-'));
    await writeFile(join(dir, 'bad'), 'not-an-id\n');
    await writeFile(join(dir, 'good'), '0123456789abcdef0123456789abcdef\n');
    const secret = await readMachineSecret([join(dir, 'missing'), join(dir, 'bad'), join(dir, 'good')]);
    expect(Buffer.from(secret).toString()).toBe('0123456789abcdef0123456789abcdef');
  });

  it('refuses with weaker-store-unavailable when there is none', async () => {
    await expect(readMachineSecret(['/nonexistent/machine-id'])).rejects.toMatchObject({ code: 'weaker-store-unavailable' });
  });
});
