// `npm run plan -- <stack>`: the offline plan. Builds the stack from Pulumi.<stack>.yaml
// in-process with the offline engine (no AWS account, no Pulumi CLI) and prints every resource
// the stack declares, under its component, then counts per type. It compares with no deployed
// state: what would change is `pulumi preview`'s to say.
import { parseArgs } from "util";
import { buildStack, BuildOptions, BuiltStack, DeclaredResource } from "../offline/build";
import { StackFileError, stackNames } from "../offline/stack-file";
import { ConfigValidationError } from "../stacks/config/errors";
import { loadPlatformConfig } from "../stacks/config/load";
import { configWarnings, formatWarning } from "../stacks/config/warnings";
import { runAsProgram } from "./command";

export interface PlanResult {
    readonly exitCode: number;
    readonly text: string;
}

const TYPE_COLUMN = 66;

/** What a reviewer must notice about a resource: it survives destroy, or a replacement deletes it before creating the new one. */
export function flagsOf(node: Pick<DeclaredResource, "protect" | "retainOnDelete" | "deleteBeforeReplace">): string {
    const flags = [node.protect ? "protected" : "", node.retainOnDelete ? "retained on delete" : "", node.deleteBeforeReplace ? "delete-first if replaced" : ""].filter(Boolean);
    return flags.length > 0 ? `  [${flags.join(", ")}]` : "";
}

/** `node` and everything under it, one line per resource (type, name, flags), as a tree. */
export function renderTree(built: BuiltStack, node: DeclaredResource, indent: string, branch: string, lines: string[]): void {
    const label = `${indent}${branch}${node.type}`;
    lines.push(`${label.padEnd(TYPE_COLUMN)} ${node.name}${flagsOf(node)}`);
    // Sorted, so two plans of the same config print identically and diff cleanly.
    const children = built.childrenOf(node).sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    const childIndent = indent + (branch === "" ? "" : branch === "└─ " ? "   " : "│  ");
    children.forEach((child, i) => renderTree(built, child, childIndent, i === children.length - 1 ? "└─ " : "├─ ", lines));
}

/** The resources whose modifications AWS may hold for a maintenance window, and the key that decides. */
const DEFERRABLE = [
    { type: "aws:rds/instance:Instance", id: "identifier", what: "RDS", key: "postgres.applyImmediately" },
    { type: "aws:elasticache/replicationGroup:ReplicationGroup", id: "replicationGroupId", what: "ElastiCache", key: "cache.applyImmediately" },
] as const;

/**
 * When a change to a database or cache takes effect: at once (with the reboot or failover it
 * needs), or in its weekly maintenance window. Some settings apply at once whatever the flag
 * (RDS user guide, "Settings for DB instances"; ElastiCache user guide, "Modifying a cluster").
 */
export function whenChangesTakeEffect(built: BuiltStack): string[] {
    return DEFERRABLE.flatMap(({ type, id, what, key }) =>
        built.ofType(type).map((r) => {
            const name = String(r.inputs[id]);
            return r.inputs.applyImmediately === true
                ? `  ${name}: ${what} modifications are made at once, with any reboot or failover they need (${key} is true).`
                : `  ${name}: ${what} modifications wait for the maintenance window ${String(r.inputs.maintenanceWindow)} UTC (${key} is false); \`pulumi up\` ends before they are made.`;
        }),
    );
}

