// `npm run review -- <stack> --base <ref>` in a real git repository made for the test: a copy of
// this project, committed, then a value of Pulumi.dev.yaml changed in the working tree.
import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../offline/stack-file";
import { runReview } from "../../review/review";
import { tempDir } from "../support/temp-dir";

function git(cwd: string, ...args: string[]): string {
    return execFileSync("git", ["-c", "user.name=review test", "-c", "user.email=review@example.com", "-c", "commit.gpgsign=false", ...args], { cwd }).toString();
}

/** This project's files (tracked and new, not ignored) in a new repository with one commit; node_modules hard-linked. */
function copyOfProject(): string {
    const repo = tempDir("review-repo");
    const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: REPO_ROOT }).toString().split("\0").filter(Boolean);
    for (const file of files.filter((f) => fs.existsSync(path.join(REPO_ROOT, f)))) {
        fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
        fs.copyFileSync(path.join(REPO_ROOT, file), path.join(repo, file));
    }
    execFileSync("cp", ["-al", path.join(REPO_ROOT, "node_modules"), path.join(repo, "node_modules")]);
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "base");
    return repo;
}

describe("review --base", function () {
    this.timeout(600_000);

    it("refuses a ref that is not a commit with exit 2, naming it", async () => {
        const result = await runReview(["dev", "--base", "no-such-branch"]);
        expect(result.exitCode).to.equal(2);
        expect(result.text).to.match(/--base no-such-branch: not a commit/);
    });

    it("lists what the working tree changes against HEAD: a resized database, and nothing else", () => {
        const repo = copyOfProject();
        const stackFile = path.join(repo, "Pulumi.dev.yaml");
        const text = fs.readFileSync(stackFile, "utf8");
        expect(text).to.include("instanceClass: db.t4g.micro");
        fs.writeFileSync(stackFile, text.replace("instanceClass: db.t4g.micro", "instanceClass: db.t4g.small"));

        const run = spawnSync(process.execPath, ["--import", "tsx", path.join("review", "review.ts"), "dev", "--base", "HEAD", "--format", "markdown"], { cwd: repo, encoding: "utf8" });
        expect(run.status, run.stderr).to.equal(0);
        expect(run.stdout).to.include("0 to create, 1 to update, 0 to replace, 0 to delete.");
        expect(run.stdout).to.match(/~ {2}aws:rds\/instance:Instance {2}hse-dev-postgres-instance\n {5}instanceClass: "db\.t4g\.micro" => "db\.t4g\.small"/);
        expect(run.stdout).to.match(/^\| `postgres\.instanceClass` \| `db\.t4g\.micro` \| `db\.t4g\.small` \|$/m);
    });
});
