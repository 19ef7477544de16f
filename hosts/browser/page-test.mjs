// Drives Debian's Chromium through the block's page (served by `okta-block serve` at ORIGIN),
// as a workflow builder would use it, and saves a screenshot of each step in SHOTS:
//
//   PLAYWRIGHT_MODULES=DIR node page-test.mjs ORIGIN SHOTS
//
// playwright-core is loaded from PLAYWRIGHT_MODULES, the node_modules the install step filled in
// the tool cache. Prints one `ok: ...` line per check and exits non-zero at the first that fails.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const { chromium } = createRequire(`${process.env.PLAYWRIGHT_MODULES}/`)('playwright-core');

const [origin, shots] = process.argv.slice(2);
const TOKEN = 'demo-okta-token';
mkdirSync(shots, { recursive: true });

function check(condition, what, detail = '') {
  if (!condition) {
    console.error(`FAILED: ${what}${detail ? `\n${detail}` : ''}`);
    process.exit(1);
  }
  console.log(`ok: ${what}`);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

// Every request the page makes and every answer it gets, to look for the token afterwards.
const traffic = [];
page.on('requestfinished', async (request) => {
  const response = await request.response();
  traffic.push({
    url: request.url(),
    method: request.method(),
    body: request.postData() ?? '',
    answer: response ? await response.text().catch(() => '') : '',
  });
});
// The runs' answers stream (a line per event, then the result); Chromium keeps no copy of a
// streamed body, so each is fetched here in full and handed to the page as it came.
const runAnswers = [];
const runBodies = [];
await page.route('**/ui/run', async (route) => {
  runBodies.push(route.request().postData() ?? '');
  const response = await route.fetch();
  const body = await response.text();
  runAnswers.push(body);
  await route.fulfill({ response, body });
});
const runs = () => runBodies.length;

let step = 0;
async function shot(name) {
  step += 1;
  await page.screenshot({ path: `${shots}/${String(step).padStart(2, '0')}-${name}.png`, fullPage: true });
}

async function pick(operation) {
  await page.selectOption('[data-testid=operation]', operation);
  await page.waitForSelector(`#operation`);
}

// Submits the operation form; returns the output of this run once the page shows it.
async function runOperation() {
  const before = runAnswers.length;
  await page.click('[data-testid=operation-submit]');
  for (let i = 0; i < 600 && runAnswers.length === before; i++) await page.waitForTimeout(50);
  // The answer is a line per event of the run, then the result's line.
  const lines = runAnswers[runAnswers.length - 1].trim().split('\n');
  const answer = JSON.parse(lines[lines.length - 1]);
  check(answer.type === 'result' && lines.length >= 3 && JSON.parse(lines[0]).type === 'sent',
    'the run streams its events, then its result');
  await page.waitForSelector('[data-testid=output-json]', { state: 'attached' });
  await page.waitForSelector('[data-testid=operation-submit]:not([disabled])');
  return answer.output;
}

await page.goto(`${origin}/`);
await page.waitForSelector('[data-testid=operation]');
check((await page.title()) === 'okta-block', 'the page loads and reads blocks.json');
const options = await page.$$eval('[data-testid=operation] option', (o) => o.length);
check(options === 48, `the operation list has every operation (${options})`);

// ----- create_user: fields as people expect, then a run -----
await pick('create_user');
check(await page.isVisible('label[for=operation_firstName] .required, label[for=operation_firstName]:has-text("*")'),
  'required fields are marked');
const activate = page.locator('#operation_activate');
check((await activate.getAttribute('role')) === 'switch' && (await activate.isChecked()),
  'a boolean is a switch, with its default (activate: true) filled in');
check(!(await page.isVisible('#operation_password')), 'advanced fields are folded away');
await page.click('details.advanced summary');
check(await page.isVisible('#operation_password'), 'and open on request');
await page.click('details.advanced summary');
await shot('create-user-form');

// An invalid input: the schema's own message at the field, and no request.
const sentBefore = runs();
await page.fill('#operation_firstName', 'Grace');
await page.fill('#operation_lastName', 'Hopper');
await page.click('[data-testid=operation-submit]');
await page.waitForSelector('.has-error, .error-detail');
const emailError = await page.textContent('#operation_email__error, .error-detail');
check(/required|must have/.test(emailError ?? ''), `a missing required field shows the schema's message (${emailError?.trim()})`);
check(runs() === sentBefore, 'and nothing is sent');
await shot('invalid-input');

const email = `grace.hopper.${Date.now()}@example.com`;
await page.fill('#operation_email', email);
let output = await runOperation();
check(output.success === true && output.email === email, `create_user runs through the component (${output.id})`);
const userId = output.id;
let exchanges = await page.textContent('[data-testid=exchanges]');
check(/POST/.test(exchanges) && /\/api\/v1\/users\?activate=true/.test(exchanges) && /200/.test(exchanges),
  'the exchange list shows the request to Okta and its status');
await page.click('tr.exchange');
const detail = await page.textContent('tr.exchange-detail');
check(detail.includes('SSWS [REDACTED]'), 'the request headers are shown, the token redacted');
await shot('create-user-output');

// ----- list_groups with a finder, then add_user_to_group -----
await pick('list_groups');
check(!(await page.isVisible('#operation_q')), 'search, filter and q stay hidden until chosen');
await page.selectOption('[data-testid=finder]', 'q');
await page.fill('#operation_q', 'Engineering');
check(!(await page.isVisible('#operation_maxResults')), 'maxResults is hidden without returnAll');
await page.click('label[for=operation_returnAll]');
await page.click('details.advanced summary');
check(await page.isVisible('#operation_maxResults'), 'and offered with it');
// Okta's q returns one page only: back to one page.
await page.click('label[for=operation_returnAll]');
check(!(await page.isVisible('#operation_maxResults')), 'and hidden again without it');
output = await runOperation();
check(output.success === true, 'list_groups runs with q', JSON.stringify(output));
const engineering = output.groups.find((g) => g.name === 'Engineering');
check(Boolean(engineering), 'list_groups finds Engineering');
check(await page.isVisible('[data-testid=output-table]'), 'a list is shown as a table');
await shot('list-groups');

await pick('add_user_to_group');
await page.fill('#operation_groupId', engineering.id);
await page.fill('#operation_userId', userId);
output = await runOperation();
check(output.success === true && output.added === true, 'add_user_to_group adds her');
exchanges = await page.textContent('[data-testid=exchanges]');
check(exchanges.includes(`/api/v1/groups/${engineering.id}/users/${userId}`) && /PUT/.test(exchanges),
  'with a PUT to the membership');
const shownProgress = await page.textContent("[data-testid=progress]");
check(/^2 requests, \d+ items?, last answer \d+ ms$/.test(shownProgress.trim()), `the run progress is shown (${shownProgress.trim()})`);
await shot('add-user-to-group');

await pick('list_group_members');
await page.fill('#operation_groupId', engineering.id);
output = await runOperation();
check(output.members.some((m) => m.login === email), 'list_group_members lists her');
const table = await page.textContent('[data-testid=output-table]');
check(table.includes(email), 'in the rendered table');
await shot('list-group-members');

// ----- a typed error, plainly -----
await pick('get_user');
await page.fill('#operation_userId', 'nobody@example.com');
output = await runOperation();
const panel = await page.textContent('[data-testid=error]');
check(output.error.kind === 'notFound' && panel.includes('notFound') && panel.includes('E0000007') && panel.includes('404'),
  'a not-found shows its kind, status and Okta code');
await shot('typed-error');

// ----- a real org: domain and token typed in -----
await page.check('[data-testid=real-org]');
await page.fill('#connection_domain', origin);
await page.fill('#connection_apiKey', TOKEN);
await pick('list_users');
output = await runOperation();
check(output.success === true && output.count > 0, 'a real org (this server, over the network) with a typed token');
await shot('real-org');

// ----- the workflow view -----
await page.check('input[value=emulated]');
await page.click('[data-testid=workflow-tab]');
await page.click('[data-testid=run-workflow]');
await page.waitForSelector('[data-testid=run-workflow]:not([disabled])', { timeout: 60000 });
const progress = await page.textContent('[data-testid=workflow-progress]');
check(progress.includes('10 of 10 steps succeeded'), `the workflow runs to the end (${progress})`,
  await page.textContent('.steps'));
const steps = await page.$$eval('[data-testid=step] .step-input', (s) => s.map((e) => e.textContent));
check(steps.length === 10, 'the workflow runs its ten steps');
const created = JSON.parse(await page.$eval('[data-testid=step] .step-output', (e) => JSON.stringify(e.textContent)));
const newId = /id: (\w+)/.exec(created)?.[1];
check(newId && steps.slice(1).filter((s) => s.includes(newId)).length >= 6, 'each step takes the new user\'s id from the step before');
await shot('workflow');

// ----- the token: nowhere in the page, its storage or what it was sent -----
const html = await page.content();
const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
check(!html.includes(TOKEN), 'the token is not in the page');
check(!storage.includes(TOKEN), 'nor in its storage or cookies');
check(traffic.every((t) => !t.url.includes(TOKEN)), 'nor in any URL');
check(traffic.every((t) => !t.answer.includes(TOKEN)) && runAnswers.every((a) => !a.includes(TOKEN)),
  'nor in any answer the page got');
const carried = runBodies.filter((body) => body.includes(TOKEN));
const elsewhere = traffic.filter((t) => !t.url.endsWith('/ui/run') && t.body.includes(TOKEN));
check(carried.length === 1 && JSON.parse(carried[0]).org === 'real' && elsewhere.length === 0,
  'the only request carrying it is the one real-org run it was typed for',
  `${carried.length} runs carried it; elsewhere: ${JSON.stringify(elsewhere.map((t) => t.url))}`);
check(errors.length === 0, 'no errors in the console', errors.join('\n'));

await browser.close();
console.log('browser: the page behaved');
