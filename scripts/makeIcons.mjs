// Renders build/icon.svg into the PNGs electron-builder packages: build/icon.png (1024×1024, the
// source electron-builder converts into the Windows .ico and the macOS .icns) and
// build/icons/<size>x<size>.png (the Linux icon set; the size in the name is how electron-builder
// tells them apart). The outputs are committed; run `node scripts/makeIcons.mjs` after editing
// the SVG. Chromium draws the vector at each size, which stays sharper than scaling one bitmap.
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512];
const svg = readFileSync('build/icon.svg', 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  // Debian's Chromium runs as root in CI containers, where its sandbox cannot start; this browser
  // only ever loads the icon SVG given to it here.
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  /** @param {number} size */
  async function render(size) {
    await page.setViewportSize({ width: size, height: size });
    const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}</style>` +
        `<img src="${dataUrl}" width="${size}" height="${size}" style="display:block">`,
    );
    await page.locator('img').evaluate((image) => image.decode());
    return page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
  }
  writeFileSync('build/icon.png', await render(1024));
  mkdirSync('build/icons', { recursive: true });
  for (const size of linuxSizes) {
    writeFileSync(`build/icons/${size}x${size}.png`, await render(size));
  }
  process.stdout.write(`wrote build/icon.png and ${linuxSizes.length} sizes in build/icons/\n`);
} finally {
  await browser.close();
}
