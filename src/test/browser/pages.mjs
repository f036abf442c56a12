// Opens the gateway's pages in the system's headless Chromium and checks what a person would see.
// Usage: node pages.mjs <gateway url> <screenshot dir> <api key> [scenario ...]
// Prints one line per check ("ok <name>" or "FAIL <name>: why") and exits 1 when any failed. Every page must
// load with no console error and no request to anything but the gateway (data: and blob: URLs stay inside).
import puppeteer from 'puppeteer-core';
import { mkdirSync } from 'node:fs';

const [base, shots, apiKey, ...only] = process.argv.slice(2);
const origin = new URL(base).origin;
mkdirSync(shots, { recursive: true });

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  userDataDir: shots + '/../chromium-profile-' + process.pid,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});

let failures = 0;
const results = [];

async function withPage(name, fn) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push('console error: ' + msg.text());
  });
  page.on('pageerror', (err) => problems.push('page error: ' + err.message));
  page.on('request', (req) => {
    const url = req.url();
    if (!(url.startsWith(origin + '/') || url.startsWith('data:') || url.startsWith('blob:'))) {
      problems.push('request left the gateway: ' + url);
    }
  });
  page.on('requestfailed', (req) => {
    if (!req.url().startsWith('data:')) problems.push('request failed: ' + req.url() + ' ' + req.failure()?.errorText);
  });
  try {
    await fn(page);
    if (problems.length) throw new Error(problems.join('; '));
    results.push('ok ' + name);
  } catch (e) {
    failures++;
    results.push('FAIL ' + name + ': ' + (e && e.message ? e.message : e));
  } finally {
    try {
      await page.screenshot({ path: `${shots}/${name}.png`, fullPage: false });
    } catch (e) { /* the screenshot is for people; the verdict is above */ }
    await page.close();
  }
  console.log(results[results.length - 1]);
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function spec() {
  const r = await fetch(base + '/openapi.json');
  return r.json();
}

