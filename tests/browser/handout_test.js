#!/usr/bin/env node
// Browser test of handouts in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): index the bundled content, start kb-serve on a free port, search, add
// three results to the handout, open it from the header, reorder it, give it a title and
// download it as HTML; then open the downloaded file from disk (file://) and check that it
// makes no request at all and holds the three notes in the new order with their sources.
// Then the UI in French (lang=fr): French notes found by stem, the language facet shown and
// labelled, the script's words in French, the language kept in links, switched to Spanish.
// Last, without JavaScript: a shared /handout URL renders its notes and reports an unknown id.
// Fails (never skips) when playwright-core or chromium is missing.
//
//   node tests/browser/handout_test.js --bin BUILD_DIR --content content/ --out DIR
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
  console.error("handout browser test FAILED: " + message);
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
      console.error("usage: handout_test.js --bin BUILD_DIR --content DIR --out DIR");
      process.exit(2);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const required of ["bin", "content", "out"]) {
    if (!out[required]) {
      console.error("handout_test.js: --" + required + " is required");
      process.exit(2);
    }
  }
  return out;
}

function loadPlaywright() {
  try {
    return require("playwright-core");
  } catch (e) {
    console.error("handout browser test FAILED: playwright-core is not installed; run `npm ci --prefix tests/browser` first\n  (" +
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

// A browser with its own fresh profile. Every request is counted; only the test server and
// files on disk may be reached, anything else is aborted (and reported).
async function openBrowser(chromium, tmp, name, extra) {
  const profile = fs.mkdtempSync(path.join(tmp, "profile-" + name + "-"));
  const context = await chromium.launchPersistentContext(profile, Object.assign({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  }, extra || {}));
  context.setDefaultTimeout(15000);
  const problems = [];
  const requests = [];
  context.on("request", (request) => requests.push(request.url()));
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("http://127.0.0.1:") || url.startsWith("file:")) return route.continue();
    problems.push("request outside the server: " + url);
    return route.abort();
  });
  const page = context.pages()[0] || await context.newPage();
  page.on("console", (msg) => { if (msg.type() === "error") problems.push("console error: " + msg.text()); });
  page.on("pageerror", (err) => problems.push("page error: " + err.message));
  return { context, page, problems, requests };
}

function idsInUrl(url) {
  const ids = new URL(url).searchParams.get("ids");
  return ids === null ? null : ids.split(",").filter((s) => s !== "");
}

async function handoutOrder(page) {
  return page.locator("ol.handout-notes > li.handout-note").evaluateAll((lis) => lis.map((li) => li.dataset.id));
}

