// The effective configuration of a stack: the validated config with every default applied
// (loadPlatformConfig, exactly what the program runs on), flattened to `key.path = value` rows a
// person can read, with secret values masked. Also the side-by-side table of several stacks and
// the diff of two.
import { createHash } from "crypto";
import { StackConfig } from "../offline/stack-file";
import { loadPlatformConfig } from "../stacks/config/load";

/** What every secret value prints as, in every review output. */
export const SECRET_TEXT = "[secret]";

/**
 * A masked secret keeps a digest of its value, never printed (cellText drops it), so that a review
 * can say a secret changed without saying what it was or became.
 */
const DIGEST_MARK = "\u0000";

export function maskSecret(value: unknown): string {
    return `${SECRET_TEXT}${DIGEST_MARK}${createHash("sha256").update(JSON.stringify(value)).digest("hex")}`;
}

export function isMaskedSecret(value: unknown): boolean {
    return typeof value === "string" && value.startsWith(SECRET_TEXT + DIGEST_MARK);
}

/** Key path -> value (a masked secret carries its digest); insertion order is the config's own order. */
export type FlatConfig = Readonly<Record<string, string>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function scalarText(value: unknown): string {
    if (typeof value === "string") return value;
    if (value === undefined) return "(unset)";
    return JSON.stringify(value);
}

/**
 * Flattens nested objects to dotted keys. Arrays of scalars stay one value (`[a, b]` reads better
 * than one row per element); arrays of objects get indexed keys (`zones[0].availabilityZone`).
 */
export function flatten(value: unknown, prefix = "", into: Record<string, string> = {}): Record<string, string> {
    if (isPlainObject(value)) {
        const entries = Object.entries(value).filter(([, v]) => typeof v !== "function");
        if (entries.length === 0 && prefix) into[prefix] = "{}";
        for (const [key, child] of entries) flatten(child, prefix ? `${prefix}.${key}` : key, into);
    } else if (Array.isArray(value) && value.some((v) => isPlainObject(v) || Array.isArray(v))) {
        value.forEach((child, i) => flatten(child, `${prefix}[${i}]`, into));
    } else if (Array.isArray(value)) {
        into[prefix] = `[${value.map(scalarText).join(", ")}]`;
    } else {
        into[prefix] = scalarText(value);
    }
    return into;
}

/**
 * The effective config of a stack, flattened, secrets masked: the `secretValues` entries and any
 * value that equals the value of a key set as a secret (a secret copied into a section is still
 * a secret).
 */
export function effectiveConfig(config: StackConfig): FlatConfig {
    const loaded = loadPlatformConfig(config);
    const secrets = new Set(config.secretKeys.map((k) => config.values[k]).filter((v) => v !== undefined && v !== ""));
    const flat = flatten(loaded);
    for (const [key, value] of Object.entries(flat)) {
        if (key.startsWith("secretValues.") || secrets.has(value)) flat[key] = maskSecret(value);
    }
    return flat;
}

/** One row of a config table: the key and its value in each column (undefined: not set there). */
export interface ConfigRow {
    readonly key: string;
    readonly values: readonly (string | undefined)[];
}

/** Several stacks' configs side by side, keys in first-seen order; `onlyDifferent` keeps rows whose values differ. */
export function sideBySide(configs: readonly FlatConfig[], onlyDifferent = false): ConfigRow[] {
    const keys = [...new Set(configs.flatMap((c) => Object.keys(c)))];
    return keys
        .map((key) => ({ key, values: configs.map((c) => c[key]) }))
        .filter((row) => !onlyDifferent || new Set(row.values).size > 1);
}

/** The rows where two configs differ: key, before (`from`), after (`to`); a changed secret says "changed" only. */
export function configDiff(from: FlatConfig, to: FlatConfig): ConfigRow[] {
    return sideBySide([from, to], true).map((row) =>
        isMaskedSecret(row.values[0]) && isMaskedSecret(row.values[1]) ? { key: row.key, values: [SECRET_TEXT, `${SECRET_TEXT} (changed)`] } : row,
    );
}

/** A value as printed: unset keys say so, and a masked secret is `[secret]` and nothing else. */
export function cellText(value: string | undefined): string {
    if (value === undefined) return "(not set)";
    return isMaskedSecret(value) ? SECRET_TEXT : value;
}
