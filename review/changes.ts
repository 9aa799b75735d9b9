// The difference of two sets of declared resources, as `pulumi preview --diff` would report it:
// which resources are created, updated (with the property paths that change), replaced or
// deleted. Replacements are known for the resource types of FIXED_NAME_RESOURCES only (their name
// input and the inputs that force a new resource); for every other type a changed input shows as
// an update. Resources match by URN, or by an alias the newer one declares.
import { FIXED_NAME_RESOURCES } from "../stacks/replacements";
import { isMaskedSecret } from "./effective-config";
import { ResourceSnapshot } from "./snapshot";

export type ChangeKind = "create" | "update" | "replace" | "delete";

export interface PropertyChange {
    /** Where in the inputs: `instanceClass`, `tags.Name`, `containerDefinitions(json)[0].image`, `(protect)`. */
    readonly path: string;
    /** Undefined: the property is not set on that side. */
    readonly before?: unknown;
    readonly after?: unknown;
}

export interface ResourceChange {
    readonly kind: ChangeKind;
    /** The resource as declared after the change (before it, for a delete). */
    readonly resource: ResourceSnapshot;
    readonly diffs: readonly PropertyChange[];
    /** The inputs that make this a replacement. */
    readonly replacedBy: readonly string[];
}

/** Stateful resources: a replacement (or delete) loses data or breaks whatever trusts them. */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
    "aws:rds/instance:Instance": "RDS instance",
    "aws:elasticache/replicationGroup:ReplicationGroup": "ElastiCache replication group",
    "aws:ebs/volume:Volume": "EBS volume",
    "aws:ec2/instance:Instance": "EC2 instance (TimescaleDB host)",
    "aws:s3/bucket:Bucket": "S3 bucket",
    "aws:s3/bucketV2:BucketV2": "S3 bucket",
    "aws:kms/key:Key": "KMS key",
    "aws:secretsmanager/secret:Secret": "secret",
};

/** The types whose modifications AWS holds for the maintenance window unless applyImmediately is true. */
export const DEFERRED_TYPES: readonly string[] = ["aws:rds/instance:Instance", "aws:elasticache/replicationGroup:ReplicationGroup"];

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON held in a string input (policies, container definitions): diffed inside, not as one long line. */
function parsedJson(value: unknown): unknown {
    if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return undefined;
    try {
        return JSON.parse(value) as unknown;
    } catch {
        return undefined;
    }
}

/** Longer texts are compared whole: the line diff below is quadratic. */
const MAX_DIFFED_LINES = 2000;

/** The lines of `before` removed and of `after` added (a longest-common-subsequence diff), numbered from 1. */
export function lineDiffs(before: string, after: string, path: string): PropertyChange[] {
    const [a, b] = [before.split("\n"), after.split("\n")];
    if (a.length * b.length > MAX_DIFFED_LINES * MAX_DIFFED_LINES) return [{ path, before, after }];
    // common[i][j]: the longest common subsequence of a[i..] and b[j..].
    const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
    const changes: PropertyChange[] = [];
    let [i, j] = [0, 0];
    while (i < a.length || j < b.length) {
        if (i < a.length && j < b.length && a[i] === b[j]) {
            i++;
            j++;
        } else if (i < a.length && (j === b.length || common[i + 1][j] >= common[i][j + 1])) {
            changes.push({ path: `${path}(line ${i + 1})`, before: a[i++] });
        } else {
            changes.push({ path: `${path}(line ${j + 1})`, after: b[j++] });
        }
    }
    return changes;
}

/** The leaf paths where `before` and `after` differ. */
export function propertyDiffs(before: unknown, after: unknown, path = ""): PropertyChange[] {
    if (isMaskedSecret(before) || isMaskedSecret(after)) {
        return before === after ? [] : [{ path, before, after }];
    }
    if (isPlainObject(before) && isPlainObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => propertyDiffs(before[k], after[k], path ? `${path}.${k}` : k));
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        const length = Math.max(before.length, after.length);
        return Array.from({ length }, (_, i) => propertyDiffs(before[i], after[i], `${path}[${i}]`)).flat();
    }
    const [jsonBefore, jsonAfter] = [parsedJson(before), parsedJson(after)];
    if (before !== after && jsonBefore !== undefined && jsonAfter !== undefined) {
        return propertyDiffs(jsonBefore, jsonAfter, `${path}(json)`);
    }
    if (before !== after && typeof before === "string" && typeof after === "string" && before.includes("\n") && after.includes("\n")) {
        return lineDiffs(before, after, path);
    }
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
}

