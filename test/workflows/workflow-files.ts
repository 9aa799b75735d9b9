// The repository's GitHub Actions workflows, parsed once, walked job by job and step by step for
// the workflow tests (actionlint, pins and permissions, what the scripts read).
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { REPO_ROOT } from "../../offline/stack-file";

export const WORKFLOW_DIR = path.join(REPO_ROOT, ".github", "workflows");

export interface Step {
    readonly name?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly shell?: string;
    readonly with?: Record<string, unknown>;
}

export interface Job {
    readonly name?: string;
    readonly uses?: string;
    readonly permissions?: Record<string, string> | string;
    readonly steps?: Step[];
    readonly needs?: string | string[];
    readonly environment?: string | { name: string; url?: string };
    readonly concurrency?: string | { group: string; "cancel-in-progress"?: boolean };
    readonly strategy?: { matrix?: { include?: Record<string, unknown>[] } };
    readonly with?: Record<string, unknown>;
}

export interface Workflow {
    /** File name under .github/workflows. */
    readonly file: string;
    /** The file as written (for actionlint and the `uses:` line comments). */
    readonly text: string;
    readonly on: Record<string, any>;
    readonly permissions?: Record<string, string> | string;
    readonly jobs: Record<string, Job>;
}

/** Every workflow file (.yml or .yaml), sorted by name. */
export function readWorkflows(dir = WORKFLOW_DIR): Workflow[] {
    return fs
        .readdirSync(dir)
        .filter((file) => /\.ya?ml$/.test(file))
        .sort()
        .map((file) => {
            const text = fs.readFileSync(path.join(dir, file), "utf8");
            const document = parse(text) as Omit<Workflow, "file" | "text">;
            return { file, text, ...document };
        });
}

/** A workflow by file name; a missing one fails with the names there are. */
export function workflow(workflows: readonly Workflow[], file: string): Workflow {
    const found = workflows.find((w) => w.file === file);
    if (!found) throw new Error(`no workflow ${file} in .github/workflows (there are: ${workflows.map((w) => w.file).join(", ")})`);
    return found;
}

export interface RunScript {
    readonly where: string;
    readonly shell: string;
    readonly script: string;
}

/** Every `run:` of every step, with where it is (file, job, step) and the shell it runs in. */
export function runScripts(workflows: readonly Workflow[]): RunScript[] {
    return workflows.flatMap((w) =>
        Object.entries(w.jobs).flatMap(([jobId, job]) =>
            (job.steps ?? []).flatMap((step, index) =>
                step.run === undefined ? [] : [{ where: `${w.file} ${jobId} step ${step.name ?? index + 1}`, shell: step.shell ?? "bash", script: step.run }],
            ),
        ),
    );
}

/** Every `uses:` (steps' actions and jobs' reusable workflows), with where it is. */
export function usesReferences(workflows: readonly Workflow[]): { where: string; uses: string }[] {
    return workflows.flatMap((w) =>
        Object.entries(w.jobs).flatMap(([jobId, job]) => [
            ...(job.uses ? [{ where: `${w.file} ${jobId}`, uses: job.uses }] : []),
            ...(job.steps ?? []).flatMap((step, index) => (step.uses ? [{ where: `${w.file} ${jobId} step ${step.name ?? index + 1}`, uses: step.uses }] : [])),
        ]),
    );
}
