// `npm run docs`: rewrites the generated documents from the code: the configuration reference in
// docs/configuration.md (between its markers) and docs/replacements.md. A test fails when either
// is stale.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../offline/stack-file";
import { REFERENCE_FILE, withReference } from "../stacks/config/reference";
import { replacementsMarkdown } from "../stacks/replacements";

const referencePath = path.join(REPO_ROOT, REFERENCE_FILE);
const before = fs.readFileSync(referencePath, "utf8");
const after = withReference(before);
fs.writeFileSync(referencePath, after);
console.log(before === after ? `${REFERENCE_FILE} was up to date` : `${REFERENCE_FILE}: configuration reference rewritten`);

const replacementsPath = path.join(REPO_ROOT, "docs", "replacements.md");
const previous = fs.existsSync(replacementsPath) ? fs.readFileSync(replacementsPath, "utf8") : "";
fs.writeFileSync(replacementsPath, replacementsMarkdown());
console.log(previous === replacementsMarkdown() ? "docs/replacements.md was up to date" : "docs/replacements.md rewritten");
