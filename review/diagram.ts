// The picture of a stack, for the review: the model (review/diagram/model.ts), its Mermaid text
// for a PR comment (mermaid.ts) and its SVG through Graphviz (dot.ts). See docs/diagram.md.
export { diagramOf, INTERNET_ID } from "./diagram/model";
export type { ChangeOp, DiagramEdge, DiagramGroup, DiagramModel, DiagramNode, EdgeKind, NodeStatus } from "./diagram/model";
export { mermaidBlock, toMermaid } from "./diagram/mermaid";
export { toDot, toSvg } from "./diagram/dot";
