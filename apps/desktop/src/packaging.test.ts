import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// js-yaml is what electron-updater itself parses YAML with; reaching it through
// electron-updater (our dependency) avoids adding a YAML parser just for this test.
const require = createRequire(import.meta.url);
const yaml = createRequire(require.resolve('electron-updater'))('js-yaml') as { load(text: string): unknown };

// The parsed YAML is walked loosely; a wrong shape fails the assertions anyway.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Config = Record<string, any>;

describe('electron-builder.yml', async () => {
  const text = await readFile(fileURLToPath(new URL('../../../electron-builder.yml', import.meta.url)), 'utf8');
  const config = yaml.load(text) as Config;

  it('names the app', () => {
    expect(config.appId).toBe('com.marieide.MarieIDE');
    expect(config.productName).toBe('MarieIDE');
    expect(config.asar).toBe(true);
    expect(config.directories).toMatchObject({ app: 'apps/desktop', output: expect.any(String) });
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/**/*']));
  });

  it('builds per-machine, non-one-click Windows installers', () => {
    expect(config.win.target).toEqual(['nsis', 'msi']);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false });
    expect(config.msi).toMatchObject({ perMachine: true });
  });

  it('builds dmg+pkg on macOS and deb+rpm+AppImage on Linux', () => {
    expect(config.mac.target).toEqual(['dmg', 'pkg']);
    expect(config.pkg.installLocation).toBe('/Applications');
    expect(config.linux.target).toEqual(['deb', 'rpm', 'AppImage']);
  });

  it('publishes to a generic feed whose URL comes from the environment', () => {
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.MARIE_UPDATE_URL}' });
  });

  it('does not register marie-app:// (or any scheme) with the OS', () => {
    expect(config.protocols).toBeUndefined();
    for (const platform of ['win', 'mac', 'linux']) expect(config[platform].protocols).toBeUndefined();
    expect(JSON.stringify(config)).not.toContain('marie-app');
  });
});
