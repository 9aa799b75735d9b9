// A built stack as the review compares it: every declared resource with its inputs, secrets
// masked (their digest kept, never printed) and the values only the cloud would know (ids, ARNs,
// generated names, endpoints: placeholders under mocks) replaced by what they stand for, such as
// `<arn of hse-dev-postgres-monitoring-role>`. Plain JSON, so the build of a git ref made in a
// child process (review/dump.ts) compares with the working tree's build made in this one.
// Imports only the engine (offline/) and review/effective-config.ts: review/ref-build.ts overlays
// these files on an older checkout.
import * as pulumi from "@pulumi/pulumi";
import { gunzipSync } from "zlib";
import { BuiltStack, DeclaredResource } from "../offline/build";
import { effectiveConfig, FlatConfig, maskSecret } from "./effective-config";

export interface ResourceSnapshot {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parentUrn?: string;
    readonly custom: boolean;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: readonly string[];
    readonly aliasUrns: readonly string[];
    readonly inputs: Record<string, unknown>;
    /** URNs it depends on, for the diagram's edges (review/diagram). Absent in dumps older than this field. */
    readonly dependencies?: readonly string[];
    /** The outputs the diagram matches inputs against (a target group's ARN, a load balancer's DNS name), rewritten as the inputs are. */
    readonly outputs?: { readonly arn?: string; readonly dnsName?: string };
    /**
     * A CloudFront distribution's origin domain names, for the diagram's CDN -> load balancer edge:
     * its `origins` input is a secret as a whole (the origin-verify header), the names are not.
     */
    readonly originDomains?: readonly string[];
}

export interface StackSnapshot {
    readonly stack: string;
    readonly project: string;
    readonly accountId?: string;
    readonly resources: readonly ResourceSnapshot[];
    /** The stack outputs, secrets masked and placeholders named as in the inputs. */
    readonly outputs: Record<string, unknown>;
    readonly effectiveConfig: FlatConfig;
}

function isSecretMarker(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;
}

/** Outputs shorter than this are not taken for placeholders: "true", "gp3" and the like also occur as plain inputs. */
const MIN_PLACEHOLDER_LENGTH = 8;

/**
 * What the mocks generate looks generated: a run of hex digits with a digit in it (ids, hashes).
 * Computed values without one ("us-east-1a") are left alone, so no plain input is taken for one.
 */
function looksGenerated(value: string): boolean {
    return (/[0-9a-f]{6,}/.exec(value)?.[0] ?? "").search(/[0-9]/) >= 0;
}

/** Every string leaf of `value` with its path; secrets are walked into (their placeholders are masked later). */
function stringLeaves(value: unknown, path: string[] = []): [string[], string][] {
    if (isSecretMarker(value)) return stringLeaves(value.value, path);
    if (typeof value === "string") return [[path, value]];
    if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
    return [];
}

/**
 * What each computed value of the build stands for: a resource's id and ARN, and every string
 * the mocks computed (not the input at the same place) that looks generated, named by the
 * output's path and the resource, e.g. `<masterUserSecrets.0.secretArn of hse-dev-postgres-instance>`.
 */
function placeholderTable(resources: readonly DeclaredResource[]): Map<string, string> {
    const table = new Map<string, string>();
    const add = (value: string, text: string) => {
        if (value.length < MIN_PLACEHOLDER_LENGTH || table.has(value)) return;
        table.set(value, text);
        // The same value inside a JSON document held in a string (a policy, an invocation's input).
        const escaped = JSON.stringify(value).slice(1, -1);
        if (escaped !== value && !table.has(escaped)) table.set(escaped, text);
    };
    for (const r of resources.filter((x) => x.custom)) {
        if (r.id) add(r.id, `<id of ${r.name}>`);
        // An output that echoes an input (a secret's value, say) is the program's, not the cloud's.
        const inputs = new Set(stringLeaves(r.inputs).map(([, value]) => value));
        for (const [path, value] of stringLeaves(r.outputs ?? {})) {
            const always = path.length === 1 && path[0] === "arn";
            if (path[0] === "id" || inputs.has(value) || (!always && !looksGenerated(value))) continue;
            add(value, `<${path.join(".")} of ${r.name}>`);
        }
    }
    return table;
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A function that rewrites every occurrence of the table's keys inside a string, longest first. */
export function substituter(table: ReadonlyMap<string, string>): (text: string) => string {
    if (table.size === 0) return (text) => text;
    const pattern = new RegExp([...table.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "g");
    return (text) => text.replace(pattern, (match) => table.get(match) ?? match);
}

/** gzip in base64 (EC2 user data): compared as the text it holds, so a changed line shows. */
function gunzipped(text: string): string | undefined {
    if (!text.startsWith("H4sI")) return undefined;
    try {
        return gunzipSync(Buffer.from(text, "base64")).toString("utf8");
    } catch {
        return undefined;
    }
}

/**
 * A deep copy of `value` with every string (and object key) passed through `rewrite` and
 * secrets masked: a secret's digest is taken after the rewrite, so a secret that differs only
 * by a placeholder or a normalised name compares equal.
 */
export function maskAndRewrite(value: unknown, rewrite: (text: string) => string): unknown {
    if (isSecretMarker(value)) return maskSecret(maskAndRewrite(value.value, rewrite));
    if (typeof value === "string") return rewrite(gunzipped(value) ?? value);
    if (Array.isArray(value)) return value.map((v) => maskAndRewrite(v, rewrite));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [rewrite(k), maskAndRewrite(v, rewrite)]));
    }
    return value;
}

