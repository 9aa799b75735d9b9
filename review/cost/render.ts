// The estimate as text (terminal) and as Markdown (a pull-request comment): a line per priced
// resource with its range and basis, the total and range, the unpriced types, the assumptions,
// and the savings column.
import { CostEstimate } from "./types";

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const range = (min: number, max: number) => (min === max ? usd(min) : `${usd(min)} - ${usd(max)}`);

export function renderCostText(estimate: CostEstimate, stack?: string): string {
    const width = Math.max(...estimate.lines.map((l) => l.resource.length), 10);
    const out = [
        `Monthly cost estimate${stack ? ` of stack "${stack}"` : ""} (${estimate.region}, ${estimate.currency}, AWS list prices, on demand, ${estimate.hoursPerMonth} h a month)`,
        "",
    ];
    for (const l of estimate.lines) {
        out.push(`  ${l.resource.padEnd(width)}  ${range(l.monthlyMin, l.monthlyMax).padStart(21)}  ${l.what}`);
        out.push(`  ${"".padEnd(width)}  ${"".padStart(21)}  = ${l.basis}`);
    }
    out.push("", `  Total: ${range(estimate.total.min, estimate.total.max)} a month`);
    if (estimate.unpriced.length > 0) {
        out.push("", "Unpriced (cost money, not in the price table; not in the total):");
        for (const u of estimate.unpriced) out.push(`  ${u.count} x ${u.type}: ${u.reasons.join("; ")}`);
    }
    out.push("", "Assumptions (config cost.assumptions, per month):");
    for (const [key, value] of Object.entries(estimate.assumptions)) out.push(`  ${key}: ${value}`);
    out.push("", "Savings (seed 10.4's optimizations; 1-year term, No Upfront):");
    for (const s of estimate.savings) out.push(`  ${usd(s.monthly).padStart(10)}  ${s.optimization}: ${s.basis}`);
    return out.join("\n");
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function renderCostMarkdown(estimate: CostEstimate, stack?: string): string {
    const out = [
        `### Monthly cost estimate${stack ? ` of \`${stack}\`` : ""}`,
        "",
        `${estimate.region}, ${estimate.currency}, AWS list prices, on demand, ${estimate.hoursPerMonth} h a month. **Total: ${range(estimate.total.min, estimate.total.max)}**`,
        "",
        "| resource | what | monthly | basis |",
        "|---|---|---:|---|",
        ...estimate.lines.map((l) => `| \`${cell(l.resource)}\` | ${cell(l.what)} | ${range(l.monthlyMin, l.monthlyMax)} | ${cell(l.basis)} |`),
        `| **total** | | **${range(estimate.total.min, estimate.total.max)}** | |`,
    ];
    if (estimate.unpriced.length > 0) {
        out.push("", "**Unpriced** (not in the total):", "", ...estimate.unpriced.map((u) => `- ${u.count} x \`${u.type}\`: ${cell(u.reasons.join("; "))}`));
    }
    out.push("", "<details><summary>Assumptions</summary>", "", ...Object.entries(estimate.assumptions).map(([k, v]) => `- \`${k}\`: ${v}`), "", "</details>");
    out.push("", "| savings (1-year, No Upfront) | monthly | basis |", "|---|---:|---|", ...estimate.savings.map((s) => `| ${cell(s.optimization)} | ${usd(s.monthly)} | ${cell(s.basis)} |`));
    return out.join("\n");
}
