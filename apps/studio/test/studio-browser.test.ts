// End to end in real Chromium (Debian's, driven by playwright-core; never a downloaded browser): the
// studio with its emulator (virtual clock), capture 3 gestures x 6 recordings from two simulated
// people, train in the page's Web Worker, quantize, deploy, live classification against the
// emulator's ground truth on a fresh board, and the same accuracy from the CLI's `verify` on its twin
// (another fresh board with the same seed).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { startEmulator } from '@tinyspark/emulator';
import type { RunningEmulator } from '@tinyspark/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';
import type { RunningStudio } from '../src/studio-server/start-studio.js';
import { startStudioServer } from '../src/studio-server/start-studio.js';
import { buildWeb } from '../web/build.mjs';

const CHROMIUM = '/usr/bin/chromium';
const LONG = 240_000;
let root: string;
let studio: RunningStudio;
// Two fresh emulators with the same seed: the page classifies live on one, the CLI verifies on the
// other, so both start from the same board state and must agree exactly.
let twins: RunningEmulator[] = [];
let context: BrowserContext;
let page: Page;
const shots = process.env['STUDIO_SCREENSHOTS'] !== undefined ? resolve(process.env['STUDIO_SCREENSHOTS']) : undefined;

async function shot(name: string): Promise<void> {
  const dir = shots ?? join(root, 'shots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `studio-${name}.png`), fullPage: true });
}

async function tab(name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  root = await mkdtemp(join(tmpdir(), 'ts-browser-'));
  const webDir = await buildWeb(join(root, 'web'));
  twins = await Promise.all([0, 1].map(() => startEmulator({ host: '127.0.0.1', port: 0, seed: 11, clock: 'virtual', boards: 1 })));
  studio = await startStudioServer({ dataDir: join(root, 'project'), webDir, emulatorClock: 'virtual', emulatorSeed: 3 });
  context = await chromium.launchPersistentContext(join(root, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    timeout: LONG,
  });
  context.setDefaultTimeout(LONG);
  page = context.pages()[0] ?? (await context.newPage());
}, LONG);

afterAll(async () => {
  await context?.close();
  await studio?.close();
  await Promise.all(twins.map((t) => t.close()));
}, LONG);

