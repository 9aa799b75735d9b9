// The diagram as Mermaid flowchart text, for the PR comment: GitHub renders ```mermaid blocks.
// Every label is quoted and every character outside a small safe set is written as a Mermaid
// entity code (#35; for "#"), so names with "-", "/", ":" or quotes cannot break the syntax.
import type { DiagramEdge, DiagramModel, DiagramNode } from "./model";
import { CHANGE_STATUSES, STATUS_STYLES } from "./style";

/** Mermaid's escape: a decimal entity code `#NNN;` for every character that could mean syntax. */
export function mermaidText(text: string): string {
    return [...text].map((c) => (/[A-Za-z0-9 .,_\-/:()=+@]/.test(c) ? c : `#${c.codePointAt(0)};`)).join("");
}

function label(node: DiagramNode): string {
    return [node.title, ...node.details].map(mermaidText).join("<br/>");
}

/** The shape tells data stores and the outside world from the rest. */
function shape(node: DiagramNode): [string, string] {
    if (node.kind === "internet") return ["((", "))"];
    if (["rds", "cache", "instance"].includes(node.kind)) return ["[(", ")]"];
    if (node.kind === "component") return ["(", ")"];
    return ["[", "]"];
}

const ARROWS: Record<DiagramEdge["kind"], string> = { request: "==>", uses: "-.->", tree: "-.-" };

function edgeLine(edge: DiagramEdge): string {
    const text = edge.label ? `|"${mermaidText(edge.label)}"|` : "";
    return `    ${edge.from} ${ARROWS[edge.kind]}${text} ${edge.to}`;
}

function nodeLine(node: DiagramNode, indent: string): string {
    const [open, close] = shape(node);
    return `${indent}${node.id}${open}"${label(node)}"${close}`;
}

export function toMermaid(model: DiagramModel): string {
    const lines = ["flowchart LR"];
    const byId = new Map(model.nodes.map((n) => [n.id, n]));
    for (const node of model.nodes.filter((n) => !model.groups.some((g) => g.nodeIds.includes(n.id)))) lines.push(nodeLine(node, "    "));
    for (const group of model.groups) {
        lines.push(`    subgraph ${group.id}["${mermaidText(`${group.tier} tier`)}"]`);
        for (const id of group.nodeIds) lines.push(nodeLine(byId.get(id)!, "        "));
        lines.push("    end");
    }
    lines.push(...model.edges.map(edgeLine));
    for (const status of CHANGE_STATUSES) {
        const style = STATUS_STYLES[status];
        lines.push(`    classDef ${status} fill:${style.fill},stroke:${style.stroke},stroke-width:2px${style.dashed ? ",stroke-dasharray:5 3" : ""}`);
        const ids = model.nodes.filter((n) => n.status === status).map((n) => n.id);
        if (ids.length > 0) lines.push(`    class ${ids.join(",")} ${status}`);
    }
    if (model.showsChanges) {
        lines.push(`    subgraph legend["Legend"]`);
        for (const status of CHANGE_STATUSES) lines.push(`        legend_${status}["${mermaidText(STATUS_STYLES[status].legend)}"]:::${status}`);
        lines.push("    end");
    }
    return lines.join("\n") + "\n";
}

/** The fenced block a Markdown comment embeds. */
export function mermaidBlock(model: DiagramModel): string {
    return "```mermaid\n" + toMermaid(model) + "```\n";
}
