// Validates every record and data file of a site against the JSON Schemas
// that `inolab schema` wrote (draft 2020-12, with ajv), the way an editor's
// YAML language server would read them (YAML 1.2: dates stay strings), and
// checks that the schemas reject what `inolab check` rejects: a misspelt
// field, a value outside a vocabulary, a structured field in a translation.
//   node tests/schema/validate.mjs [SITE_ROOT]   (default: the repository)
import Ajv2020 from "ajv/dist/2020.js";
import { parse } from "yaml";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.argv[2] ?? path.join(here, "..", ".."));
const schemas = path.join(here, "..", "..", "schemas");
const ajv = new Ajv2020({ allErrors: true, strict: true });
const load = (rel) => ajv.compile(JSON.parse(fs.readFileSync(path.join(schemas, rel), "utf8")));

const langs = ["en"]; // translation suffixes of the bundled site (site.yaml)
let files = 0;
let failures = 0;
const fail = (msg) => { failures++; console.log(`not ok - ${msg}`); };

function frontMatter(text) {
  const m = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n").match(/^---\n([\s\S]*?)\n---(\n|$)/);
  return m ? parse(m[1]) ?? {} : null;
}

function check(validate, value, where) {
  files++;
  if (!validate(value)) {
    fail(`${where}: ${ajv.errorsText(validate.errors, { dataVar: "front matter" })}`);
    return false;
  }
  return true;
}

const content = path.join(root, "content");
for (const dir of fs.readdirSync(content)) {
  const full = path.join(content, dir);
  if (dir === "data") {
    for (const f of fs.readdirSync(full).filter((n) => n.endsWith(".yaml"))) {
      const v = load(`data/${f.replace(/\.yaml$/, "")}.schema.json`);
      check(v, parse(fs.readFileSync(path.join(full, f), "utf8")) ?? {}, `content/data/${f}`);
    }
    continue;
  }
  const record = load(`${dir}.schema.json`);
  const translation = load(`${dir}.translation.schema.json`);
  for (const f of fs.readdirSync(full).filter((n) => n.endsWith(".md")).sort()) {
    const fm = frontMatter(fs.readFileSync(path.join(full, f), "utf8"));
    if (fm === null) { fail(`content/${dir}/${f}: no front matter`); continue; }
    const isTranslation = langs.some((l) => f.endsWith(`.${l}.md`));
    check(isTranslation ? translation : record, fm, `content/${dir}/${f}`);
  }
}
console.log(`# ${files} files validated against schemas/, ${failures} failed`);

// The schemas must reject what check rejects.
const negatives = [
  ["sprints.schema.json", { titel: "x", institutions: ["vk"], status: "planned" }, "a misspelt field (titel)"],
  ["sprints.schema.json", { title: "x", institutions: ["vk"], status: "done" }, "a status outside the vocabulary"],
  ["sprints.schema.json", { title: "x", institutions: ["vk"], status: "planned", participants: -1 }, "a negative participant count"],
  ["sprints.translation.schema.json", { title: "x", start: "2024-01-01" }, "a structured field in a translation"],
  ["prototypes.schema.json", { title: "x", sprint: "s", kind: "gadget", stage: "concept", summary: "y" }, "a prototype kind outside the vocabulary"],
  ["data/institutions.schema.json", { vk: { name: { lv: "x" }, kind: "agency", webiste: "https://x" } }, "a misspelt field in a data file"],
];
for (const [schema, value, what] of negatives) {
  if (load(schema)(value)) fail(`schemas/${schema} accepted ${what}`);
  else console.log(`ok - schemas/${schema} rejects ${what}`);
}
if (failures > 0) { console.log(`${failures} failed`); process.exit(1); }
console.log("schema check passed");
