// The review of one stack: what it declares, grouped by tier, when its changes take effect, and
// its effective configuration. Offline: built under mocks from Pulumi.<stack>.yaml.
import { BuiltStack, DeclaredResource } from "../offline/build";
import { loadPlatformConfig } from "../stacks/config/load";
import { configWarnings, formatWarning } from "../stacks/config/warnings";
import { cellText, effectiveConfig } from "./effective-config";
import { diagramOf } from "./diagram";
import { renderTree, whenChangesTakeEffect } from "./plan";
import { Block, details, lines, pre, Report, Section, table } from "./report";
import { costSection } from "./review-cost";
import { diagramSection } from "./review-diagram";

/** What every review of a stack says first: where it runs, and how it was built. */
export function headerSection(built: BuiltStack, extra: readonly string[] = []): Section {
    const region = (built.outputs.region as string | undefined) ?? built.config.values[`${built.config.project}:region`] ?? "?";
    return {
        title: "Stack",
        blocks: [lines(`stack: ${built.stack}`, `project: ${built.config.project}`, `region: ${region}`, "built: offline, under mocks, no account (ids, ARNs and endpoints are placeholders)", ...extra)],
    };
}

/** Missing required secrets and the config choices a reviewer must see, as the plan prints them. */
export function warningsSection(built: BuiltStack): Section | undefined {
    const warnings = [
        ...built.missingSecrets.map(({ key, setWith }) => `Warning: ${key} is not set; the review stands in a placeholder, and \`pulumi up\` refuses this stack until you run: ${setWith}`),
        ...configWarnings(loadPlatformConfig(built.config)).map(formatWarning),
    ];
    return warnings.length > 0 ? { title: "Warnings", blocks: [lines(...warnings)] } : undefined;
}

/** The tier a top-level resource belongs to: `hse:<tier>:<Component>`, else what it is. */
function tierOf(node: DeclaredResource): string {
    if (node.type.startsWith("pulumi:providers:")) return "providers";
    const [namespace, tier] = node.type.split(":");
    return namespace === "hse" ? tier : namespace;
}

function countCustom(built: BuiltStack, node: DeclaredResource): number {
    return (node.custom ? 1 : 0) + built.childrenOf(node).reduce((n, child) => n + countCustom(built, child), 0);
}

/** Every declared resource, one line each, under its component, the components grouped by tier. */
export function resourcesSection(built: BuiltStack): Section {
    const [root] = built.ofType("pulumi:pulumi:Stack");
    const tiers = new Map<string, DeclaredResource[]>();
    for (const node of built.childrenOf(root)) tiers.set(tierOf(node), [...(tiers.get(tierOf(node)) ?? []), node]);
    const blocks: Block[] = [...tiers].map(([tier, nodes]) => {
        const tree: string[] = [];
        // Sorted, so two reviews of the same config print identically.
        for (const node of nodes.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name))) renderTree(built, node, "", "", tree);
        const count = nodes.reduce((n, node) => n + countCustom(built, node), 0);
        return details(`${tier}: ${count} resource(s)`, [pre(tree)]);
    });
    const cloud = built.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:")).length;
    const protectedCount = built.resources.filter((r) => r.protect).length;
    return { title: "Resources", blocks: [lines(`${cloud} cloud resources, ${protectedCount} protected; by tier and component:`), ...blocks] };
}

export function timingSection(built: BuiltStack): Section | undefined {
    const timing = whenChangesTakeEffect(built).map((l) => l.trim());
    return timing.length > 0 ? { title: "When changes take effect", blocks: [lines(...timing)] } : undefined;
}

export function effectiveConfigSection(built: BuiltStack): Section {
    const rows = Object.entries(effectiveConfig(built.config)).map(([key, value]) => [key, cellText(value)]);
    return { title: "Effective configuration (defaults applied)", blocks: [table(["key", "value"], rows)] };
}

function stackDiagramSection(built: BuiltStack): Section {
    return diagramSection(diagramOf(built.resources), `npm run review -- ${built.stack} --svg diagram-${built.stack}.svg`);
}

/**
 * The sections of a stack's review, in order. EXTENSION POINT: a new section is one entry, a
 * function of the built stack that returns a Section (or undefined to skip).
 */
export const STACK_SECTIONS: readonly ((built: BuiltStack) => Section | undefined)[] = [
    (built) => headerSection(built),
    warningsSection,
    resourcesSection,
    stackDiagramSection,
    timingSection,
    costSection,
    effectiveConfigSection,
];

export function stackReview(built: BuiltStack): Report {
    return {
        title: `Review of stack ${built.stack}`,
        sections: STACK_SECTIONS.map((section) => section(built)).filter((s): s is Section => s !== undefined),
    };
}
