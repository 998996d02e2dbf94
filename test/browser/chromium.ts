// The one place that chooses the browser for the browser tests: CHROMIUM_PATH when set, else the
// system Chromium (/usr/bin/chromium, Debian's package) when present, else the Chromium shipped
// inside the `@sparticuz/chromium` npm package (unpacked on first use into the temp dir). So a
// fresh machine needs nothing but `npm install` to run the suite.
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export type ChromiumSource = 'CHROMIUM_PATH' | 'system' | 'npm-package';

export interface ChromiumChoice {
  source: ChromiumSource;
  /** Absolute path for an explicit or system browser; resolved lazily for the packaged one. */
  executablePath: () => Promise<string>;
}

export interface ChromiumProbe {
  env: NodeJS.ProcessEnv;
  exists: (file: string) => boolean;
  /** Unpacks the packaged Chromium and returns its path. */
  packaged: () => Promise<string>;
}

const defaults: ChromiumProbe = {
  env: process.env,
  exists: existsSync,
  packaged: async () => (await import('@sparticuz/chromium')).default.executablePath(),
};

/** Which browser the tests launch (pure: the probe is injectable). */
export function chooseChromium(probe: Partial<ChromiumProbe> = {}): ChromiumChoice {
  const { env, exists, packaged } = { ...defaults, ...probe };
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) {
    return {
      source: 'CHROMIUM_PATH',
      executablePath: () => (exists(explicit) ? Promise.resolve(explicit) : Promise.reject(new Error(`CHROMIUM_PATH=${explicit} does not exist; unset it to use ${SYSTEM_CHROMIUM} or the packaged Chromium`))),
    };
  }
  if (exists(SYSTEM_CHROMIUM)) return { source: 'system', executablePath: () => Promise.resolve(SYSTEM_CHROMIUM) };
  return { source: 'npm-package', executablePath: packaged };
}

/** Flags for a headless run in a container (no sandbox, no GPU, no background traffic). */
export const HEADLESS_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The chosen browser's launch options: every browser test launches through here. */
export async function launchOptions(): Promise<{ executablePath: string; headless: true; args: string[] }> {
  return { executablePath: await chooseChromium().executablePath(), headless: true, args: HEADLESS_ARGS };
}