/**
 * For comparing two stacks: the stack and environment name (as a word, any case:
 * `hse-staging-db`, `hse_staging`, `Staging`) read `<env>` and the account id `<account>`, so the
 * same resource of two stacks has the same URN and only real differences remain.
 */
export function environmentNormaliser(built: BuiltStack): (text: string) => string {
    const { project, values } = built.config;
    const names = [...new Set([built.stack, values[`${project}:environment`]].filter((n): n is string => Boolean(n)))];
    const pattern = new RegExp(`(?<![A-Za-z0-9])(${names.map(escapeRegExp).join("|")})(?![A-Za-z0-9])`, "gi");
    const account = values[`${project}:accountId`];
    return (text) => {
        const renamed = text.replace(pattern, "<env>");
        return account ? renamed.split(account).join("<account>") : renamed;
    };
}

/** The few outputs the diagram reads, as text; secrets never (they are not among them). */
function diagramOutputs(r: DeclaredResource, rewrite: (text: string) => string): ResourceSnapshot["outputs"] {
    const pick = (key: "arn" | "dnsName") => (typeof r.outputs?.[key] === "string" ? { [key]: rewrite(r.outputs[key]) } : {});
    return { ...pick("arn"), ...pick("dnsName") };
}

function originDomainsOf(r: DeclaredResource, rewrite: (text: string) => string): { originDomains?: string[] } {
    if (r.type !== "aws:cloudfront/distribution:Distribution") return {};
    const origins: unknown = isSecretMarker(r.inputs.origins) ? r.inputs.origins.value : r.inputs.origins;
    if (!Array.isArray(origins)) return {};
    const names = origins.map((o: { domainName?: unknown }) => o?.domainName).filter((d): d is string => typeof d === "string");
    return { originDomains: names.map(rewrite) };
}

export interface SnapshotOptions {
    /** Normalise the environment (environmentNormaliser), to compare with another stack. @default false */
    readonly normaliseEnvironment?: boolean;
}

export function snapshotOf(built: BuiltStack, options: SnapshotOptions = {}): StackSnapshot {
    const placeholders = substituter(placeholderTable(built.resources));
    const normalise = options.normaliseEnvironment ? environmentNormaliser(built) : (text: string) => text;
    const rewrite = (text: string) => normalise(placeholders(text));
    return {
        stack: built.stack,
        project: built.config.project,
        accountId: built.config.values[`${built.config.project}:accountId`],
        resources: built.resources.map((r) => ({
            urn: normalise(r.urn),
            type: r.type,
            name: r.name,
            parentUrn: r.parentUrn && normalise(r.parentUrn),
            custom: r.custom,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
            deleteBeforeReplace: r.deleteBeforeReplace,
            ignoreChanges: r.ignoreChanges,
            aliasUrns: r.aliasUrns.map(normalise),
            inputs: maskAndRewrite(r.inputs, rewrite) as Record<string, unknown>,
            dependencies: r.dependencies.map(normalise),
            outputs: diagramOutputs(r, rewrite),
            ...originDomainsOf(r, rewrite),
        })),
        outputs: maskAndRewrite(built.outputs, rewrite) as Record<string, unknown>,
        effectiveConfig: effectiveConfig(built.config),
    };
}