const scenarios = {
  async swagger() {
    const doc = await spec();
    const operations = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'trace']) {
        if (item[method]) operations.push(method.toUpperCase() + ' ' + path);
      }
    }
    await withPage('openapi-swagger-ui', async (page) => {
      await page.goto(base + '/openapi', { waitUntil: 'networkidle0' });
      await page.waitForSelector('.opblock', { timeout: 20000 });
      const listed = await page.$$eval('.opblock .opblock-summary', (els) => els.map((e) =>
        e.querySelector('.opblock-summary-method').textContent.trim() + ' '
        + e.querySelector('.opblock-summary-path').getAttribute('data-path')));
      const missing = operations.filter((o) => !listed.includes(o));
      expect(missing.length === 0, 'Swagger UI does not list ' + missing.join(', '));
      expect(listed.length === operations.length, `lists ${listed.length} operations, the spec has ${operations.length}`);

      // Authorize once: the bearer key, then "Try it out" on GET /v1/models.
      await page.click('.btn.authorize');
      await page.waitForSelector('.modal-ux input[type=text], .modal-ux input[type=password]');
      const inputs = await page.$$('.modal-ux .auth-container input');
      expect(inputs.length > 0, 'no key field in Authorize');
      await inputs[0].type(apiKey);
      await page.click('.modal-ux .auth-container .btn.modal-btn.auth.authorize');
      await page.click('.modal-ux .btn-done');
      const block = '#operations-Models-listModels';
      await page.click(block + ' .opblock-summary-control');
      await page.waitForSelector(block + ' .try-out__btn');
      await page.click(block + ' .try-out__btn');
      await page.waitForSelector(block + ' .execute');
      await page.click(block + ' .execute');
      await page.waitForSelector(block + ' .live-responses-table tbody .response-col_status', { timeout: 20000 });
      const status = await page.$eval(block + ' .live-responses-table tbody .response-col_status', (e) => e.textContent.trim());
      expect(status.startsWith('200'), 'Try it out of GET /v1/models answered ' + status);
      const url = await page.$eval(block + ' .request-url pre', (e) => e.textContent.trim());
      expect(url === base + '/v1/models', 'Try it out called ' + url);
      await page.$eval(block, (e) => e.scrollIntoView());
    });
  },

  async redoc() {
    const doc = await spec();
    await withPage('redoc', async (page) => {
      await page.goto(base + '/redoc', { waitUntil: 'networkidle0' });
      await page.waitForSelector('[data-item-id^="tag/"]', { timeout: 30000 });
      const tags = await page.$$eval('li[data-item-id^="tag/"]', (els) => els.map((e) => e.getAttribute('data-item-id')));
      const missing = doc.tags.map((t) => 'tag/' + t.name).filter((t) => !tags.includes(t));
      expect(missing.length === 0, 'ReDoc does not render ' + missing.join(', '));
      const text = await page.$eval('#redoc', (e) => e.innerText);
      expect(text.includes('Create a chat completion'), 'ReDoc shows no operation text');
    });
  },

  async docs() {
    await withPage('docs-navigation', async (page) => {
      await page.goto(base + '/docs/', { waitUntil: 'networkidle0' });
      const links = await page.$$eval('.sidebar nav a', (els) => els.map((e) => e.textContent.trim()));
      expect(links.includes('Quickstart'), 'no Quickstart in the sidebar: ' + links.join(', '));
      await Promise.all([page.waitForNavigation(), page.click('.sidebar nav a[href="/docs/quickstart"]')]);
      expect(page.url() === base + '/docs/quickstart', 'the sidebar led to ' + page.url());
      const title = await page.$eval('.content h1', (e) => e.textContent);
      expect(title === 'Quickstart', 'the page title is ' + title);
      const current = await page.$eval('.sidebar a[aria-current="page"]', (e) => e.textContent.trim());
      expect(current === 'Quickstart', 'the sidebar marks ' + current);
      const copies = await page.$$('.content pre .copy');
      expect(copies.length > 0, 'no copy button on the code blocks');
    });
    await withPage('docs-search', async (page) => {
      await page.goto(base + '/docs/', { waitUntil: 'networkidle0' });
      await page.type('#search', 'shutdown grace');
      await page.waitForSelector('#search-results a', { timeout: 10000 });
      const hits = await page.$$eval('#search-results a', (els) => els.map((e) => e.getAttribute('href')));
      expect(hits.some((h) => h.startsWith('/docs/operations')), 'search found ' + hits.join(', '));
      await page.screenshot({ path: `${shots}/docs-search-results.png` });
      await Promise.all([page.waitForNavigation(), page.click('#search-results a')]);
      expect(page.url().startsWith(base + '/docs/'), 'the hit led to ' + page.url());
    });
  },

  async errors() {
    const catalog = await (await fetch(base + '/errors.json')).json();
    await withPage('errors', async (page) => {
      await page.goto(base + '/errors#gpu_busy', { waitUntil: 'networkidle0' });
      const ids = await page.$$eval('section.error-code', (els) => els.map((e) => e.id));
      const missing = catalog.errors.map((e) => e.code).filter((c) => !ids.includes(c));
      expect(missing.length === 0, '/errors does not show ' + missing.join(', '));
      const target = await page.$eval('section.error-code:target', (e) => e.id);
      expect(target === 'gpu_busy', 'the anchor shows ' + target);
    });
  },

  async playground() {
    // The key as a returning user has it: entered once, kept in the tab's session storage (without it the gateway
    // answers the model list 401, which Chromium logs as a console error).
    const open = async (page, viaQuickstart) => {
      await page.evaluateOnNewDocument((origin, key) => {
        if (location.origin === origin) sessionStorage.setItem('aistack.apiKey', key);
      }, origin, apiKey);
      if (viaQuickstart) { // the reader's path: the quickstart's link to the playground
        await page.goto(base + '/docs/quickstart', { waitUntil: 'networkidle0' });
        await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }),
          page.click('.content a[href="/playground"]')]);
        expect(page.url() === base + '/playground', 'the quickstart led to ' + page.url());
      } else {
        await page.goto(base + '/playground', { waitUntil: 'networkidle0' });
      }
      const shown = await page.$eval('#api-key', (e) => e.value);
      expect(shown === apiKey, 'the key field does not hold the stored key');
      expect(!page.url().includes(apiKey), 'the key is in the URL');
      await page.waitForSelector('.card[data-model="llama3.2:1b"][aria-selected="true"]', { timeout: 10000 });
    };

    await withPage('playground-streaming', async (page) => {
      await open(page, true);
      await page.type('#prompt', 'Tell me about the fox.');
      await page.click('#send');
      // Watch the reply grow: each state of its text, sampled often; a streamed reply passes through several.
      const seen = await page.evaluate(() => new Promise((resolve) => {
        const states = [];
        const started = Date.now();
        const timer = setInterval(() => {
          const el = document.querySelector('.msg.assistant .text');
          const text = el ? el.textContent : '';
          if (text && states[states.length - 1] !== text) states.push(text);
          const done = el && !el.parentElement.classList.contains('pending');
          if (done || Date.now() - started > 20000) {
            clearInterval(timer);
            resolve(states);
          }
        }, 15);
      }));
      const final = seen[seen.length - 1];
      expect(final === 'The quick brown fox jumps', 'the reply ended as ' + JSON.stringify(final));
      expect(seen.length >= 4, 'the reply appeared in ' + seen.length + ' steps, not token by token: '
        + JSON.stringify(seen));
      for (let i = 1; i < seen.length; i++) {
        expect(seen[i].startsWith(seen[i - 1]), 'the reply did not grow: ' + JSON.stringify(seen));
      }
      const facts = await page.evaluate(() => ({
        requestId: document.getElementById('fact-request-id').textContent,
        taskId: document.getElementById('fact-task-id').textContent,
        usage: document.getElementById('fact-usage').textContent,
        raw: document.getElementById('raw-response').textContent,
      }));
      expect(/^[A-Za-z0-9._:-]+$/.test(facts.requestId), 'no request id shown: ' + facts.requestId);
      expect(facts.taskId !== '–', 'no task id shown');
      expect(facts.usage.includes('tokens'), 'no usage shown: ' + facts.usage);
      expect(facts.raw.includes('data: [DONE]'), 'the raw panel does not show the stream as received');
      await page.waitForFunction(() => document.getElementById('fact-task-status').textContent.startsWith('SUCCESS'),
        { timeout: 10000 });
    });

    await withPage('playground-image', async (page) => {
      await open(page);
      // A real drop event on the drop zone, carrying a PNG file (as dragging one from the desktop does).
      await page.evaluate(async () => {
        const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([png], 'dot.png', { type: 'image/png' }));
        const zone = document.getElementById('drop-zone');
        zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      });
      await page.waitForSelector('#attachments img');
      await page.type('#prompt', 'What is in this picture?');
      await page.click('#send');
      await page.waitForFunction(() => document.getElementById('raw-response').textContent.includes('[DONE]'),
        { timeout: 20000 });
      const request = await page.$eval('#raw-request', (e) => e.textContent);
      expect(request.includes('"type":"image_url"') && request.includes('data:image/png;base64,iVBOR'),
        'the request did not carry the image as a data: URI');
      const sent = await page.$$eval('.msg.user img', (els) => els.length);
      expect(sent === 1, 'the sent message shows ' + sent + ' images');
    });

    await withPage('playground-tool-call', async (page) => {
      await open(page);
      await page.click('#stream'); // the fake backend answers tool calls whole
      await page.click('#tool-builder summary');
      await page.click('#add-tool');
      await page.waitForSelector('#tools .tool');
      await page.type('#prompt', 'What is the weather in Paris?');
      await page.click('#send');
      await page.waitForSelector('.tool-call .fn', { timeout: 20000 });
      const call = await page.$eval('.tool-call .fn', (e) => e.textContent);
      expect(call.includes('get_weather') && call.includes('Paris'), 'the tool call shows ' + call);
      const request = await page.$eval('#raw-request', (e) => e.textContent);
      expect(request.includes('"tools"') && request.includes('"get_weather"'), 'the request did not define the tool');
      await page.type('.tool-call textarea', '{"temperature_c": 21}');
      await page.click('.tool-call button');
      await page.waitForFunction(() => document.getElementById('raw-request').textContent.includes('"role":"tool"'),
        { timeout: 10000 });
      await page.waitForFunction(() => document.getElementById('fact-status').textContent === '200', { timeout: 20000 });
    });
  },
};

for (const [name, run] of Object.entries(scenarios)) {
  if (only.length === 0 || only.includes(name)) await run();
}
await browser.close();
process.exit(failures ? 1 : 0);
