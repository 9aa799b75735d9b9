// What a change looks like in both renderers: one colour per change status, and the legend's words.
import type { NodeStatus } from "./model";

export interface StatusStyle {
    readonly fill: string;
    readonly stroke: string;
    readonly dashed: boolean;
    readonly legend: string;
}

/** GitHub's own success / attention / severe / danger colours, so the picture reads like the rest of a PR. */
export const STATUS_STYLES: Readonly<Record<Exclude<NodeStatus, "unchanged">, StatusStyle>> = {
    created: { fill: "#dafbe1", stroke: "#1a7f37", dashed: false, legend: "created" },
    changed: { fill: "#fff8c5", stroke: "#9a6700", dashed: false, legend: "changed (updated in place)" },
    replaced: { fill: "#ffe2cc", stroke: "#bc4c00", dashed: false, legend: "replaced" },
    deleted: { fill: "#ffebe9", stroke: "#cf222e", dashed: true, legend: "deleted" },
};

export const CHANGE_STATUSES = Object.keys(STATUS_STYLES) as (keyof typeof STATUS_STYLES)[];
