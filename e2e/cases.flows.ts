// Steps of the case-loop browser flows: a fake SMS gateway, the case detail's steps, the map, answers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { POLL } from './flows.ts';

export interface Sms {
  phone: string;
  text: string;
}

export interface SmsGateway {
  url: string;
  messages: Sms[];
  /** The first message to the phone whose text matches, once it has arrived. */
  waitFor: (phone: string, pattern: RegExp) => Promise<Sms>;
  close: () => Promise<void>;
}

/** The SMS gateway the server posts to (GONGZHI_SMS_GATEWAY_URL): it keeps every message for the test. */
export async function startSmsGateway(): Promise<SmsGateway> {
  const messages: Sms[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      messages.push(JSON.parse(body) as Sms);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const waitFor = async (phone: string, pattern: RegExp) => {
    const found = () => messages.find((message) => message.phone === phone && pattern.test(message.text));
    // the server's sender runs every 2 s
    await expect.poll(() => found() !== undefined, { timeout: 20_000 }).toBe(true);
    return found()!;
  };
  return { url: `http://127.0.0.1:${port}/sms`, messages, waitFor, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The status code of the case shown on the detail page. */
export function detailStatus(page: Page): Promise<string | null> {
  return page.locator('[data-testid=case-detail] .gz-page-header [data-testid=case-status]').getAttribute('data-status');
}

export async function waitForStatus(page: Page, status: string): Promise<void> {
  await expect.poll(() => detailStatus(page), POLL).toBe(status);
}

const IMMEDIATE = ['accept', 'start', 'resume'];

/** Takes one step on the case detail page: its button, then its small form when it has one. */
export async function act(page: Page, type: string, fill?: (modal: Locator) => Promise<void>): Promise<void> {
  await page.locator(`[data-testid=action-${type}]`).click();
  if (IMMEDIATE.includes(type)) return;
  const modal = page.locator('.ant-modal:visible');
  await modal.waitFor();
  await fill?.(modal);
  await modal.locator('.ant-modal-footer .ant-btn-primary').click();
  // a refused step keeps the modal open with the reason in it: that is the failure to report
  await modal.waitFor({ state: 'hidden', timeout: 45_000 }).catch(async (error: unknown) => {
    throw new Error(`the ${type} form stayed open: ${await modal.innerText().catch(() => '?')}`, { cause: error });
  });
}

/** Clicks 是 or 否 beside a question of a form (the three callback questions). */
export async function answer(scope: Locator, question: string, yes: boolean): Promise<void> {
  await scope
    .locator('.ant-form-item')
    .filter({ hasText: question })
    .locator('.ant-radio-button-wrapper')
    .getByText(yes ? /^(是|Yes)$/ : /^(否|No)$/)
    .click();
}

/** The case id in a /cases/:id URL. */
export function caseIdInUrl(page: Page): string {
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

/**
 * Clicks the intake map until the located regions start with `district`: at the whole city a click
 * opens the district it lands in; a wrong one is left again. Starts near `hint` (fractions of the map)
 * and spirals out, so it needs no knowledge of the projection.
 */
export async function pickDistrictOnMap(page: Page, district: string, hint: [number, number]): Promise<void> {
  const map = page.locator('[data-testid=place-map]');
  await map.locator('canvas').first().waitFor();
  await page.locator('[data-testid=place-map] .gz-map-loading').waitFor({ state: 'detached' });
  const box = await map.boundingBox();
  if (!box) throw new Error('the map has no size');
  const line = page.locator('[data-testid=place-line]');
  const regions = page.locator('[data-testid=place-regions]');
  const points: [number, number][] = [hint];
  for (const radius of [0.03, 0.06, 0.1, 0.15]) {
    for (let step = 0; step < 8; step++) {
      const angle = (step / 8) * 2 * Math.PI;
      points.push([hint[0] + Math.cos(angle) * radius, hint[1] + Math.sin(angle) * radius]);
    }
  }
  for (const [x, y] of points) {
    const before = await line.innerText();
    await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
    try {
      await expect.poll(() => line.innerText(), { timeout: 1_500 }).not.toBe(before);
    } catch {
      continue; // the background: nothing was picked
    }
    await regions.waitFor();
    if ((await regions.innerText()).startsWith(district)) return;
    await map.getByRole('button').click(); // back to the whole city
    await page.locator('[data-testid=place-map] .gz-map-loading').waitFor({ state: 'detached' });
  }
  throw new Error(`no click on the map landed in ${district}`);
}

/** A WGS-84 position whose GCJ-02 conversion (what the page does with the device's position) is `gcj`. */
export function wgs84For(gcj: { lng: number; lat: number }, toGcj: (lng: number, lat: number) => { lng: number; lat: number }) {
  let wgs = { ...gcj };
  for (let i = 0; i < 5; i++) {
    const there = toGcj(wgs.lng, wgs.lat);
    wgs = { lng: wgs.lng - (there.lng - gcj.lng), lat: wgs.lat - (there.lat - gcj.lat) };
  }
  return { longitude: wgs.lng, latitude: wgs.lat };
}