function topLevelInput(path: string): string {
    return /^[^.[(]+/.exec(path)?.[0] ?? path;
}

/** The inputs among `diffs` that force a new resource of this type. */
function replacingInputs(type: string, diffs: readonly PropertyChange[]): string[] {
    const fixed = FIXED_NAME_RESOURCES.find((r) => r.type === type);
    if (!fixed) return [];
    const replacing = new Set([fixed.nameInput, ...fixed.replacedBy.map((i) => i.input)]);
    return [...new Set(diffs.map((d) => topLevelInput(d.path)).filter((input) => replacing.has(input)))];
}

function optionDiffs(before: ResourceSnapshot, after: ResourceSnapshot): PropertyChange[] {
    return (["protect", "retainOnDelete", "deleteBeforeReplace"] as const)
        .filter((option) => before[option] !== after[option])
        .map((option) => ({ path: `(${option})`, before: before[option], after: after[option] }));
}

/** Every resource `after` creates, updates, replaces or deletes compared with `before`; the stack itself is left out. */
export function diffResources(before: readonly ResourceSnapshot[], after: readonly ResourceSnapshot[]): ResourceChange[] {
    const prepare = (set: readonly ResourceSnapshot[]) => set.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const [old, now] = [prepare(before), prepare(after)];
    const byUrn = new Map(old.map((r) => [r.urn, r]));
    const matched = new Set<string>();
    const changes: ResourceChange[] = [];
    for (const resource of now) {
        const previous = byUrn.get(resource.urn) ?? resource.aliasUrns.map((u) => byUrn.get(u)).find((r) => r !== undefined);
        if (!previous) {
            changes.push({ kind: "create", resource, diffs: [], replacedBy: [] });
            continue;
        }
        matched.add(previous.urn);
        const ignored = new Set(resource.ignoreChanges);
        const diffs = [...optionDiffs(previous, resource), ...propertyDiffs(previous.inputs, resource.inputs).filter((d) => !ignored.has(topLevelInput(d.path)))];
        if (diffs.length === 0) continue;
        const replacedBy = replacingInputs(resource.type, diffs);
        changes.push({ kind: replacedBy.length > 0 ? "replace" : "update", resource, diffs, replacedBy });
    }
    for (const resource of old.filter((r) => !matched.has(r.urn))) {
        changes.push({ kind: "delete", resource, diffs: [], replacedBy: [] });
    }
    return changes;
}

/**
 * What a reviewer must see first: a replacement or delete of a protected or stateful resource
 * (data lost, or `pulumi up` refuses it while protected), and a database or cache change that
 * waits for the maintenance window.
 */
export function callouts(changes: readonly ResourceChange[]): string[] {
    const lines: string[] = [];
    for (const { kind, resource, replacedBy } of changes) {
        const stateful = STATEFUL_TYPES[resource.type];
        const what = `${resource.type} ${resource.name}`;
        const why = [resource.protect ? "protected" : "", stateful ? `stateful: ${stateful}` : ""].filter(Boolean).join(", ");
        if (kind === "replace" && why) {
            lines.push(`REPLACE ${what} (${why}): ${replacedBy.join(", ")} changed, which makes AWS create a new one and delete the old${resource.protect ? "; `pulumi up` refuses while it is protected" : ""}.`);
        } else if (kind === "delete" && why) {
            lines.push(`DELETE ${what} (${why})${resource.retainOnDelete ? ": retained in AWS, only dropped from the stack" : ""}.`);
        }
        if ((kind === "update" || kind === "replace") && DEFERRED_TYPES.includes(resource.type) && resource.inputs.applyImmediately === false) {
            lines.push(`MAINTENANCE WINDOW ${what}: applyImmediately is false, so AWS makes this change in the window ${String(resource.inputs.maintenanceWindow)} UTC, after \`pulumi up\` has finished.`);
        }
    }
    return lines;
}
