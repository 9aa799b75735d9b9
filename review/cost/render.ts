// The estimate as report blocks (review/report.ts), one set of rows for every place it is shown:
// `npm run cost` (text or Markdown) and the review's cost section. A line per priced resource
// with its range and basis, the total and range, the unpriced types, the assumptions, and the
// savings column.
import { renderMarkdownBlocks } from "../render-markdown";
import { renderTextBlocks } from "../render-text";
import { Block, details, lines, table } from "../report";
import { CostEstimate } from "./types";

export const usd = (n: number): string => `${n < 0 ? "-" : ""}$${Math.abs(n).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const usdRange = (min: number, max: number): string => (min === max ? usd(min) : `${usd(min)} - ${usd(max)}`);

/** What the figures are: region, currency and the price basis. */
export function costBasisLine(estimate: CostEstimate): string {
    return `${estimate.region}, ${estimate.currency}, AWS list prices, on demand, ${estimate.hoursPerMonth} h a month`;
}

export function totalLine(estimate: CostEstimate): string {
    return `Total: ${usdRange(estimate.total.min, estimate.total.max)} a month`;
}

/** Every part of the estimate, as blocks both renderers know. */
export function costBlocks(estimate: CostEstimate): Block[] {
    const blocks: Block[] = [
        table(
            ["resource", "monthly", "what", "basis"],
            estimate.lines.map((l) => [l.resource, usdRange(l.monthlyMin, l.monthlyMax), l.what, l.basis]),
        ),
        lines(totalLine(estimate)),
    ];
    if (estimate.unpriced.length > 0) {
        blocks.push(details("Unpriced (cost money, not in the price table; not in the total)", [lines(...estimate.unpriced.map((u) => `${u.count} x ${u.type}: ${u.reasons.join("; ")}`))]));
    }
    blocks.push(details("Assumptions (config cost.assumptions, per month)", [lines(...Object.entries(estimate.assumptions).map(([key, value]) => `${key}: ${String(value)}`))]));
    blocks.push(
        table(
            ["savings (seed 10.4's optimizations; 1-year term, No Upfront)", "monthly", "basis"],
            estimate.savings.map((s) => [s.optimization, usd(s.monthly), s.basis]),
        ),
    );
    return blocks;
}

export function renderCostText(estimate: CostEstimate, stack?: string): string {
    const title = `Monthly cost estimate${stack ? ` of stack "${stack}"` : ""} (${costBasisLine(estimate)})`;
    return [title, "", ...renderTextBlocks(costBlocks(estimate))].join("\n");
}

export function renderCostMarkdown(estimate: CostEstimate, stack?: string): string {
    const title = `### Monthly cost estimate${stack ? ` of \`${stack}\`` : ""}`;
    return [title, "", `${costBasisLine(estimate)}. **${totalLine(estimate)}**`, "", ...renderMarkdownBlocks(costBlocks(estimate))].join("\n").trimEnd();
}
