// `npm run review -- <stack> [--against <stack> | --base <git-ref>] | --all [--base <git-ref>]`:
// the project's main job. Reads the command line and dispatches to the review asked for; the
// reviews themselves live in stack-review.ts, change-review.ts and ref-build.ts.
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { buildStack } from "../offline/build";
import { StackFileError, stackNames } from "../offline/stack-file";
import { ConfigValidationError } from "../stacks/config/errors";
import { againstReview, changeContext, changeReview } from "./change-review";
import { diffResources } from "./changes";
import { UnknownRegionError } from "./cost/prices";
import { DiagramModel, diagramOf, toSvg } from "./diagram";
import { cellText, sideBySide } from "./effective-config";
import { RefBuildError, resolveCommit, buildAtRef } from "./ref-build";
import { renderMarkdown } from "./render-markdown";
import { renderText } from "./render-text";
import { Format, FORMATS, Report, Section, table } from "./report";
import { snapshotOf, StackSnapshot } from "./snapshot";
import { changeDiagram } from "./review-diagram";
import { stackReview } from "./stack-review";
import { runAsProgram } from "./command";

export interface ReviewResult {
    readonly exitCode: number;
    readonly text: string;
}

export const USAGE = `usage:
  npm run review -- <stack>                          the stack's resources, diagram, when changes take effect, cost estimate, effective config
  npm run review -- <stack> --against <other-stack>  how the stack differs from another (resources, diagram, cost delta, config)
  npm run review -- <stack> --base <git-ref>         what the working tree changes in the stack compared with the ref (with the cost delta)
  npm run review -- --all [--base <git-ref>]         every stack's effective config side by side (and each one's changes)
options:
  --format text|markdown   text for a terminal (default), markdown for a pull-request comment
  --out <file>             write the review to the file instead of printing it
  --svg <file.svg>         also write the stack's diagram as SVG (with --against/--base: the changes marked)
  --help                   this text
Offline: built under mocks from Pulumi.<stack>.yaml, no AWS account and no Pulumi CLI. docs/review.md explains the output.`;

const OPTIONS = {
    against: { type: "string" },
    base: { type: "string" },
    all: { type: "boolean" },
    format: { type: "string" },
    out: { type: "string" },
    svg: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

const ALLOWED_FLAGS = "--against <stack>, --base <git-ref>, --all, --format text|markdown, --out <file>, --svg <file.svg>, --help";

/** Bad command-line input: exit code 2, naming the flag or value and what is allowed. */
class UsageError extends Error {}

interface Request {
    readonly stack?: string;
    readonly against?: string;
    readonly base?: string;
    readonly all: boolean;
    readonly format: Format;
    readonly out?: string;
    readonly svg?: string;
    readonly help: boolean;
}

/** A file the review writes must go into a directory that exists: said before any build, not as a stack trace after. */
function checkOutFile(flag: string, file: string | undefined): string | undefined {
    if (file === undefined) return undefined;
    if (file.trim() === "") throw new UsageError(`${flag} needs a file name`);
    const dir = path.dirname(path.resolve(file));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`${flag} ${file}: the directory ${dir} does not exist; create it or name a file in an existing directory`);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`${flag} ${file}: is a directory; name a file`);
    return file;
}

function checkStack(flag: string, stack: string): string {
    const known = stackNames();
    if (!known.includes(stack)) throw new UsageError(`${flag}: unknown stack "${stack}"; stacks: ${known.join(", ")}`);
    return stack;
}

