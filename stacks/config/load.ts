// Reads the flat Pulumi config map of one stack, validates it against the schema and the
// cross-field rules, and returns the typed, derived config. Pure: it takes the map and the
// stack name as arguments, so tests and the offline plan call it exactly as the program does.
import { z } from "zod";
import { derivePlatformConfig, PlatformConfig } from "./derive";
import { ConfigProblem, ConfigValidationError } from "./errors";
import { schemaWithRules } from "./rules";
import { ParsedPlatformConfig, platformConfigSchema } from "./schema";

export interface RawStackConfig {
    /** Pulumi project name; also the namespace of the project's config keys. */
    readonly project: string;
    readonly stack: string;
    /** Flat config as Pulumi passes it: "namespace:key" -> string (objects JSON-encoded). */
    readonly values: Readonly<Record<string, string>>;
}

/** Config namespaces the program reads or that Pulumi itself owns. */
const PULUMI_NAMESPACE = "pulumi";

export function loadPlatformConfig(raw: RawStackConfig): PlatformConfig {
    const stack = raw.stack.split("/").pop()!;
    const { values, problems } = splitNamespaces(raw);
    const result = schemaWithRules({ stack }).safeParse(values, { reportInput: true });
    if (!result.success) {
        problems.push(...result.error.issues.flatMap((issue) => describeIssue(raw.project, issue)));
    }
    if (problems.length > 0) {
        throw new ConfigValidationError(stack, problems);
    }
    return derivePlatformConfig(raw.project, result.data as ParsedPlatformConfig);
}

/** Pulumi passes objects and arrays as JSON text and every scalar as a string. */
export function decodeConfigValue(text: string): unknown {
    const trimmed = text.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
            return JSON.parse(trimmed);
        } catch {
            return text;
        }
    }
    return text;
}

function splitNamespaces(raw: RawStackConfig): { values: Record<string, unknown>; problems: ConfigProblem[] } {
    const values: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    for (const [fullKey, text] of Object.entries(raw.values)) {
        const [namespace, ...rest] = fullKey.split(":");
        const key = rest.join(":");
        if (namespace === raw.project) {
            values[key] = decodeConfigValue(text);
        } else if (namespace === "aws") {
            problems.push({
                key: fullKey,
                message: `is not read: the program builds its own AWS provider from ${raw.project}:region and takes credentials from the environment (AWS_PROFILE, AWS_* variables); remove this key${key === "region" ? ` and set ${raw.project}:region` : ""}`,
            });
        } else if (namespace !== PULUMI_NAMESPACE) {
            problems.push({ key: fullKey, message: `unknown config namespace "${namespace}"; this project reads ${raw.project}:* keys only` });
        }
    }
    return { values, problems };
}

function formatKey(project: string, path: readonly PropertyKey[]): string {
    const [head, ...rest] = path;
    const tail = rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    return `${project}:${String(head ?? "")}${tail}`;
}

function describeIssue(project: string, issue: z.core.$ZodIssue): ConfigProblem[] {
    if (issue.code === "unrecognized_keys") {
        const allowed = allowedKeysAt(issue.path);
        return issue.keys.map((k) => ({
            key: formatKey(project, [...issue.path, k]),
            message: `unknown key${allowed ? `; allowed here: ${allowed.join(", ")}` : ""}`,
        }));
    }
    const input = (issue as { input?: unknown }).input;
    const key = formatKey(project, issue.path);
    if (input === undefined && issue.code !== "custom") {
        return [{ key, message: `is required: ${issue.message.replace(/^Invalid input: /, "")}` }];
    }
    const shown = issue.code === "custom" || input === undefined ? "" : ` (got ${JSON.stringify(input)})`;
    return [{ key, message: `${issue.message}${shown}` }];
}

/** The keys an object in the schema accepts, for "unknown key" messages. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] | undefined {
    let schema: z.core.$ZodType | undefined = platformConfigSchema;
    for (const segment of path) {
        schema = schema && childSchema(unwrap(schema), segment);
    }
    const target = schema && unwrap(schema);
    if (target instanceof z.ZodObject) return Object.keys(target.shape);
    if (target instanceof z.ZodDiscriminatedUnion) {
        return [...new Set(target.options.flatMap((o) => (o instanceof z.ZodObject ? Object.keys(o.shape) : [])))];
    }
    return undefined;
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
    let current = schema;
    while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) {
        current = current.unwrap();
    }
    return current;
}

function childSchema(schema: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType | undefined {
    if (schema instanceof z.ZodObject) return (schema.shape as Record<string, z.core.$ZodType | undefined>)[segment as string];
    if (schema instanceof z.ZodArray) return schema.element;
    return undefined;
}
