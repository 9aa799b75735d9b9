// A review for a pull-request comment (GitHub-flavoured Markdown): headings, tables, long lists
// folded in <details>, aligned text in code blocks.
import { Block, Report } from "./report";

/** A table cell, as code (backslashes are literal there): a pipe would end the cell and a newline the row. */
function cell(text: string): string {
    const escaped = text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
    return escaped === "" ? " " : `\`${escaped.replace(/`/g, "'")}\``;
}

function renderBlock(block: Block): string[] {
    switch (block.kind) {
        case "lines":
            // Outside code, `<env>` or `<id of x>` would be taken for HTML and vanish.
            return block.pre ? ["```text", ...block.lines, "```"] : block.lines.map((l) => (l === "" ? "" : `${escapeHtml(l)}  `));
        case "table":
            return [`| ${block.headers.join(" | ")} |`, `|${block.headers.map(() => "---").join("|")}|`, ...block.rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
        case "details":
            return ["<details>", `<summary>${escapeHtml(block.summary)}</summary>`, "", ...block.blocks.flatMap((b) => [...renderBlock(b), ""]), "</details>"];
        case "code":
            return [`\`\`\`${block.language}`, ...block.lines, "```"];
    }
}

function escapeHtml(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Blocks one after another, each followed by a blank line (also what `npm run cost -- --markdown` prints). */
export function renderMarkdownBlocks(blocks: readonly Block[]): string[] {
    return blocks.flatMap((block) => [...renderBlock(block), ""]);
}

export function renderMarkdown(report: Report): string {
    const out = [`## ${report.title}`];
    for (const section of report.sections) out.push("", `### ${section.title}`, "", ...renderMarkdownBlocks(section.blocks));
    return out.join("\n").trimEnd() + "\n";
}
