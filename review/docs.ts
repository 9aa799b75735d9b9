// `npm run docs`: rewrites the generated parts of README.md (the configuration reference)
// from the code. A test fails when README.md is stale.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../offline/stack-file";
import { withReference } from "../stacks/config/reference";

const readmePath = path.join(REPO_ROOT, "README.md");
const before = fs.readFileSync(readmePath, "utf8");
const after = withReference(before);
fs.writeFileSync(readmePath, after);
console.log(before === after ? "README.md was up to date" : "README.md: configuration reference rewritten");
