// A review is a title and a list of sections; each section is a list of blocks. The text and
// Markdown renderers (render-text.ts, render-markdown.ts) know only these blocks, so a new
// section (cost, diagram) is one more entry in a section list and needs no renderer change.

export type Block =
    /** Lines as they are; `pre` keeps them aligned (a code block in Markdown). */
    | { readonly kind: "lines"; readonly lines: readonly string[]; readonly pre?: boolean }
    | { readonly kind: "table"; readonly headers: readonly string[]; readonly rows: readonly (readonly string[])[] }
    /** Folded in Markdown (`<details>`), printed in full in text. */
    | { readonly kind: "details"; readonly summary: string; readonly blocks: readonly Block[] }
    /** A fenced block of a language GitHub renders (mermaid); text prints `textLines` if given, else the source. */
    | { readonly kind: "code"; readonly language: string; readonly lines: readonly string[]; readonly textLines?: readonly string[] };

export interface Section {
    readonly title: string;
    readonly blocks: readonly Block[];
}

export interface Report {
    readonly title: string;
    readonly sections: readonly Section[];
}

export type Format = "text" | "markdown";
export const FORMATS: readonly Format[] = ["text", "markdown"];

export function lines(...text: string[]): Block {
    return { kind: "lines", lines: text };
}

export function pre(text: readonly string[]): Block {
    return { kind: "lines", lines: text, pre: true };
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): Block {
    return { kind: "table", headers, rows };
}

export function details(summary: string, blocks: readonly Block[]): Block {
    return { kind: "details", summary, blocks };
}