async function main() {
  const opt = options();
  const { chromium } = loadPlaywright();
  if (!fs.existsSync(CHROMIUM)) {
    console.error("handout browser test FAILED: " + CHROMIUM + " is missing; install it with `apt-get install -y chromium`");
    process.exit(1);
  }
  fs.mkdirSync(opt.out, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kb-handout-browser-"));
  let server = null;
  const browsers = [];
  try {
    const db = path.join(tmp, "db");
    const indexed = spawnSync(path.join(opt.bin, "indexer", "kb-index"), ["--content", opt.content, "--db", db],
                              { encoding: "utf8" });
    if (indexed.status !== 0) fail("kb-index failed:\n" + indexed.stdout + indexed.stderr);
    server = await startServer(opt.bin, db);
    console.log("kb-serve at " + server.base);

    // --- with JavaScript: search, add three results, open the handout from the header.
    const js = await openBrowser(chromium, tmp, "js");
    browsers.push(js);
    const page = js.page;
    await page.goto(server.base + "/search?q=extradition");
    const hits = page.locator("ol.hits li.hit");
    check(await hits.count() >= 4, "a search for extradition lists results");
    const chosen = [];
    for (let i = 0; i < 3; ++i) {
      const hit = hits.nth(i);
      const href = await hit.locator(".hit-title a").getAttribute("href");
      chosen.push(decodeURIComponent(href.replace(/^\/doc\//, "")));
      const add = hit.getByRole("button", { name: /^Add to handout: / });
      await add.click();
      check(await add.getAttribute("aria-pressed") === "true", "result " + (i + 1) + " is added (" + chosen[i] + ")");
    }
    check((await page.locator(".handout-link .handout-count").innerText()).trim() === "(3)",
          "the header's Handout link counts 3 notes");
    // Adding from a note's own page works too, and pressing again takes it out.
    const fourth = await hits.nth(3).locator(".hit-title a").getAttribute("href");
    await page.goto(server.base + fourth);
    const onNote = page.getByRole("button", { name: /^Add to handout: / });
    await onNote.click();
    check((await page.locator(".handout-count").innerText()).trim() === "(4)", "a note's page adds it to the handout");
    await onNote.click();
    check((await page.locator(".handout-count").innerText()).trim() === "(3)" &&
          await onNote.getAttribute("aria-pressed") === "false", "pressing again takes it out");

    await Promise.all([page.waitForURL(/\/handout\?ids=/), page.locator("a.handout-link").click()]);
    check(JSON.stringify(idsInUrl(page.url())) === JSON.stringify(chosen), "the Handout link opens the handout with its ids in the URL");
    check(JSON.stringify(await handoutOrder(page)) === JSON.stringify(chosen), "the handout lists the three notes in the order added");
    await page.screenshot({ path: path.join(opt.out, "handout.png"), fullPage: true });

    // Reorder: first note down, then the (new) last note up: [b, c, a].
    const [a, b, c] = chosen;
    await page.locator(`li.handout-note[data-id="${a}"] button[data-action="down"]`).click();
    check(JSON.stringify(await handoutOrder(page)) === JSON.stringify([b, a, c]), "Down moves the first note to second place");
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.dataset.action);
    check(focused === "down", "the pressed button keeps the focus");
    await page.locator(`li.handout-note[data-id="${c}"] button[data-action="up"]`).click();
    const order = [b, c, a];
    check(JSON.stringify(await handoutOrder(page)) === JSON.stringify(order), "Up moves the last note up");
    check(JSON.stringify(idsInUrl(page.url())) === JSON.stringify(order), "the URL follows the new order (replaceState)");
    check(await page.locator("#handout-status").innerText() !== "", "the move is announced to screen readers");

    // Dragging (a mouse shortcut) reorders too: drag a note onto the lower half of the last
    // one, then onto the upper half of the first.
    const note = (id) => page.locator(`li.handout-note[data-id="${id}"]`);
    const drag = async (from, to, lower) => {
      const src = await note(from).locator(".type-badge").boundingBox();
      const dst = await note(to).boundingBox();
      await page.mouse.move(src.x + 5, src.y + 5);
      await page.mouse.down();
      await page.mouse.move(dst.x + 40, dst.y + (lower ? dst.height - 10 : 10), { steps: 10 });
      await page.mouse.up();
    };
    await page.setViewportSize({ width: 1280, height: 2000 });  // both notes on screen
    await drag(b, a, true);
    const dragged = await handoutOrder(page);
    check(JSON.stringify(dragged) === JSON.stringify([c, a, b]), "dragging a note below another moves it (" + dragged.join(", ") + ")");
    await drag(b, c, false);
    check(JSON.stringify(await handoutOrder(page)) === JSON.stringify(order), "and back above the first");
    check(JSON.stringify(idsInUrl(page.url())) === JSON.stringify(order), "the URL follows the drag");
    await page.setViewportSize({ width: 1280, height: 900 });

    const title = "Extradition workshop, day 1";
    await page.getByLabel("Title of the handout").fill(title);
    const titled = await page.waitForFunction((t) => new URL(location.href).searchParams.get("title") === t, title)
      .then(() => true, () => false);
    check(titled, "the title goes into the URL (" + await page.evaluate(() => location.search) + ")");
    check((await page.locator("h1.handout-heading").innerText()).trim() === title, "the heading shows the title");
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("kb-handout")));
    check(JSON.stringify(stored) === JSON.stringify({ ids: order, title }), "localStorage holds the same handout");

    // A reload renders the same handout from the URL alone.
    await page.reload();
    check(JSON.stringify(await handoutOrder(page)) === JSON.stringify(order), "after a reload the order is kept");
    check(await page.getByLabel("Title of the handout").inputValue() === title, "and the title");

    // Export as HTML: a download.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download HTML/ }).click()]);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    check(download.suggestedFilename() === "handout-extradition-workshop-day-1.html",
          "the download is named after the title (" + download.suggestedFilename() + ")");
    check(js.problems.length === 0, "no console errors, CSP violations or outside requests" +
          (js.problems.length ? ": " + js.problems.join("; ") : ""));

    // The notes' sources, from the API, to find in the file.
    const api = await (await fetch(server.base + "/api/handout?ids=" + order.map(encodeURIComponent).join(","))).json();
    check(api.notes.length === 3 && api.missing.length === 0, "the API knows the three notes");

    // --- the downloaded file, opened from disk: no request to any server.
    const offline = await openBrowser(chromium, tmp, "offline");
    browsers.push(offline);
    offline.requests.length = 0;
    await offline.page.goto("file://" + file);
    await offline.page.waitForLoadState("networkidle");
    check(offline.requests.some((u) => u.startsWith("file:")), "the request counter sees the file itself being loaded");
    const outside = offline.requests.filter((u) => !u.startsWith("file:"));
    check(outside.length === 0, "the file opened from disk makes no request to any server" +
          (outside.length ? ": " + outside.join(", ") : ""));
    check(offline.problems.length === 0, "and nothing else went wrong" + (offline.problems.length ? ": " + offline.problems.join("; ") : ""));
    const articles = await offline.page.locator("article.note").evaluateAll((els) => els.map((e) => e.id));
    check(JSON.stringify(articles) === JSON.stringify(order.map((id) => "note-" + id)), "the file holds the three notes in the new order");
    check((await offline.page.locator("h1").first().innerText()).trim() === title, "under the title");
    const styled = await offline.page.evaluate(() => getComputedStyle(document.querySelector(".cover")).borderBottomStyle);
    check(styled === "solid", "its inline styles apply offline");
    for (const note of api.notes) {
      const meta = await offline.page.locator(`article#note-${note.id} dl.meta`).innerText();
      check(meta.includes(note.source), "note " + note.id + " cites its source");
    }
    const refs = await offline.page.locator("#references li").allInnerTexts();
    const sources = [...new Set(api.notes.map((n) => n.source))];
    check(refs.length === sources.length && sources.every((s, i) => refs[i].startsWith(s)),
          "the references list holds the sources in order of citation");
    await offline.page.screenshot({ path: path.join(opt.out, "handout-export.png"), fullPage: false });

    // --- in French: a French query finds the French notes by stem, the script speaks
    // French, the language stays in its links, and the switcher changes it.
    await page.goto(server.base + "/search?q=" + encodeURIComponent("demandées") + "&lang=fr&language=fr");
    check(await page.locator("html").getAttribute("lang") === "fr", "lang=fr gives a French page");
    check(await page.locator("ol.hits li.hit").count() === 2, "a French inflection finds the two French notes by stem");
    const languageFacet = page.locator('fieldset[data-facet="language"] legend');
    check(await languageFacet.isVisible() && (await languageFacet.innerText()).trim() === "Langue de la fiche",
          "the language facet is shown, labelled in French");
    check(await page.getByRole("button", { name: /^Ajouter au dossier : / }).count() === 2, "the Add buttons speak French");
    check((await page.locator("a.handout-link").getAttribute("href")).includes("lang=fr"), "the Handout link keeps the language");
    await Promise.all([page.waitForURL(/lang=es/), page.locator('.language-switch a[hreflang="es"]').click()]);
    check((await page.locator("#filters-title").innerText()).trim() === "Filtros", "the switcher turns the page Spanish");
    check(js.problems.length === 0, "still no console errors" + (js.problems.length ? ": " + js.problems.join("; ") : ""));

    // --- without JavaScript: a shared link renders its notes and reports an unknown id.
    const nojs = await openBrowser(chromium, tmp, "nojs", { javaScriptEnabled: false });
    browsers.push(nojs);
    await nojs.page.goto(server.base + "/handout?ids=" + [a, "no-such-note", b].map(encodeURIComponent).join(",") + "&title=Shared");
    check(JSON.stringify(await handoutOrder(nojs.page)) === JSON.stringify([a, b]), "without JavaScript the notes are listed in order");
    check(await nojs.page.getByRole("heading", { name: "Not found in the knowledge base" }).isVisible(), "the unknown id is reported");
    check((await nojs.page.locator(".handout-missing").innerText()).includes("no-such-note"), "by name");
    // The buttons work without the script: each submits the changed handout.
    await Promise.all([nojs.page.waitForURL(/ids=/), nojs.page.getByRole("button", { name: "Remove from the handout: no-such-note" }).click()]);
    check(await nojs.page.locator(".handout-missing").count() === 0, "Remove takes the unknown id out");
    await nojs.page.locator(`li.handout-note[data-id="${a}"] button[data-action="down"]`).click();
    await nojs.page.waitForLoadState();
    check(JSON.stringify(await handoutOrder(nojs.page)) === JSON.stringify([b, a]), "Down reorders without JavaScript");
    check(new URL(nojs.page.url()).searchParams.get("title") === "Shared", "and keeps the title");
    check(nojs.problems.length === 0, "no outside requests without JavaScript");
    console.log("handout browser test passed; screenshots in " + opt.out);
  } finally {
    for (const br of browsers) await br.context.close().catch(() => {});
    if (server) server.child.kill("SIGTERM");
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  if (!process.exitCode) console.error("handout browser test FAILED: " + (e && e.stack ? e.stack : e));
  process.exitCode = 1;
});
