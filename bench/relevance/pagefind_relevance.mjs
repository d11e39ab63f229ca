// Pagefind as a peer of bench/relevance/run: prints its TREC run on the judged queries.
//
// Usage: node pagefind_relevance.mjs PAGEFIND_DIR NOTES_TSV QUERIES_TSV OUT_DIR > pagefind.run
//   PAGEFIND_DIR  the pagefind npm package (bench/node_modules/pagefind)
//   NOTES_TSV     id, title, body per line; QUERIES_TSV id, lang, kind, query (kb-relevance export)
//
// Indexing goes through Pagefind's node API: one custom record per note (url = the note id,
// content = title and body, meta title), one English index (forceLanguage: the notes are
// nearly all English). Searching runs the pagefind.js that Pagefind writes for browsers, in
// node: fetch() is replaced by reads of OUT_DIR, so nothing leaves the machine, and
// pagefind.js decompresses its files itself. Its default search, its own ranking; top 10.
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const DEPTH = 10;
const [pagefindDir, notesTsv, queriesTsv, outDir] = process.argv.slice(2);
if (!outDir) {
    console.error("usage: node pagefind_relevance.mjs PAGEFIND_DIR NOTES_TSV QUERIES_TSV OUT_DIR");
    process.exit(2);
}

const rows = async (file) =>
    (await readFile(file, "utf8")).split("\n").filter((l) => l.trim()).map((l) => l.split("\t"));

async function buildIndex() {
    const pagefind = await import(pathToFileURL(path.join(pagefindDir, "lib/index.js")).href);
    const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
    if (errors.length) throw new Error(`createIndex: ${errors.join("; ")}`);
    for (const [id, title, body] of await rows(notesTsv)) {
        const added = await index.addCustomRecord({ url: id, content: `${title}\n${body}`, language: "en", meta: { title } });
        if (added.errors.length) throw new Error(`addCustomRecord ${id}: ${added.errors.join("; ")}`);
    }
    const written = await index.writeFiles({ outputPath: outDir });
    if (written.errors.length) throw new Error(`writeFiles: ${written.errors.join("; ")}`);
    await pagefind.close();
}

// pagefind.js fetches its index relative to where it was loaded from: file: URLs here.
globalThis.fetch = async (input) => {
    const url = String(input);
    if (!url.startsWith("file:")) throw new Error(`pagefind.js asked for ${url}: only local files are served`);
    try {
        return new Response(await readFile(fileURLToPath(url)));
    } catch {
        return new Response(null, { status: 404 });
    }
};

await buildIndex();
const base = pathToFileURL(path.resolve(outDir) + "/").href;
const search = await import(new URL("pagefind.js", base).href);
// baseUrl "/": else Pagefind prefixes every url with the parent of a directory named pagefind.
await search.options({ basePath: base, baseUrl: "/" });
await search.init();
for (const [qid, , , query] of await rows(queriesTsv)) {
    const found = await search.search(query);
    const top = (found?.results ?? []).slice(0, DEPTH);
    let rank = 0;
    for (const r of top) {
        const data = await r.data();
        const note = data.url.replace(/^\//, "");
        console.log(`${qid} Q0 ${note} ${++rank} ${r.score.toFixed(4)} pagefind`);
    }
}
