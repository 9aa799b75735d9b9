// `npm run docs`: rewrites the generated parts of README.md (the configuration reference) and
// docs/replacements.md from the code. A test fails when README.md is stale.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../offline/stack-file";
import { withReference } from "../stacks/config/reference";
import { replacementsMarkdown } from "../stacks/replacements";

const readmePath = path.join(REPO_ROOT, "README.md");
const before = fs.readFileSync(readmePath, "utf8");
const after = withReference(before);
fs.writeFileSync(readmePath, after);
console.log(before === after ? "README.md was up to date" : "README.md: configuration reference rewritten");

const replacementsPath = path.join(REPO_ROOT, "docs", "replacements.md");
const previous = fs.existsSync(replacementsPath) ? fs.readFileSync(replacementsPath, "utf8") : "";
fs.writeFileSync(replacementsPath, replacementsMarkdown());
console.log(previous === replacementsMarkdown() ? "docs/replacements.md was up to date" : "docs/replacements.md rewritten");
