// The review of a change: the working tree against a git ref (what a pull request changes in a
// stack), or one stack against another (what differs between two environments). Both compare
// snapshots (review/snapshot.ts) with review/changes.ts.
import { callouts, diffResources, PropertyChange, ResourceChange } from "./changes";
import { cellText, configDiff, isMaskedSecret } from "./effective-config";
import { flagsOf } from "./plan";
import { Block, details, lines, pre, Report, Section, table } from "./report";
import { costDeltaSection } from "./review-cost";
import { changeDiagram, diagramSection } from "./review-diagram";
import { StackSnapshot } from "./snapshot";

/** Longer values are cut: a review line is read, not parsed. */
const MAX_VALUE_LENGTH = 160;

function valueText(value: unknown): string {
    if (value === undefined) return "(unset)";
    if (isMaskedSecret(value)) return cellText(value as string);
    const text = JSON.stringify(value);
    return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** One property change; a secret says only that it changed, never a value. */
export function diffLine(d: PropertyChange): string {
    const secret = [d.before, d.after].some(isMaskedSecret);
    if (secret) {
        const how = d.before === undefined ? "set" : d.after === undefined ? "removed" : "changed";
        return `${d.path}: [secret] ${how}`;
    }
    return `${d.path}: ${valueText(d.before)} => ${valueText(d.after)}`;
}

const SYMBOL = { create: "+", update: "~", replace: "+-", delete: "-" } as const;

/** A changed resource: one line, then its property diffs indented under it. */
export function changeLines(change: ResourceChange): string[] {
    const { kind, resource, diffs, replacedBy } = change;
    const head = `${SYMBOL[kind].padEnd(2)} ${resource.type}  ${resource.name}${flagsOf(resource)}`;
    const reason = kind === "replace" ? [`     replaced because ${replacedBy.join(", ")} changed`] : [];
    return [head, ...reason, ...diffs.map((d) => `     ${diffLine(d)}`)];
}

const KIND_TITLES = { replace: "replaced", delete: "deleted", update: "updated", create: "created" } as const;
/** Long lists fold in Markdown; these many resources print unfolded. */
const UNFOLDED = 10;

function changeBlocks(changes: readonly ResourceChange[], titles: Readonly<Record<ResourceChange["kind"], string>> = KIND_TITLES): Block[] {
    return (["replace", "delete", "update", "create"] as const).flatMap((kind) => {
        const ofKind = changes.filter((c) => c.kind === kind);
        if (ofKind.length === 0) return [];
        const body = pre(ofKind.flatMap(changeLines));
        const summary = `${ofKind.length} ${titles[kind]}`;
        return ofKind.length > UNFOLDED ? [details(summary, [body])] : [lines(`${summary}:`), body];
    });
}

function summaryLine(changes: readonly ResourceChange[]): string {
    const count = (kind: ResourceChange["kind"]) => changes.filter((c) => c.kind === kind).length;
    return changes.length === 0
        ? "No resource changes."
        : `${count("create")} to create, ${count("update")} to update, ${count("replace")} to replace, ${count("delete")} to delete.`;
}

/** What a change review is made of; extension sections receive the same. */
export interface ChangeContext {
    readonly stack: string;
    /** The ref (a git ref, or "stack <name>") and the snapshots on either side. */
    readonly baseLabel: string;
    readonly base: StackSnapshot;
    readonly head: StackSnapshot;
    readonly changes: readonly ResourceChange[];
}

function calloutSection(context: ChangeContext): Section | undefined {
    const found = callouts(context.changes);
    return found.length > 0 ? { title: "Needs attention", blocks: [lines(...found.map((l) => `- ${l}`))] } : undefined;
}

function changeHeaderSection(context: ChangeContext): Section {
    return {
        title: "Change",
        blocks: [lines(`stack: ${context.stack}`, `compared with: ${context.baseLabel}`, "built: offline, under mocks, no account (ids, ARNs and endpoints are placeholders)")],
    };
}

function resourceChangesSection(context: ChangeContext): Section {
    return { title: "Resource changes", blocks: [lines(summaryLine(context.changes)), ...changeBlocks(context.changes)] };
}

function configChangesSection(context: ChangeContext): Section {
    const rows = configDiff(context.base.effectiveConfig, context.head.effectiveConfig).map((r) => [r.key, cellText(r.values[0]), cellText(r.values[1])]);
    return {
        title: "Configuration changes",
        blocks: [rows.length > 0 ? table(["key", context.baseLabel, "this change"], rows) : lines("No configuration changes.")],
    };
}

/** How a reader gets the picture as a file: the same command with --svg. */
const SVG_HINT = "add --svg <file.svg> to this review's command";

function changeDiagramSection(context: ChangeContext): Section {
    return diagramSection(changeDiagram(context.head.resources, context.changes), SVG_HINT);
}

function changeCostSection(context: ChangeContext): Section {
    return costDeltaSection(context.base, context.head, context.baseLabel, "this change");
}

/**
 * The sections of a change review, in order; callouts first. EXTENSION POINT: a new section is
 * one entry, a function of the ChangeContext that returns a Section (or undefined to skip).
 */
export const CHANGE_SECTIONS: readonly ((context: ChangeContext) => Section | undefined)[] = [
    calloutSection,
    changeHeaderSection,
    resourceChangesSection,
    changeDiagramSection,
    changeCostSection,
    configChangesSection,
];

export function changeContext(stack: string, baseLabel: string, base: StackSnapshot, head: StackSnapshot): ChangeContext {
    return { stack, baseLabel, base, head, changes: diffResources(base.resources, head.resources) };
}

export function changeReview(context: ChangeContext): Report {
    return {
        title: `Changes to stack ${context.stack} against ${context.baseLabel}`,
        sections: CHANGE_SECTIONS.map((s) => s(context)).filter((s): s is Section => s !== undefined),
    };
}

/**
 * One stack against another: what each has alone, and what differs in the resources both have.
 * Both snapshots are taken with `normaliseEnvironment`, so each side reads its own names as <env>.
 */
export function againstReview(stack: StackSnapshot, other: StackSnapshot): Report {
    const changes = diffResources(other.resources, stack.resources);
    const titles = { create: `only in ${stack.stack}`, delete: `only in ${other.stack}`, update: "in both, different", replace: "in both, different (a change would replace it)" };
    const rows = configDiff(other.effectiveConfig, stack.effectiveConfig).map((r) => [r.key, cellText(r.values[0]), cellText(r.values[1])]);
    return {
        title: `Stack ${stack.stack} against stack ${other.stack}`,
        sections: [
            {
                title: "Compared",
                blocks: [
                    lines(
                        `${stack.stack} against ${other.stack}, both built offline under mocks, no account.`,
                        "Resources match by URN with the environment name normalised; inside values the environment name reads <env> and the account id <account>, so only real differences show.",
                    ),
                ],
            },
            {
                title: "Resources",
                blocks: [lines(changes.length === 0 ? "The two stacks declare the same resources with the same inputs." : `${changes.length} resource(s) differ.`), ...changeBlocks(changes, titles)],
            },
            diagramSection(changeDiagram(stack.resources, changes), SVG_HINT),
            costDeltaSection(other, stack, `stack ${other.stack}`, `stack ${stack.stack}`),
            {
                title: "Configuration differences",
                blocks: [rows.length > 0 ? table(["key", other.stack, stack.stack], rows) : lines("No configuration differences.")],
            },
        ],
    };
}
