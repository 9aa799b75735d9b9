// The diagram as Graphviz DOT, and the SVG Graphviz lays out from it: @hpcc-js/wasm-graphviz is
// Graphviz compiled to WebAssembly, so the picture is made offline with no system package and no
// shape placed by hand. One cluster per tier, the same colours as the Mermaid text.
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import type { DiagramEdge, DiagramModel, DiagramNode } from "./model";
import { CHANGE_STATUSES, STATUS_STYLES } from "./style";

/** A DOT double-quoted string: backslash and quote escaped, so no name can end the string early. */
export function dotString(text: string): string {
    return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}

function nodeAttributes(node: DiagramNode): string {
    const label = [node.title, ...node.details].map((line) => line.replace(/\\/g, "\\\\").replace(/"/g, '\\"')).join("\\n");
    const shape = node.kind === "internet" ? "ellipse" : ["rds", "cache", "instance"].includes(node.kind) ? "cylinder" : "box";
    const attributes = [`label="${label}"`, `shape=${shape}`];
    const style = node.status === "unchanged" ? undefined : STATUS_STYLES[node.status];
    const styles = [node.kind === "component" ? "rounded" : "", "filled", style?.dashed ? "dashed" : ""].filter(Boolean);
    attributes.push(`style="${styles.join(",")}"`, `fillcolor="${style?.fill ?? "#ffffff"}"`, `color="${style?.stroke ?? "#57606a"}"`);
    if (style) attributes.push("penwidth=2");
    return attributes.join(", ");
}

const EDGE_STYLES: Record<DiagramEdge["kind"], string> = {
    request: "penwidth=2",
    uses: "style=dashed",
    tree: "style=dotted, arrowhead=none",
};

export function toDot(model: DiagramModel): string {
    const lines = ["digraph platform {", '    graph [rankdir=LR, fontname="Helvetica"];', '    node [fontname="Helvetica", fontsize=11];', '    edge [fontname="Helvetica", fontsize=9, color="#57606a"];'];
    const byId = new Map(model.nodes.map((n) => [n.id, n]));
    for (const node of model.nodes.filter((n) => !model.groups.some((g) => g.nodeIds.includes(n.id)))) lines.push(`    ${node.id} [${nodeAttributes(node)}];`);
    for (const group of model.groups) {
        // The "cluster" prefix is what makes Graphviz draw a subgraph as a box.
        lines.push(`    subgraph cluster_${group.id} {`, `        label=${dotString(`${group.tier} tier`)};`, '        style="rounded"; color="#8c959f";');
        for (const id of group.nodeIds) lines.push(`        ${id} [${nodeAttributes(byId.get(id)!)}];`);
        lines.push("    }");
    }
    for (const edge of model.edges) lines.push(`    ${edge.from} -> ${edge.to} [${[EDGE_STYLES[edge.kind], edge.label ? `label=${dotString(edge.label)}` : ""].filter(Boolean).join(", ")}];`);
    if (model.showsChanges) {
        lines.push("    subgraph cluster_legend {", '        label="Legend"; style="rounded"; color="#8c959f";');
        for (const status of CHANGE_STATUSES) {
            const style = STATUS_STYLES[status];
            lines.push(`        legend_${status} [label=${dotString(style.legend)}, shape=box, style="filled${style.dashed ? ",dashed" : ""}", fillcolor="${style.fill}", color="${style.stroke}", penwidth=2];`);
        }
        lines.push("    }");
    }
    lines.push("}");
    return lines.join("\n") + "\n";
}

/** The SVG of the diagram, laid out by Graphviz's dot engine. */
export async function toSvg(model: DiagramModel): Promise<string> {
    const graphviz = await Graphviz.load();
    return graphviz.dot(toDot(model));
}
