#!/usr/bin/env node
// Helpers of api_test.sh (no network beyond the loopback server it is given):
//
//   node contract.js schema OPENAPI_YAML PATH METHOD STATUS OUT.json
//       Writes the JSON Schema (draft-07) of the JSON response that OPENAPI_YAML declares
//       for METHOD PATH with STATUS (e.g. get /api/search 200), with every schema of
//       components/schemas under "definitions", for ajv-cli. Fails if the description has
//       no such response, or no application/json schema for it.
//
//   node contract.js fetch URL METHOD OUT_BODY
//       Sends one request and writes the body to OUT_BODY; prints
//       "STATUS<TAB>CONTENT-TYPE<TAB>ALLOW" on standard output.
//
//   node contract.js expect BODY.json EXPRESSION
//       Evaluates EXPRESSION with `r` bound to the parsed JSON body; fails if it is falsy.
"use strict";

const fs = require("fs");
const path = require("path");

function die(message) {
  console.error("contract.js: " + message);
  process.exit(1);
}

function loadYaml(file) {
  let yaml;
  try {
    yaml = require("js-yaml");
  } catch (e) {
    die("js-yaml is not installed; run `npm ci --prefix tests/api` first");
  }
  return yaml.load(fs.readFileSync(file, "utf8"), { filename: file });
}

// OpenAPI 3.0 schema objects are JSON Schema plus and minus a few keywords. Keeps the
// validation keywords (and `nullable`, which Ajv understands), drops the annotations that
// Ajv's strict mode would reject, and points $refs at "definitions". Any other keyword is
// kept, so a misspelt one ("requried") makes ajv fail in strict mode rather than pass.
const ANNOTATIONS = new Set(["example", "examples", "externalDocs", "xml", "deprecated", "discriminator"]);

function toJsonSchema(schema, where) {
  if (Array.isArray(schema)) return schema.map((s, i) => toJsonSchema(s, `${where}/${i}`));
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key === "$ref") {
      const m = /^#\/components\/schemas\/([^/]+)$/.exec(value);
      if (!m) die(`${where}: unsupported $ref '${value}' (only #/components/schemas/NAME)`);
      out.$ref = "#/definitions/" + m[1];
    } else if (key === "properties") {
      out.properties = {};
      for (const [name, sub] of Object.entries(value)) out.properties[name] = toJsonSchema(sub, `${where}/properties/${name}`);
    } else if (key === "enum" || key === "required" || key === "default") {
      out[key] = value;
    } else if (["items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"].includes(key)) {
      out[key] = toJsonSchema(value, `${where}/${key}`);
    } else {
      out[key] = value;
    }
  }
  return out;
}

// Follows a local $ref inside the OpenAPI document ("#/components/responses/X").
function deref(doc, node) {
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    if (!node.$ref.startsWith("#/")) die(`unsupported $ref '${node.$ref}'`);
    node = node.$ref
      .slice(2)
      .split("/")
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((n, p) => (n === undefined ? undefined : n[p]), doc);
  }
  return node;
}

function schemaCommand([specFile, apiPath, method, status, outFile]) {
  if (!outFile) die("usage: contract.js schema OPENAPI_YAML PATH METHOD STATUS OUT.json");
  const doc = loadYaml(specFile);
  const item = (doc.paths || {})[apiPath];
  if (!item) die(`${path.basename(specFile)} has no path '${apiPath}'`);
  const op = item[method.toLowerCase()];
  if (!op) die(`${path.basename(specFile)} has no ${method.toUpperCase()} operation on '${apiPath}'`);
  const response = deref(doc, (op.responses || {})[String(status)]);
  if (!response) die(`${path.basename(specFile)} declares no ${status} response for ${method.toUpperCase()} ${apiPath}`);
  const media = (response.content || {})["application/json"];
  if (!media || !media.schema)
    die(`${path.basename(specFile)}: the ${status} response of ${method.toUpperCase()} ${apiPath} has no application/json schema`);

  const definitions = {};
  const schemas = (doc.components && doc.components.schemas) || {};
  for (const [name, s] of Object.entries(schemas)) definitions[name] = toJsonSchema(s, `#/components/schemas/${name}`);
  const out = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: `openapi:${method.toLowerCase()}:${apiPath}:${status}`,
    definitions,
    // allOf: in draft-07 a $ref ignores its siblings, so the root must not be a bare $ref.
    allOf: [toJsonSchema(media.schema, `${apiPath}/${method}/${status}`)],
  };
  fs.writeFileSync(outFile, JSON.stringify(out, null, 1));
}

async function fetchCommand([url, method, outFile]) {
  if (!outFile) die("usage: contract.js fetch URL METHOD OUT_BODY");
  const options = { method: method.toUpperCase(), redirect: "manual" };
  if (options.method === "POST" || options.method === "PUT" || options.method === "PATCH") options.body = "";
  let res;
  try {
    res = await fetch(url, options);
  } catch (e) {
    die(`${options.method} ${url}: ${e.message}${e.cause ? " (" + e.cause.message + ")" : ""}`);
  }
  const body = Buffer.from(await res.arrayBuffer());
  fs.writeFileSync(outFile, body);
  process.stdout.write([res.status, res.headers.get("content-type") || "", res.headers.get("allow") || ""].join("\t") + "\n");
}

function expectCommand([bodyFile, expression]) {
  if (!expression) die("usage: contract.js expect BODY.json EXPRESSION");
  const r = JSON.parse(fs.readFileSync(bodyFile, "utf8"));
  // eslint-disable-next-line no-new-func
  const ok = new Function("r", `return (${expression});`)(r);
  if (!ok) die(`expected ${expression}`);
}

const [command, ...args] = process.argv.slice(2);
if (command === "schema") schemaCommand(args);
else if (command === "fetch") fetchCommand(args);
else if (command === "expect") expectCommand(args);
else die("usage: contract.js schema|fetch|expect ...");
