// The review's picture of a stack (review/diagram.ts): the Mermaid diagram a pull-request comment
// shows, and the model `--svg` writes. A change review draws the stack after the change with the
// resources it creates, updates or replaces marked, and the ones it deletes drawn from the base.
import type { DeclaredResource } from "../offline/recorder";
import type { ResourceChange } from "./changes";
import { ChangeOp, DiagramModel, diagramOf, toMermaid } from "./diagram";
import { Section } from "./report";
import { ResourceSnapshot } from "./snapshot";

/** A snapshot's resource as the diagram reads it (type, name, tree, inputs, dependencies, two outputs). */
export function declaredOf(r: ResourceSnapshot): DeclaredResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parentUrn: r.parentUrn,
        custom: r.custom,
        provider: "",
        // The masked `origins` secret is no list; the diagram reads only the origins' domain names.
        inputs: r.originDomains ? { ...r.inputs, origins: r.originDomains.map((domainName) => ({ domainName })) } : r.inputs,
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        deleteBeforeReplace: r.deleteBeforeReplace,
        ignoreChanges: r.ignoreChanges,
        dependencies: r.dependencies ?? [],
        aliasUrns: r.aliasUrns,
        outputs: r.outputs,
    };
}

/** The stack after a change, its created/updated/replaced resources by URN, and the deleted ones from the base. */
export function changeDiagram(head: readonly ResourceSnapshot[], changes: readonly ResourceChange[]): DiagramModel {
    const ops = new Map<string, ChangeOp>(changes.filter((c) => c.kind !== "delete").map((c) => [c.resource.urn, c.kind]));
    const deleted = changes.filter((c) => c.kind === "delete").map((c) => declaredOf(c.resource));
    return diagramOf(head.map(declaredOf), ops, deleted);
}

/**
 * The diagram section: Mermaid in Markdown (GitHub draws it); in a terminal the Mermaid source
 * would be a page of text no one reads, so text says how to get the SVG instead.
 */
export function diagramSection(model: DiagramModel, svgCommand: string): Section {
    const marks = model.showsChanges ? " Created, changed, replaced and deleted resources are coloured (legend in the diagram)." : "";
    return {
        title: "Diagram",
        blocks: [
            {
                kind: "code",
                language: "mermaid",
                lines: toMermaid(model).trimEnd().split("\n"),
                textLines: [`${model.nodes.length} nodes in ${model.groups.length} tiers.${marks} As an SVG file: ${svgCommand}`],
            },
        ],
    };
}