export function renderPlan(built: BuiltStack): string {
    const [root] = built.ofType("pulumi:pulumi:Stack");
    const region = (built.outputs.region as string | undefined) ?? "?";
    const lines = [
        `Offline plan of stack "${built.stack}" (project ${built.config.project}, region ${region}): every resource the stack declares.`,
        "Built in-process under mocks: no AWS account and no Pulumi CLI were used; ids and ARNs are placeholders.",
        "",
    ];
    for (const { key, setWith } of built.missingSecrets) {
        lines.push(`Warning: ${key} is not set; the plan stands in a placeholder, and \`pulumi up\` refuses this stack until you run: ${setWith}`);
    }
    // The stack built, so its config is valid: the choices a reviewer must see are read from it.
    const warnings = configWarnings(loadPlatformConfig(built.config)).map(formatWarning);
    lines.push(...warnings);
    if (built.missingSecrets.length + warnings.length > 0) lines.push("");
    renderTree(built, root, "", "", lines);

    const counts = new Map<string, number>();
    for (const r of built.resources.filter((x) => x !== root)) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    const timing = whenChangesTakeEffect(built);
    if (timing.length > 0) lines.push("", "When changes take effect:", ...timing);
    lines.push("", "Resources by type:");
    for (const [type, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(`${String(count).padStart(6)}  ${type}`);
    }
    const cloud = built.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:")).length;
    const components = built.resources.filter((r) => !r.custom && r !== root).length;
    const providers = built.resources.filter((r) => r.type.startsWith("pulumi:providers:")).length;
    const protectedCount = built.resources.filter((r) => r.protect).length;
    lines.push("", `Total: ${cloud} cloud resources in ${components} components, ${providers} provider(s); ${protectedCount} protected.`);
    return lines.join("\n");
}

const usageLine = () => `usage: npm run plan -- <stack>; stacks: ${stackNames().join(", ")}`;

/** `npm run plan -- --help`. */
export function planUsage(): string {
    return [
        "usage: npm run plan -- <stack>",
        "",
        "Builds the stack from Pulumi.<stack>.yaml in-process, under Pulumi mocks (no AWS account, no Pulumi CLI),",
        "and prints every resource the stack declares under its component, what is protected, retained on delete or",
        "deleted first if replaced, when database and cache changes take effect, and counts per type.",
        "It does not compare with what is deployed: `pulumi preview` does.",
        "",
        `stacks: ${stackNames().join(", ")}`,
        "options: -h, --help  print this text",
    ].join("\n");
}

/** What the command line asks for: help, a stack, or a refusal naming the argument (exit 2). */
export type PlanRequest = { readonly help: true } | { readonly stack: string | undefined } | { readonly refused: string };

export function parsePlanArgs(args: readonly string[]): PlanRequest {
    // node:util's parser, not strict: its own messages do not say what the plan accepts.
    const { tokens } = parseArgs({ args: [...args], options: { help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: false, tokens: true });
    const positionals: string[] = [];
    for (const token of tokens) {
        if (token.kind === "option") {
            if (token.name !== "help" || token.value !== undefined) return { refused: `unknown argument "${token.rawName}${token.value === undefined ? "" : `=${token.value}`}"` };
            return { help: true };
        }
        if (token.kind === "positional") positionals.push(token.value);
    }
    if (positionals.length > 1) return { refused: `unexpected argument "${positionals[1]}": the plan takes one stack` };
    return { stack: positionals[0] };
}

/** The command line: `args` as after `npm run plan --`. */
export async function runPlanCommand(args: readonly string[]): Promise<PlanResult> {
    const request = parsePlanArgs(args);
    if ("help" in request) return { exitCode: 0, text: planUsage() };
    if ("refused" in request) return { exitCode: 2, text: `${request.refused}\n${usageLine()}` };
    return runPlan(request.stack);
}

/** Without options the stack file's build is shared with every other caller in the process. */
export async function runPlan(stack: string | undefined, options?: BuildOptions): Promise<PlanResult> {
    if (!stack) {
        return { exitCode: 2, text: usageLine() };
    }
    try {
        return { exitCode: 0, text: renderPlan(await buildStack(stack, options)) };
    } catch (error) {
        if (error instanceof ConfigValidationError || error instanceof StackFileError) {
            return { exitCode: 1, text: error.message };
        }
        throw error;
    }
}

if (require.main === module) runAsProgram(runPlanCommand);
