// The browser choice: an explicit CHROMIUM_PATH, else the system Chromium, else the one packaged in
// @sparticuz/chromium — and the packaged one really launches headless here.
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseChromium, HEADLESS_ARGS, SYSTEM_CHROMIUM } from './chromium.js';

const packaged = () => Promise.resolve('/unpacked/chromium');

describe('chooseChromium', () => {
  it('takes CHROMIUM_PATH when it is set, even with a system Chromium present', async () => {
    const c = chooseChromium({ env: { CHROMIUM_PATH: '/opt/chrome/chrome' }, exists: () => true, packaged });
    expect(c.source).toBe('CHROMIUM_PATH');
    await expect(c.executablePath()).resolves.toBe('/opt/chrome/chrome');
  });

  it('fails with the setting named when CHROMIUM_PATH points nowhere', async () => {
    const c = chooseChromium({ env: { CHROMIUM_PATH: '/nowhere/chrome' }, exists: () => false, packaged });
    await expect(c.executablePath()).rejects.toThrow(/CHROMIUM_PATH=\/nowhere\/chrome does not exist/);
  });

  it('takes the system Chromium when it is installed', async () => {
    const c = chooseChromium({ env: {}, exists: (f) => f === SYSTEM_CHROMIUM, packaged });
    expect(c.source).toBe('system');
    await expect(c.executablePath()).resolves.toBe(SYSTEM_CHROMIUM);
  });

  it('falls back to the npm-packaged Chromium when no system Chromium is installed', async () => {
    const c = chooseChromium({ env: { CHROMIUM_PATH: ' ' }, exists: () => false, packaged });
    expect(c.source).toBe('npm-package');
    await expect(c.executablePath()).resolves.toBe('/unpacked/chromium');
  });
});

describe('the npm-packaged Chromium', () => {
  it('unpacks and renders a page headless', async () => {
    const executablePath = await chooseChromium({ env: {}, exists: () => false }).executablePath();
    const browser = await chromium.launch({ executablePath, headless: true, args: HEADLESS_ARGS });
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="x">packaged chromium</p>');
      expect(await page.textContent('#x')).toBe('packaged chromium');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
