#!/usr/bin/env node
// Browser test of the kb-serve web UI in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core): index the bundled content, start kb-serve on a free port,
// search from the home page, tick a region, check that the count and the chips change,
// open a note, go back; then the same filter without JavaScript, and a phone-width page.
// Screenshots go to --out. Fails (never skips) when playwright-core or chromium is missing.
//
//   node tests/browser/results_test.js --bin BUILD_DIR --content content/ --out DIR
//        [--docs-screenshot docs/screenshot-results.png]
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn, spawnSync } = require("child_process");

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

function fail(message) {
  console.error("browser test FAILED: " + message);
  process.exitCode = 1;
  throw new Error(message);
}

function check(condition, message) {
  if (!condition) fail(message);
  console.log("  ok - " + message);
}

function options() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined) {
      console.error("usage: results_test.js --bin BUILD_DIR --content DIR --out DIR [--docs-screenshot FILE]");
      process.exit(2);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const required of ["bin", "content", "out"]) {
    if (!out[required]) {
      console.error("results_test.js: --" + required + " is required");
      process.exit(2);
    }
  }
  return out;
}

function loadPlaywright() {
  try {
    return require("playwright-core");
  } catch (e) {
    console.error("browser test FAILED: playwright-core is not installed; run `npm ci --prefix tests/browser` first\n  (" +
                  e.message.split("\n")[0] + ")");
    process.exit(1);
  }
}

// Starts kb-serve on a free port; resolves with { child, base } once it says where it serves.
function startServer(bin, db) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, "server", "kb-serve"), ["--db", db, "--port", "0", "--threads", "4"],
                        { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    const timer = setTimeout(() => reject(new Error("kb-serve did not start in 15 s:\n" + stderr)), 15000);
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1] });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error("kb-serve exited with " + code + ":\n" + stderr));
    });
  });
}

// A browser with its own fresh profile, that lets no request leave this machine.
async function openBrowser(chromium, tmp, name, extra) {
  const profile = fs.mkdtempSync(path.join(tmp, "profile-" + name + "-"));
  const context = await chromium.launchPersistentContext(profile, Object.assign({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  }, extra || {}));
  context.setDefaultTimeout(15000);
  const problems = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("http://127.0.0.1:")) return route.continue();
    problems.push("request outside the server: " + url);
    return route.abort();
  });
  const page = context.pages()[0] || await context.newPage();
  page.on("console", (msg) => { if (msg.type() === "error") problems.push("console error: " + msg.text()); });
  page.on("pageerror", (err) => problems.push("page error: " + err.message));
  return { context, page, problems };
}

async function resultCount(page) {
  const text = await page.locator("h1.result-count").innerText();
  const m = /^(\d+|No) /.exec(text);
  if (!m) fail("cannot read a result count from '" + text + "'");
  return m[1] === "No" ? 0 : parseInt(m[1], 10);
}

