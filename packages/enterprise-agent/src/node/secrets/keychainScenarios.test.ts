import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { gateOnSecretService, keyringToolsAbsence } from '../testSupport/secretService.js';

// Each scenario runs openSecretStore in a child process with its own D-Bus session and keyring
// files, so a locked or missing keychain is real and the developer's own keyring is untouched.
const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, '../testSupport/keychainChild.ts');
const tsx = join(here, '../../../node_modules/tsx/dist/loader.mjs');

interface ChildResult {
  kind?: string;
  isWeaker?: boolean;
  description?: string;
  roundTrip?: boolean;
  error?: string;
  message?: string;
}

let work: string;
let n = 0;

/** `setup` runs in the child's shell before node, e.g. to start and unlock the keyring daemon. */
function runChild(options: { bus: 'none' | 'session' | 'session-without-secrets'; setup?: string; teardown?: string; fallback: 'allow' | 'refuse'; dataHome: string; timeoutMs?: number }): ChildResult {
  const weaker = join(work, `weaker-${n++}`);
  const node = `${JSON.stringify(process.execPath)} --import ${JSON.stringify(tsx)} ${JSON.stringify(child)} ${options.fallback} ${JSON.stringify(weaker)} ${options.timeoutMs ?? ''}`;
  const script = `${options.setup ?? ''}\n${node}\n${options.teardown ?? ''}`;
  // No display: a desktop prompt must never appear; gnome-keyring then answers "dismissed".
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: options.dataHome, XDG_RUNTIME_DIR: join(options.dataHome, 'run') };
  for (const k of ['DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'GNOME_KEYRING_CONTROL']) delete env[k];
  let cmd: string[];
  if (options.bus === 'none') {
    env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(work, 'no-such-bus')}`;
    cmd = ['bash', '-c', script];
  } else {
    const config = options.bus === 'session' ? [] : [`--config-file=${join(work, 'bus-without-services.conf')}`];
    cmd = ['dbus-run-session', ...config, '--', 'bash', '-c', script];
  }
  const r = spawnSync(cmd[0]!, cmd.slice(1), { env, encoding: 'utf8', timeout: 60_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`child printed no result (status ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(line) as ChildResult;
}

async function dataHome(): Promise<string> {
  const dir = await mkdtemp(join(work, 'home-'));
  await mkdir(join(dir, 'run'), { mode: 0o700 });
  return dir;
}

// Sets PID to the Secret Service's on this child's private bus (the daemon this scenario
// started), waiting for it to take its name.
const FIND_SECRETS_PID = `for i in $(seq 100); do PID=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null | awk '/uint32/ {print $2}'); [ -n "$PID" ] && break; sleep 0.05; done`;

const unlock = (password: string) => `echo -n ${password} | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1`;

describe('openSecretStore with a missing, locked or working keychain (child processes)', { timeout: 90_000 }, () => {
  if (!gateOnSecretService(keyringToolsAbsence(), it)) return;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'marie-keychain-'));
    // A session bus that can activate nothing: no Secret Service on it.
    await mkdir(join(work, 'no-services'));
    await writeFile(
      join(work, 'bus-without-services.conf'),
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${work}</listen><auth>EXTERNAL</auth>
<servicedir>${join(work, 'no-services')}</servicedir>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>\n`,
    );
  });

  it('uses the Secret Service when one is unlocked', async () => {
    const r = runChild({ bus: 'session', setup: unlock('right'), fallback: 'refuse', dataHome: await dataHome() });
    expect(r).toMatchObject({ kind: 'os-keychain', isWeaker: false, roundTrip: true });
  });

  for (const bus of ['none', 'session-without-secrets'] as const) {
    it(`no keychain (${bus === 'none' ? 'no session bus' : 'bus without a Secret Service'}): refuses when policy forbids the weaker store`, async () => {
      const r = runChild({ bus, fallback: 'refuse', dataHome: await dataHome() });
      expect(r.error).toBe('fallback-refused');
      expect(r.message).toMatch(/No OS keychain is available .*SecretStoreFallbackAllowed/);
    });

    it(`no keychain (${bus === 'none' ? 'no session bus' : 'bus without a Secret Service'}): the weaker store, named as such, when policy allows it`, async () => {
      const r = runChild({ bus, fallback: 'allow', dataHome: await dataHome() });
      expect(r).toMatchObject({ kind: 'weaker-file', isWeaker: true, roundTrip: true });
      expect(r.description).toMatch(/^weaker file store/);
    });
  }

  it('a locked keychain (unlock refused) is an error, never a reason to fall back', async () => {
    const home = await dataHome();
    // First session creates the login keyring with one password; the second offers another.
    expect(runChild({ bus: 'session', setup: unlock('right'), fallback: 'refuse', dataHome: home }).kind).toBe('os-keychain');
    for (const fallback of ['refuse', 'allow'] as const) {
      const r = runChild({ bus: 'session', setup: unlock('wrong'), fallback, dataHome: home });
      expect(r.error).toBe('keychain-locked');
      expect(r.message).toMatch(/locked/);
    }
  });

  it('a keychain daemon started without unlocking (prompt cancelled) is locked too', async () => {
    const home = await dataHome();
    runChild({ bus: 'session', setup: unlock('right'), fallback: 'refuse', dataHome: home });
    const r = runChild({ bus: 'session', fallback: 'allow', dataHome: home });
    expect(r.error).toBe('keychain-locked');
  });

  it('a hung keychain (daemon stopped) times out with keychain-timeout and no fallback', async () => {
    const r = runChild({
      bus: 'session',
      // Freeze the daemon we started, then thaw and stop it so nothing outlives the scenario.
      setup: `${unlock('right')}\n${FIND_SECRETS_PID}\n[ -n "$PID" ] && kill -STOP "$PID"`,
      teardown: '[ -n "$PID" ] && kill -CONT "$PID" && kill "$PID"',
      fallback: 'allow',
      dataHome: await dataHome(),
      timeoutMs: 1500,
    });
    // D-Bus gives up first ("Did not receive a reply"): that must read as a timeout, not as "no keychain".
    expect(r.error).toBe('keychain-timeout');
    expect(r.message).toMatch(/did not answer/);
  });
});
