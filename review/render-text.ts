// A review for a terminal: titles underlined, tables in aligned columns, everything unfolded.
import { Block, Report } from "./report";

function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const row = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
    return [row(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(row)];
}

function renderBlock(block: Block): string[] {
    switch (block.kind) {
        case "lines":
            return [...block.lines];
        case "table":
            return renderTable(block.headers, block.rows);
        case "details":
            return [`${block.summary}:`, ...block.blocks.flatMap((b) => renderBlock(b).map((l) => (l ? `  ${l}` : l)))];
        case "code":
            return block.textLines ? [...block.textLines] : [`(${block.language})`, ...block.lines];
    }
}

/** Blocks one after another, a blank line between them (also what `npm run cost` prints). */
export function renderTextBlocks(blocks: readonly Block[]): string[] {
    return blocks.flatMap((block, i) => [...(i > 0 ? [""] : []), ...renderBlock(block)]);
}

export function renderText(report: Report): string {
    const out = [report.title, "=".repeat(report.title.length)];
    for (const section of report.sections) out.push("", section.title, "-".repeat(section.title.length), ...renderTextBlocks(section.blocks));
    return out.join("\n");
}