async function main() {
  const opt = options();
  const { chromium } = loadPlaywright();
  if (!fs.existsSync(CHROMIUM)) {
    console.error("browser test FAILED: " + CHROMIUM + " is missing; install it with `apt-get install -y chromium`");
    process.exit(1);
  }
  fs.mkdirSync(opt.out, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kb-browser-"));
  let server = null;
  const browsers = [];
  try {
    const db = path.join(tmp, "db");
    const indexed = spawnSync(path.join(opt.bin, "indexer", "kb-index"), ["--content", opt.content, "--db", db],
                              { encoding: "utf8" });
    if (indexed.status !== 0) fail("kb-index failed:\n" + indexed.stdout + indexed.stderr);
    server = await startServer(opt.bin, db);
    console.log("kb-serve at " + server.base);

    // --- with JavaScript: search, tick a region (the script submits), open a note, back.
    const js = await openBrowser(chromium, tmp, "js");
    browsers.push(js);
    const page = js.page;
    await page.goto(server.base + "/");
    check((await page.title()).includes("Cooperation Knowledge Base"), "the home page opens");
    check(await page.locator("main h1").isVisible(), "the home page has a heading in <main>");

    await page.getByLabel("What are you looking for?").fill("extradition");
    await Promise.all([page.waitForURL(/\/search\?q=extradition$/), page.keyboard.press("Enter")]);
    const before = await resultCount(page);
    check(before > 1, "typing a query and pressing Enter shows results (" + before + ")");
    check(await page.locator("a.chip").count() === 0, "no filter chips before a filter is chosen");

    const region = page.locator('input[type=checkbox][name="region"][value="African Group"]');
    check(await region.count() === 1, "the region facet offers African Group");
    await Promise.all([page.waitForURL(/region=African\+Group/), region.check()]);
    const after = await resultCount(page);
    check(after > 0 && after < before, "ticking a region narrows the results (" + before + " -> " + after + ")");
    const chips = page.locator("a.chip");
    check(await chips.count() === 1, "one chip shows the selected filter");
    check((await chips.first().innerText()).includes("African Group"), "the chip names the region");
    check(await page.locator('input[name="region"][value="African Group"]').isChecked(), "the region stays ticked");
    await page.screenshot({ path: path.join(opt.out, "results.png"), fullPage: false });

    const first = page.locator("ol.hits li.hit h2 a").first();
    const title = (await first.innerText()).trim();
    await Promise.all([page.waitForURL(/\/doc\//), first.click()]);
    check((await page.locator("main h1").innerText()).trim() === title, "the note opens with its title");
    check(await page.getByRole("heading", { name: "Related notes" }).isVisible(), "the note lists related notes");
    check(await page.locator('.note-meta a[href="/search?region=African+Group"]').count() === 1,
          "the note's region is a link to a filtered search");
    await page.screenshot({ path: path.join(opt.out, "document.png"), fullPage: false });

    await Promise.all([page.waitForURL(/\/search\?/), page.goBack()]);
    check(await resultCount(page) === after, "going back shows the same filtered results");
    check(await page.locator("a.chip").count() === 1, "and the same chip");

    // Removing the chip widens the search again.
    await Promise.all([page.waitForURL(/\/search\?q=extradition(&sort=relevance)?$/), page.locator("a.chip").first().click()]);
    check(await resultCount(page) === before, "removing the chip restores the full result count");

    // Keyboard: the focused element is visibly marked.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    check(outline !== "none", "focus is visible when tabbing (" + outline + ")");

    // Phone width: nothing overflows sideways.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, "a phone-width results page does not scroll sideways (" + overflow + " px)");
    await page.screenshot({ path: path.join(opt.out, "results-phone.png"), fullPage: false });
    check(js.problems.length === 0, "no console errors, CSP violations or outside requests" +
          (js.problems.length ? ": " + js.problems.join("; ") : ""));

    // --- without JavaScript: the same filter through the "Apply filters" button.
    const nojs = await openBrowser(chromium, tmp, "nojs", { javaScriptEnabled: false });
    browsers.push(nojs);
    await nojs.page.goto(server.base + "/search?q=extradition");
    const apply = nojs.page.getByRole("button", { name: "Apply filters" });
    check(await apply.isVisible(), "without JavaScript an Apply filters button is shown");
    await nojs.page.locator('input[name="region"][value="African Group"]').check();
    await Promise.all([nojs.page.waitForURL(/region=African\+Group/), apply.click()]);
    check(await resultCount(nojs.page) === after, "without JavaScript the filter gives the same results");
    check(nojs.problems.length === 0, "no outside requests without JavaScript");

    // --- a question as a practitioner types it: the region it names is understood as a
    // filter, shown as a chip; removing the chip searches those words as words.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.base + "/");
    await page.getByLabel("What are you looking for?")
      .fill("what did reviews find about central authorities in the Asia-Pacific Group?");
    await Promise.all([page.waitForURL(/\/search\?q=what/), page.keyboard.press("Enter")]);
    const understood = page.locator(".understood a.chip");
    check(await understood.count() === 1, "the question's region is understood: one 'Understood' chip");
    check((await understood.first().innerText()).includes("Asia-Pacific Group"), "the chip names the Asia-Pacific Group");
    const withRegion = await resultCount(page);
    const shown = await page.locator("ol.hits li.hit").count();
    const inRegion = await page.locator("ol.hits li.hit").filter({
      has: page.locator(".hit-meta a", { hasText: "Asia-Pacific Group" }) }).count();
    check(withRegion > 0 && shown > 0 && inRegion === shown,
          "every hit is from the Asia-Pacific Group (" + inRegion + " of " + shown + ")");
    await page.screenshot({ path: path.join(opt.out, "understood.png"), fullPage: false });
    await Promise.all([page.waitForURL(/literal=Asia-Pacific/), understood.first().click()]);
    check(await page.locator(".understood a.chip").count() === 0, "removing the chip leaves nothing understood");
    const asWords = await resultCount(page);
    check(asWords > withRegion, "and the words are searched over every region (" + withRegion + " -> " + asWords + ")");
    check(await page.locator("p.closest").isVisible(), "the page says no note has all the words and shows the closest");
    check(await page.locator("ol.hits li.hit p.missing").count() > 0, "hits say which words they lack");
    check(js.problems.length === 0, "no console errors after the question" + (js.problems.length ? ": " + js.problems.join("; ") : ""));

    // The README's picture: a typical practitioner's search with an article selected.
    if (opt["docs-screenshot"]) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(server.base + "/search?q=videoconference+testimony&article=UNCAC+46");
      await page.screenshot({ path: opt["docs-screenshot"], fullPage: false });
      console.log("saved " + opt["docs-screenshot"]);
    }
    console.log("browser test passed; screenshots in " + opt.out);
  } finally {
    for (const b of browsers) await b.context.close().catch(() => {});
    if (server) server.child.kill("SIGTERM");
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  if (!process.exitCode) console.error("browser test FAILED: " + (e && e.stack ? e.stack : e));
  process.exitCode = 1;
});