describe('tinyspark studio in Chromium', () => {
  it('connects on its own, records, trains, deploys and classifies live at the CLI accuracy', async () => {
    await page.goto(studio.url);
    await expect.poll(() => page.locator('#conn').textContent(), { timeout: LONG }).toMatch(/^connected: TinySpark/);
    await expect.poll(() => page.locator('#hello').textContent()).toContain('accelerometer');
    // The perform panel lists the emulator's vocabulary (read from the server's gesture table) and
    // takes a person and a variation.
    const sim = page.locator('#sim-panel');
    await expect.poll(() => sim.getByLabel('Gesture').locator('option').allTextContents(), { timeout: LONG }).toEqual(expect.arrayContaining(['up', 'down', 'left', 'right', 'toward', 'away', 'pick_up', 'circle_left', 'circle_right', 'shake', 'idle', 'wave']));
    await sim.getByLabel('Gesture').selectOption('circle_left');
    await sim.getByLabel('Person').fill('2');
    await sim.getByLabel('Variation').fill('0.5');
    await page.getByRole('button', { name: 'Perform' }).click();
    await expect.poll(() => page.locator('#chart-accelerometer canvas').count(), { timeout: LONG }).toBeGreaterThan(0);
    expect(await page.locator('#sim-error').textContent()).toBe('');
    await sim.getByLabel('Variation').fill('11');
    await page.getByRole('button', { name: 'Perform' }).click();
    await expect.poll(() => page.locator('#sim-error').textContent(), { timeout: LONG }).toMatch(/variation/);
    await sim.getByLabel('Variation').fill('1');
    await shot('device');

    await tab('Data');
    for (const gesture of ['idle', 'wave', 'punch']) {
      for (const person of [1, 2]) {
        const data = page.locator('#page-data');
        await data.getByLabel('Label', { exact: true }).fill(gesture);
        await data.getByLabel('Gesture (emulator)').selectOption(gesture);
        await data.getByLabel('Person', { exact: true }).fill(String(person));
        await data.getByLabel('Count').fill('3');
        await data.getByRole('button', { name: 'Record' }).click();
        await expect.poll(() => page.locator('#rec-status').textContent(), { timeout: LONG }).toBe(`3 recording(s) of ${gesture} saved`);
      }
    }
    await expect.poll(() => page.locator('#ds-summary').textContent(), { timeout: LONG }).toMatch(/^18 recordings, 3 labels, 2 person\(s\)/);
    await page.locator('#ds-table button[data-show]').first().click();
    await expect.poll(() => page.locator('#ds-trace canvas').count()).toBeGreaterThan(0);
    await shot('data');

    await tab('Train');
    await page.locator('#page-train').getByLabel('Epochs').fill('40');
    await page.locator('#page-train').getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.locator('#tr-status').textContent(), { timeout: LONG }).toMatch(/^saved model\.json/);
    await shot('train');

    await tab('Deploy');
    await page.getByRole('button', { name: 'Quantize' }).click();
    await expect.poll(() => page.locator('#q-agreement').count(), { timeout: LONG }).toBe(1);

    const twinUrl = (t: RunningEmulator): string => t.boards[0]?.url ?? `${t.url}/boards/board-0`;
    await tab('Device');
    await page.getByLabel('Board URL').fill(twinUrl(twins[0]!));
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.locator('#conn').textContent(), { timeout: LONG }).toMatch(/^connected: TinySpark .* \(virtual clock\)$/);
    await tab('Deploy');
    await page.getByRole('button', { name: 'Deploy to the board' }).click();
    await expect.poll(() => page.locator('#d-status').textContent(), { timeout: LONG }).toMatch(/^deployed model\.int8\.json: labels idle, punch, wave/);
    const deploy = page.locator('#page-deploy');
    await deploy.getByLabel('Gestures').fill('24');
    await deploy.getByLabel('Person', { exact: true }).fill('3');
    await deploy.getByLabel('Seed', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Run live classification' }).click();
    await expect.poll(() => page.locator('#v-accuracy').count(), { timeout: LONG }).toBe(1);
    const browserAccuracy = Number(await page.locator('#v-accuracy').getAttribute('data-accuracy'));
    await shot('deploy');

    const io = createBufferedIo(root);
    const code = await main(['verify', '--board', twinUrl(twins[1]!), '--model', join(studio.project.dir, 'model.int8.json'), '--gestures', '24', '--person', '3', '--seed', '5', '--json'], io);
    expect(code, io.err()).toBe(0);
    const cli = JSON.parse(io.out().trim().split('\n').pop() ?? '{}') as { result: { accuracy: number } };
    expect(browserAccuracy).toBe(cli.result.accuracy);
    expect(browserAccuracy).toBeGreaterThanOrEqual(0.8);

    const rio = createBufferedIo(root);
    expect(await main(['report', studio.project.dir], rio), rio.err()).toBe(0);
    const html = await readFile(join(studio.project.dir, 'report.html'), 'utf8');
    for (const part of ['Dataset: 18 recordings', 'Loss per epoch', 'Precision, recall, F1', 'Misclassified recordings', 'Deployment check', 'Prediction timeline']) expect(html).toContain(part);
  }, LONG * 3);

  it('trains with augmentation (training recordings only) and shows a bad augmentation option with its field', async () => {
    await tab('Train');
    const train = page.locator('#page-train');
    await train.getByLabel('Time warp').fill('0.5');
    await train.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.locator('#tr-error').textContent(), { timeout: LONG }).toMatch(/augment\.timeWarp/);
    await train.getByLabel('Augmented copies').fill('2');
    await train.getByLabel('Time warp').fill('0.2');
    await train.getByLabel('Rotation (deg)').fill('10');
    await train.getByLabel('Noise').fill('0.1');
    await train.getByRole('button', { name: 'Train', exact: true }).click();
    // 15 training recordings (3 in validation) plus 2 augmented copies of each; validation stays the 3 real ones.
    await expect.poll(() => page.locator('#tr-status').textContent(), { timeout: LONG }).toMatch(/^saved model\.json: \d+ epochs on 45 training recordings, .* on 3 recordings/);
    await train.getByLabel('Augmented copies').fill('0');
  }, LONG);

  it('a lost board reconnects and says so', async () => {
    await tab('Device');
    await expect.poll(() => page.locator('#conn').textContent(), { timeout: LONG }).toMatch(/^connected: TinySpark .* \(virtual clock\)$/);
    await page.locator('#sim-panel').getByLabel('Fault').selectOption('disconnect');
    await page.getByRole('button', { name: 'Inject' }).click();
    await expect.poll(() => page.locator('#conn').textContent(), { timeout: LONG }).toMatch(/^reconnected to board-0 \(virtual clock\)$/);
    // and the board answers again
    await page.locator('#sim-panel').getByLabel('Fault').selectOption('noise');
    await page.getByRole('button', { name: 'Inject' }).click();
    await page.getByRole('button', { name: 'Perform' }).click();
    await expect.poll(() => page.locator('#board-error').textContent()).toBe('');
  }, LONG);

  it('labels every input, reaches the main buttons with Tab, and has no horizontal scroll at 800 px', async () => {
    const pages: [string, string[]][] = [
      ['Device', ['board-connect', 'perform', 'fault', 'btn1']],
      ['Data', ['rec-start', 'ds-refresh', 'ds-rename']],
      ['Train', ['tr-start']],
      ['Deploy', ['q-start', 'd-deploy', 'v-start']],
    ];
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, buttons] of pages) {
        await tab(name);
        const section = page.locator(`#page-${name.toLowerCase()}`);
        // Accessible names as Chromium computes them (aria snapshot): no form control without one.
        const snap = await section.ariaSnapshot();
        const unnamed = snap.split('\n').filter((l) => /^\s*- (textbox|spinbutton|combobox|checkbox|radio|slider|listbox|button)(\s*\[[^\]]*\])*\s*(:.*)?$/.test(l));
        expect(unnamed, `${name} page, controls without an accessible name:\n${unnamed.join('\n')}`).toEqual([]);
        const controls = await section.locator('input, select, textarea').count();
        expect(controls).toBeGreaterThan(0);
        // Tab from the top of the page reaches the nav and the page's main buttons.
        await page.evaluate('document.activeElement && document.activeElement.blur()');
        const reached = new Set<string>();
        for (let i = 0; i < 120; i++) {
          await page.keyboard.press('Tab');
          const id = String(await page.evaluate('document.activeElement ? (document.activeElement.id || document.activeElement.textContent || "").trim() : ""'));
          reached.add(id);
          if (buttons.every((b) => reached.has(b)) && ['Device', 'Data', 'Train', 'Deploy'].every((n) => reached.has(n))) break;
        }
        for (const b of [...buttons, 'Device', 'Data', 'Train', 'Deploy']) expect(reached.has(b), `${name} page at ${width} px: Tab never reaches ${b}`).toBe(true);
        const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
        expect(overflow, `${name} page scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
        if (shots !== undefined && width === 800) await page.screenshot({ path: join(shots, `studio-${name.toLowerCase()}-800.png`), fullPage: true });
      }
    }
    // A page switch by keyboard alone: focus the Data tab, press Enter.
    await page.getByRole('button', { name: 'Data', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#page-data').getAttribute('class')).toContain('active');
    await page.setViewportSize({ width: 1280, height: 900 });
  }, LONG);

  it('shows a broken board URL with the CLI error, and is readable at 800 px', async () => {
    await tab('Device');
    await page.getByLabel('Board URL').fill('ws://127.0.0.1:9/boards/none');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.locator('#board-error').textContent(), { timeout: LONG }).toMatch(/^\[studio\] STUDIO_ERR_BOARD_UNREACHABLE: cannot reach the board at ws:\/\/127\.0\.0\.1:9\/boards\/none/);
    await page.setViewportSize({ width: 800, height: 900 });
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await page.keyboard.press('Tab');
    expect(String(await page.evaluate('document.activeElement && document.activeElement.tagName'))).toMatch(/^(BUTTON|INPUT|SELECT|A)$/);
  }, LONG);

  it('on the real clock, the first page draws live traces without a click', async () => {
    const real = await startStudioServer({ dataDir: join(root, 'real-project'), webDir: join(root, 'web') });
    const p = await context.newPage();
    try {
      await p.setViewportSize({ width: 1280, height: 900 });
      await p.goto(real.url);
      for (const sensor of ['accelerometer', 'gyroscope', 'proximity']) {
        await expect.poll(() => p.locator(`#chart-${sensor} canvas`).count(), { timeout: LONG }).toBeGreaterThan(0);
      }
      if (shots !== undefined) await p.screenshot({ path: join(shots, 'studio-device.png'), fullPage: true });
    } finally {
      await p.close();
      await real.close();
    }
  }, LONG);
});
