// Builds stacks as they are at a git ref, for `npm run review -- <stack> --base <ref>`: the ref's
// tree is exported to a temporary directory (`git archive <ref> | tar -x`), node_modules is
// linked, and the CURRENT engine (offline/) and dump script are laid over it: the engine belongs
// to the tool, while the program, the stacks' config code and Pulumi.<stack>.yaml come from the
// ref. The dump runs in a child process (its own module cache, its own Pulumi runtime state) and
// writes snapshots as JSON; the temporary directory is removed afterwards.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../offline/stack-file";
import type { DumpEntry } from "./dump";

/** A ref that is not a commit, or a checkout the current engine cannot build: one line a person can act on. */
export class RefBuildError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RefBuildError";
    }
}

/** The files of review/ the dump needs; everything else of review/ may be missing at the ref. */
const OVERLAID_REVIEW_FILES = ["dump.ts", "snapshot.ts", "effective-config.ts"];

function git(root: string, args: readonly string[], options: { maxBuffer?: number } = {}): Buffer {
    return execFileSync("git", args, { cwd: root, maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
}

/** The commit `ref` names; a ref git does not know is refused, naming it. */
export function resolveCommit(ref: string, root = REPO_ROOT): string {
    try {
        return git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).toString().trim();
    } catch {
        throw new RefBuildError(`--base ${ref}: not a commit of the git repository at ${root} (a branch, tag or commit id is allowed)`);
    }
}

/**
 * node_modules as hard links (`cp -al`, seconds), else a symbolic link. esbuild names every bundled
 * file in a comment by its real path relative to the working directory: through a symbolic link
 * the ref's Lambda bundles would name ../../<repo>/node_modules/... and every function's code hash
 * would differ from the working tree's for that alone. Hard links need the same file system.
 */
function linkNodeModules(root: string, into: string): void {
    try {
        execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(into, "node_modules")], { stdio: "ignore" });
    } catch {
        fs.rmSync(path.join(into, "node_modules"), { recursive: true, force: true });
        fs.symlinkSync(path.join(root, "node_modules"), path.join(into, "node_modules"), "dir");
    }
}

/** Exports the project's tree at `commit` into `into`, with node_modules linked and the current engine laid over it. */
function prepareCheckout(commit: string, root: string, into: string): void {
    // The project may sit in a subdirectory of the repository: export that subtree only.
    const prefix = git(root, ["rev-parse", "--show-prefix"]).toString().trim();
    const archive = git(root, ["archive", "--format=tar", prefix ? `${commit}:${prefix}` : commit], { maxBuffer: 1024 * 1024 * 1024 });
    execFileSync("tar", ["-x", "-C", into], { input: archive });
    linkNodeModules(root, into);
    fs.rmSync(path.join(into, "offline"), { recursive: true, force: true });
    fs.cpSync(path.join(root, "offline"), path.join(into, "offline"), { recursive: true });
    fs.mkdirSync(path.join(into, "review"), { recursive: true });
    for (const file of OVERLAID_REVIEW_FILES) fs.copyFileSync(path.join(root, "review", file), path.join(into, "review", file));
}

function lastLines(text: string, count = 15): string {
    return text.trim().split("\n").slice(-count).join("\n");
}

/** Builds `stacks` as they are at `ref`: per stack, its snapshot, `absent` (no stack file there) or the build's error. */
export function buildAtRef(ref: string, stacks: readonly string[], root = REPO_ROOT): Record<string, DumpEntry> {
    const commit = resolveCommit(ref, root);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hse-review-"));
    try {
        prepareCheckout(commit, root, dir);
        const out = path.join(dir, "review-dump.json");
        try {
            execFileSync(process.execPath, ["--import", "tsx", path.join("review", "dump.ts"), out, ...stacks], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
        } catch (error) {
            const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
            throw new RefBuildError(
                `could not build ${ref} (${commit.slice(0, 12)}) with the current offline engine: ${lastLines(stderr)}\n` +
                    "A ref older than the engine (before offline/ existed, or before the stacks/config functions it imports) cannot be built this way; review against a newer ref.",
            );
        }
        return JSON.parse(fs.readFileSync(out, "utf8")) as Record<string, DumpEntry>;
    } finally {
        // Removing hard links or a symbolic link leaves the real node_modules as it is.
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
