// The review's cost sections: the estimate of a stack (review/cost/, the same blocks `npm run
// cost` prints), and the cost delta of a change. The delta compares the stacks' `costEstimate`
// outputs (stacks/cost.ts): the snapshot of a git ref built in a child process carries its
// outputs, so the ref is priced by its own program, with its own assumptions, and no second
// estimate has to be made from masked inputs.
import { BuiltStack } from "../offline/build";
import { estimateBuiltStack } from "./cost/cli";
import { costBasisLine, costBlocks, usd, usdRange } from "./cost/render";
import { CostEstimate } from "./cost/types";
import { lines, Section, table } from "./report";
import { StackSnapshot } from "./snapshot";

export function costSection(built: BuiltStack): Section {
    const estimate = estimateBuiltStack(built);
    return { title: "Monthly cost estimate", blocks: [lines(`${costBasisLine(estimate)}; docs/cost.md says what is priced and how.`), ...costBlocks(estimate)] };
}

/** The `costEstimate` output of a snapshot, if the stack (at that ref) exports one. */
export function estimateOf(snapshot: StackSnapshot): CostEstimate | undefined {
    const value = snapshot.outputs.costEstimate as Partial<CostEstimate> | undefined;
    const ok = value !== undefined && Array.isArray(value.lines) && typeof value.total?.min === "number" && typeof value.total.max === "number";
    return ok ? (value as CostEstimate) : undefined;
}

interface ResourceCost {
    readonly what: string;
    readonly min: number;
    readonly max: number;
}

/** A resource's lines summed; keyed by type and name (a resize changes the line's text, not its resource). */
function byResource(estimate: CostEstimate): Map<string, ResourceCost> {
    const result = new Map<string, ResourceCost>();
    for (const l of estimate.lines) {
        const key = `${l.type} ${l.resource}`;
        const seen = result.get(key);
        result.set(key, { what: seen ? `${seen.what}; ${l.what}` : l.what, min: (seen?.min ?? 0) + l.monthlyMin, max: (seen?.max ?? 0) + l.monthlyMax });
    }
    return result;
}

const cents = (n: number) => Math.round(n * 100) / 100;
const signed = (n: number) => (cents(n) > 0 ? `+${usd(cents(n))}` : usd(cents(n)));
const signedRange = (min: number, max: number) => (cents(min) === cents(max) ? signed(min) : `${signed(min)} / ${signed(max)}`);

/** The lines whose cost differs, one row per resource: before, after, and the difference (min / max). */
function changedRows(before: CostEstimate, after: CostEstimate): string[][] {
    const [old, now] = [byResource(before), byResource(after)];
    const rows: string[][] = [];
    for (const key of [...new Set([...old.keys(), ...now.keys()])].sort()) {
        const [a, b] = [old.get(key), now.get(key)];
        const dMin = (b?.min ?? 0) - (a?.min ?? 0);
        const dMax = (b?.max ?? 0) - (a?.max ?? 0);
        if (cents(dMin) === 0 && cents(dMax) === 0) continue;
        const cost = (c?: ResourceCost) => (c ? `${usdRange(cents(c.min), cents(c.max))} (${c.what})` : "(none)");
        rows.push([key.split(" ").slice(1).join(" "), cost(a), cost(b), signedRange(dMin, dMax)]);
    }
    return rows;
}

function differenceLine(min: number, max: number): string {
    const both = cents(min) !== cents(max) ? " (at the minimum / at the maximum counts)" : "";
    return `Difference: ${signedRange(min, max)} a month${both}`;
}

/** The monthly cost before and after a change (or of one stack against another), and the lines that differ. */
export function costDeltaSection(base: StackSnapshot, head: StackSnapshot, baseLabel: string, headLabel: string): Section {
    const title = "Cost delta (monthly estimate)";
    const [before, after] = [estimateOf(base), estimateOf(head)];
    const missing = [[before, baseLabel], [after, headLabel]].filter(([e]) => e === undefined).map(([, label]) => label as string);
    if (before === undefined || after === undefined) {
        return { title, blocks: [lines(`No cost delta: ${missing.join(" and ")} ${missing.length > 1 ? "have" : "has"} no costEstimate output (a stack from before the cost estimate, or an empty one).`)] };
    }
    const total = (e: CostEstimate) => usdRange(e.total.min, e.total.max);
    const rows = changedRows(before, after);
    return {
        title,
        blocks: [
            lines(
                `${baseLabel}: ${total(before)} a month`,
                `${headLabel}: ${total(after)} a month`,
                differenceLine(after.total.min - before.total.min, after.total.max - before.total.max),
            ),
            rows.length > 0 ? table(["resource", baseLabel, headLabel, "difference"], rows) : lines("No priced line changes."),
        ],
    };
}