export function parseRequest(argv: readonly string[]): Request {
    let parsed;
    try {
        parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? "";
        const code = (error as { code?: string }).code;
        if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`${flag} needs a value (${ALLOWED_FLAGS})`);
        throw new UsageError(`unknown flag ${flag || message}; allowed: ${ALLOWED_FLAGS}`);
    }
    const { values, positionals } = parsed;
    if (values.help) return { all: false, format: "text", help: true };
    const format = values.format ?? "text";
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${format}: allowed: ${FORMATS.join(", ")}`);
    if (positionals.length > 1) throw new UsageError(`one stack at a time, got ${positionals.join(", ")}; stacks: ${stackNames().join(", ")}`);
    if (values.against !== undefined && values.base !== undefined) throw new UsageError("--against and --base cannot be combined: review against another stack or against a git ref");
    if (values.all) {
        if (positionals.length > 0) throw new UsageError(`--all reviews every stack; drop the stack name ${positionals[0]}`);
        if (values.against !== undefined) throw new UsageError("--all cannot be combined with --against; --all with --base is allowed");
        if (values.svg !== undefined) throw new UsageError("--svg draws one stack: name the stack instead of --all");
    } else if (positionals.length === 0) {
        throw new UsageError(`name a stack (${stackNames().join(", ")}) or pass --all`);
    }
    if (values.base !== undefined && values.base.trim() === "") throw new UsageError("--base needs a git ref (a branch, tag or commit id)");
    if (values.svg !== undefined && !values.svg.toLowerCase().endsWith(".svg")) throw new UsageError(`--svg ${values.svg}: name an .svg file`);
    return {
        stack: positionals[0] === undefined ? undefined : checkStack("stack", positionals[0]),
        against: values.against === undefined ? undefined : checkStack("--against", values.against),
        base: values.base,
        all: values.all ?? false,
        format: format as Format,
        out: checkOutFile("--out", values.out),
        svg: checkOutFile("--svg", values.svg),
        help: false,
    };
}

/** dev, staging, production first (the order a change travels), then any other stack. */
function orderedStacks(): string[] {
    const order = ["dev", "staging", "production"];
    const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
    return stackNames().sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const EMPTY_CONFIG = {};

/** The snapshots of `stacks` at `ref`; a stack without a stack file there is empty (everything is new). */
function snapshotsAtRef(ref: string, stacks: readonly string[]): Map<string, StackSnapshot> {
    const dumped = buildAtRef(ref, stacks);
    const result = new Map<string, StackSnapshot>();
    for (const stack of stacks) {
        const entry = dumped[stack];
        if (entry === undefined || "error" in entry) {
            throw new RefBuildError(`stack ${stack} does not build at ${ref}: ${entry === undefined ? "the dump has no entry" : entry.error}`);
        }
        result.set(stack, "snapshot" in entry ? entry.snapshot : { stack, project: "", resources: [], outputs: {}, effectiveConfig: EMPTY_CONFIG });
    }
    return result;
}

function baseLabel(ref: string): string {
    return `${ref} (${resolveCommit(ref).slice(0, 12)})`;
}

/** A review, and the diagram `--svg` writes (undefined for --all). */
interface Reviewed {
    readonly report: Report;
    readonly diagram?: () => DiagramModel;
}

async function reviewOf(request: Request): Promise<Reviewed> {
    if (request.all) {
        const stacks = orderedStacks();
        // One build at a time: the Pulumi runtime the engine drives is one per process.
        const snapshots: StackSnapshot[] = [];
        for (const stack of stacks) snapshots.push(snapshotOf(await buildStack(stack)));
        const rows = sideBySide(snapshots.map((s) => s.effectiveConfig)).map((r) => [r.key, ...r.values.map(cellText)]);
        const sections: Section[] = [{ title: "Effective configuration of every stack (defaults applied)", blocks: [table(["key", ...stacks], rows)] }];
        if (request.base !== undefined) {
            const label = baseLabel(request.base);
            const base = snapshotsAtRef(request.base, stacks);
            for (const snapshot of snapshots) {
                const review = changeReview(changeContext(snapshot.stack, label, base.get(snapshot.stack)!, snapshot));
                sections.push(...review.sections.map((s) => ({ ...s, title: `${snapshot.stack}: ${s.title}` })));
            }
        }
        return { report: { title: request.base === undefined ? "Review of every stack" : `Review of every stack against ${request.base}`, sections } };
    }
    const stack = request.stack!;
    if (request.against !== undefined) {
        const compared = { normaliseEnvironment: true };
        const [head, other] = [snapshotOf(await buildStack(stack), compared), snapshotOf(await buildStack(request.against), compared)];
        return { report: againstReview(head, other), diagram: () => changeDiagram(head.resources, diffResources(other.resources, head.resources)) };
    }
    if (request.base !== undefined) {
        const label = baseLabel(request.base);
        const base = snapshotsAtRef(request.base, [stack]).get(stack)!;
        const context = changeContext(stack, label, base, snapshotOf(await buildStack(stack)));
        return { report: changeReview(context), diagram: () => changeDiagram(context.head.resources, context.changes) };
    }
    const built = await buildStack(stack);
    return { report: stackReview(built), diagram: () => diagramOf(built.resources) };
}

const RENDERERS: Readonly<Record<Format, (report: Report) => string>> = { text: renderText, markdown: renderMarkdown };

/** The whole command: parse, review, render; with --out the review goes to the file. */
export async function runReview(argv: readonly string[]): Promise<ReviewResult> {
    let request: Request;
    try {
        request = parseRequest(argv);
    } catch (error) {
        if (error instanceof UsageError) return { exitCode: 2, text: `${error.message}\n\n${USAGE}` };
        throw error;
    }
    if (request.help) return { exitCode: 0, text: USAGE };
    let text: string;
    let svg: string | undefined;
    try {
        const reviewed = await reviewOf(request);
        text = RENDERERS[request.format](reviewed.report);
        if (request.svg !== undefined && reviewed.diagram) svg = await toSvg(reviewed.diagram());
    } catch (error) {
        if (error instanceof RefBuildError && /^--base /.test(error.message)) return { exitCode: 2, text: error.message };
        const expected = [ConfigValidationError, StackFileError, RefBuildError, UnknownRegionError];
        if (expected.some((kind) => error instanceof kind)) return { exitCode: 1, text: (error as Error).message };
        throw error;
    }
    const written: string[] = [];
    if (svg !== undefined && request.svg !== undefined) {
        fs.writeFileSync(request.svg, svg);
        written.push(`diagram written to ${request.svg}`);
    }
    if (request.out === undefined) return { exitCode: 0, text: [text, ...written].join("\n") };
    fs.writeFileSync(request.out, text.endsWith("\n") ? text : `${text}\n`);
    return { exitCode: 0, text: [`review written to ${request.out}`, ...written].join("\n") };
}

if (require.main === module) runAsProgram(runReview);
