// Script in residents' text is shown as text, never run: a case whose every free-text field carries
// XSS payloads (text, address, reporter name, the unit's reply) is opened in Chromium on every page
// that shows it — the case list, the case page with its timeline, the inbox, the callbacks desk, the
// command centre's live feed and the resident's public tracking page. No payload may run (a flag
// they would set stays unset, no dialog opens), and the payload text is on the page as written.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { act, waitForStatus } from './cases.flows.ts';
import { getJson, openPage, signIn } from './flows.ts';
import { launchBrowser, startServer, type RunningServer } from './harness.ts';

const RUN = `window.__xss = (window.__xss || 0) + 1`;
const PAYLOADS = [
  `<img src=x onerror="${RUN}">`,
  `<script>${RUN}</script>`,
  `"><svg onload="${RUN}">`,
  `javascript:${RUN}`,
  `<a href="javascript:${RUN}">点我</a>`,
  `{{constructor.constructor('${RUN}')()}}`,
];
const MARK = 'XSS测试';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ GONGZHI_RATE_LIMIT_PER_MINUTE: '5000' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A signed-in page that counts dialogs and would count any payload that ran. */
async function watched(username: string): Promise<{ page: Page; dialogs: () => number; close(): Promise<void> }> {
  const { context, page } = await openPage(browser, server.baseUrl);
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await signIn(page, username);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { page, dialogs: () => dialogs, close: () => context.close() };
}

async function ran(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0);
}

describe('text that looks like script', () => {
  let caseId = '';
  let trackingCode = '';

  test('is taken in and replied to as it was written', async () => {
    const operator = await watched('operator');
    // A case already at the street's handler, so that its reply can carry a payload too.
    const inbox = await watched('jd-handler');
    const list = await getJson<{ items: { id: string; status: string }[] }>(inbox.page, '/api/cases?view=inbox&status=handling&limit=5');
    expect(list.items.length).toBeGreaterThan(0);
    caseId = list.items[0]!.id;
    await inbox.page.goto(`/cases/${caseId}`);
    await act(inbox.page, 'reply', async (modal) => modal.locator('textarea').fill(`${MARK}答复 ${PAYLOADS.join(' ')}`));
    await waitForStatus(inbox.page, 'replied');
    // And a new case whose text, address and caller carry payloads (placed by address: it waits in the dispatch queue).
    const created = await operator.page.evaluate(
      async ({ text, address, name }) => {
        const csrf = document.cookie.match(/gz_csrf=([^;]+)/)?.[1] ?? '';
        const response = await fetch('/api/cases', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ text, address, reporter: { name, phone: '13800001111' } }),
        });
        return (await response.json()) as { case: { id: string; trackingCode: string } };
      },
      { text: `${MARK}诉求 ${PAYLOADS.join(' ')}`, address: PAYLOADS[0]!, name: PAYLOADS[2]!.slice(0, 40) },
    );
    trackingCode = created.case.trackingCode;
    expect(trackingCode).toBeTruthy();
    await operator.close();
    await inbox.close();
  });

  test('is shown as text and never runs, on every page that shows it', async () => {
    const visits: [string, string[]][] = [
      ['operator', ['/cases?q=' + encodeURIComponent(MARK), `/cases/${caseId}`, '/cases/callbacks', '/cases/new']],
      ['dispatcher', ['/cases/queue', '/cases?q=' + encodeURIComponent(MARK)]],
      ['leader', ['/dashboard']],
      ['jd-handler', ['/cases/inbox', `/cases/${caseId}`]],
    ];
    let pages = 0;
    for (const [username, paths] of visits) {
      const { page, dialogs, close } = await watched(username);
      for (const path of paths) {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        expect(await ran(page), `${username} ${path}`).toBe(0);
        expect(dialogs(), `${username} ${path}`).toBe(0);
        pages++;
      }
      if (username === 'operator') {
        // The case page shows the reply as written, tags and all.
        await page.goto(`/cases/${caseId}`);
        await page.getByText(`${MARK}答复`, { exact: false }).first().waitFor();
        expect(await page.getByText('<img src=x onerror=', { exact: false }).count()).toBeGreaterThan(0);
      }
      await close();
    }
    // The resident's tracking page, without an account.
    const { context, page } = await openPage(browser, server.baseUrl);
    await page.goto(`/track/zhoukou/${trackingCode}`);
    await page.getByText(`${MARK}诉求`, { exact: false }).first().waitFor();
    expect(await ran(page)).toBe(0);
    await context.close();
    expect(pages + 1).toBeGreaterThanOrEqual(9);
  });
});
