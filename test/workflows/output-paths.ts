// The jq filters the deploy workflow applies to `pulumi stack output --json` (outputs.json), and
// whether each finds a value in a stack's outputs. Only plain paths are understood (.a.b, [] and
// [$var] for every entry of an object or array): a filter beyond that is refused, so nothing the
// workflows read escapes the check.

/** The file the workflows write `pulumi stack output --json` to, and read with jq. */
export const OUTPUTS_FILE = "outputs.json";

export interface OutputRead {
    readonly where: string;
    readonly filter: string;
}

/**
 * Every jq filter a script applies to outputs.json. A line that names outputs.json is either the
 * `pulumi stack output --json > outputs.json` that writes it or a jq call with one single-quoted
 * filter; any other line is an error (the test could not tell what it reads).
 */
export function outputReads(scripts: readonly { where: string; script: string }[]): OutputRead[] {
    return scripts.flatMap(({ where, script }) =>
        script
            .split("\n")
            .filter((line) => line.includes(OUTPUTS_FILE))
            .flatMap((line) => {
                if (/^\s*pulumi stack output\b.*--json\b.*>\s*outputs\.json\s*$/.test(line)) return [];
                const filters = [...line.matchAll(/'([^']*)'/g)].map((m) => m[1]);
                if (!/\bjq\b/.test(line) || filters.length !== 1) {
                    throw new Error(`${where}: cannot tell which stack output this line reads (one jq call with one '...' filter expected): ${line.trim()}`);
                }
                return [{ where, filter: filters[0] }];
            }),
    );
}

type Segment = { key: string } | { every: true };

/** `.a.b[].c` / `.a[$x].b` into segments; anything else is an error naming the filter. */
export function parseFilter(filter: string): Segment[] {
    const segments: Segment[] = [];
    let rest = filter.trim();
    if (!rest.startsWith(".")) throw new Error(`jq filter ${JSON.stringify(filter)} is not a path starting with .`);
    while (rest.length > 0) {
        const key = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
        const every = /^(\[\]|\[\$[A-Za-z_][A-Za-z0-9_]*\])/.exec(rest);
        const match = key ?? every;
        if (!match) throw new Error(`jq filter ${JSON.stringify(filter)}: ${JSON.stringify(rest)} is not .name, [] or [$var]`);
        segments.push(key ? { key: key[1] } : { every: true });
        rest = rest.slice(match[0].length);
    }
    return segments;
}

/**
 * What is missing when `filter` is applied to `outputs`: one message per place the path breaks
 * (an absent or null key, an empty collection, a final value that is not a string or number,
 * which `jq -r` would print as null or JSON). Empty when the path finds a value everywhere.
 */
export function missingOutputs(outputs: unknown, filter: string): string[] {
    let values: { at: string; value: unknown }[] = [{ at: "", value: outputs }];
    const problems: string[] = [];
    for (const segment of parseFilter(filter)) {
        const next: { at: string; value: unknown }[] = [];
        for (const { at, value } of values) {
            if (value === null || typeof value !== "object") {
                problems.push(`${at || "."} is ${JSON.stringify(value)}, not an object`);
            } else if ("key" in segment) {
                const child = (value as Record<string, unknown>)[segment.key];
                if (child === undefined || child === null) problems.push(`${at}.${segment.key} is ${child === null ? "null" : "absent"}`);
                else next.push({ at: `${at}.${segment.key}`, value: child });
            } else {
                const entries = Object.entries(value);
                if (entries.length === 0) problems.push(`${at} is empty`);
                next.push(...entries.map(([k, child]) => ({ at: `${at}[${JSON.stringify(k)}]`, value: child })));
            }
        }
        values = next;
    }
    for (const { at, value } of values) {
        if (typeof value !== "string" && typeof value !== "number") problems.push(`${at} is ${JSON.stringify(value)}, not a string or number`);
    }
    return problems;
}
