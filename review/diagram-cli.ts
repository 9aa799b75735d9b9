// `npm run diagram -- <stack> [--out file.svg] [--mermaid]`: the picture of a stack, offline.
// Builds the stack as the offline plan does and writes the SVG (Graphviz) and/or prints the
// Mermaid block a PR comment embeds. The review shows the same diagram (docs/review.md: --svg).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildStack, BuildOptions } from "../offline/build";
import { StackFileError, stackNames } from "../offline/stack-file";
import { ConfigValidationError } from "../stacks/config/errors";
import { diagramOf, mermaidBlock, toSvg } from "./diagram";
import { runAsProgram } from "./command";

export interface DiagramResult {
    readonly exitCode: number;
    readonly text: string;
}

const USAGE = "usage: npm run diagram -- <stack> [--out file.svg] [--mermaid]";

/** Parses the command line; bad flags come back as the message to print, naming flag and what is allowed. */
function parse(argv: readonly string[]): { stack: string; out?: string; mermaid: boolean } | string {
    let parsed;
    try {
        parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { out: { type: "string" }, mermaid: { type: "boolean" } } });
    } catch (error) {
        return `${(error as Error).message}; allowed: --out <file.svg>, --mermaid\n${USAGE}`;
    }
    const [stack, ...extra] = parsed.positionals;
    if (!stack) return `${USAGE}; stacks: ${stackNames().join(", ")}`;
    if (extra.length > 0) return `unexpected argument(s) ${extra.map((e) => JSON.stringify(e)).join(", ")}: give one stack\n${USAGE}`;
    const out = parsed.values.out;
    if (out !== undefined && !out.toLowerCase().endsWith(".svg")) return `--out must name an .svg file, got ${JSON.stringify(out)}`;
    return { stack, out, mermaid: parsed.values.mermaid === true };
}

export async function runDiagram(argv: readonly string[], options?: BuildOptions): Promise<DiagramResult> {
    const args = parse(argv);
    if (typeof args === "string") return { exitCode: 2, text: args };
    if (!stackNames().includes(args.stack)) return { exitCode: 2, text: `unknown stack ${JSON.stringify(args.stack)}; stacks: ${stackNames().join(", ")}` };
    try {
        const model = diagramOf((await buildStack(args.stack, options)).resources);
        const lines: string[] = [];
        if (args.mermaid) lines.push(mermaidBlock(model));
        // Without --mermaid an SVG is the point: written where asked, else next to the stack's name.
        const out = args.out ?? (args.mermaid ? undefined : `diagram-${args.stack}.svg`);
        if (out !== undefined) {
            writeFileSync(out, await toSvg(model));
            lines.push(`Wrote the diagram of stack "${args.stack}" to ${out} (${model.nodes.length} nodes in ${model.groups.length} tiers).`);
        }
        return { exitCode: 0, text: lines.join("\n") };
    } catch (error) {
        if (error instanceof ConfigValidationError || error instanceof StackFileError) return { exitCode: 1, text: error.message };
        throw error;
    }
}

if (require.main === module) runAsProgram(runDiagram);
