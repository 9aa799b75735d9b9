// zod's issues in the project's voice: every problem names the full key, says what is wrong
// with the value received and what is allowed. zod's own wording ("Invalid input: expected
// boolean, received string") never reaches a person.
import { z } from "zod";
import { ConfigProblem } from "./errors";

const EXPECTED: Record<string, string> = {
    string: "must be text",
    number: "must be a number",
    int: "must be a whole number",
    boolean: "must be true or false",
    array: "must be a list",
    object: "must be a mapping of keys to values",
    bigint: "must be a whole number",
};

function bound(origin: string, size: unknown, inclusive: boolean | undefined, direction: "least" | "most"): string {
    const n = Number(size);
    switch (origin) {
        case "array":
        case "set":
            return `must list at ${direction} ${n} entr${n === 1 ? "y" : "ies"}`;
        case "string":
            return n === 1 && direction === "least" ? "must not be empty" : `must be at ${direction} ${n} characters long`;
        default:
            return inclusive === false ? `must be ${direction === "least" ? "greater" : "less"} than ${n}` : `must be at ${direction} ${n}`;
    }
}

/**
 * The error map given to every parse: zod calls it for issues whose schema has no message of
 * its own (schemas with a message keep it).
 */
export const projectVoice: z.core.$ZodErrorMap = (issue) => {
    switch (issue.code) {
        case "invalid_type":
            return EXPECTED[issue.expected] ?? `must be of type ${issue.expected}`;
        case "too_small":
            return bound(issue.origin, issue.minimum, issue.inclusive, "least");
        case "too_big":
            return bound(issue.origin, issue.maximum, issue.inclusive, "most");
        case "invalid_value":
            return `must be one of ${issue.values.map((v) => String(v)).join(", ")}`;
        case "invalid_format":
            return issue.format === "regex" ? `must match the pattern ${String((issue as { pattern?: unknown }).pattern)}` : `must be a valid ${issue.format}`;
        case "not_multiple_of":
            return `must be a multiple of ${String(issue.divisor)}`;
        case "invalid_union":
            return "matches none of the allowed forms";
        case "invalid_key": {
            // A record's key that its key schema refused: that schema's own words.
            const inner = (issue as { issues?: { message?: string }[] }).issues?.[0]?.message;
            return inner ? `is not an allowed name: it ${inner}` : "is not an allowed name";
        }
        default:
            return undefined;
    }
};

export function formatKey(project: string, path: readonly PropertyKey[]): string {
    const [head, ...rest] = path;
    const tail = rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    return `${project}:${String(head ?? "")}${tail}`;
}

/** What a person reads for one zod issue: the full key, the complaint, the value received. */
export function describeIssue(
    project: string,
    issue: z.core.$ZodIssue,
    allowedKeysAt: (path: readonly PropertyKey[]) => string[] | undefined,
    { hideValue = false } = {},
): ConfigProblem[] {
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
        return [{ key, message: `is required; it ${issue.message}` }];
    }
    // A secret's value is never shown.
    const shown = issue.code === "custom" || input === undefined || hideValue ? "" : ` (got ${JSON.stringify(input)})`;
    return [{ key, message: `${issue.message}${shown}` }];
}

/**
 * One complaint per value: a value of the wrong type gets only "must be a list" (say), never
 * also the length rules zod applies to whatever it received (a string has a length too).
 */
export function oneComplaintPerWrongType(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
    const wrongType = new Set(issues.filter((i) => i.code === "invalid_type").map((i) => JSON.stringify(i.path)));
    return issues.filter((i) => i.code === "invalid_type" || !wrongType.has(JSON.stringify(i.path)));
}
