// No import loop in the program (issue 18): the tier wiring once imported itself in a loop
// (compute -> data -> compute), which only worked because the loop's values were read late. The
// imports are read with the TypeScript compiler's own pre-processor, so what counts as an import
// is what tsc sees.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { tempDir } from "../support/temp-dir";

const ROOT = path.resolve(__dirname, "../..");
const FOLDERS = ["stacks", "components", "functions", "offline", "review"];

function sourceFiles(folder: string): string[] {
    const dir = path.join(ROOT, folder);
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.split(path.sep).includes("node_modules"))
        .map((f) => path.join(dir, f));
}

/** The project files `file` imports (relative specifiers only: packages cannot loop back). */
function importsOf(file: string): string[] {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    return importedFiles
        .map((i) => i.fileName)
        .filter((spec) => spec.startsWith("."))
        .map((spec) => resolve(path.resolve(path.dirname(file), spec)))
        .filter((f): f is string => f !== undefined);
}

function resolve(base: string): string | undefined {
    return [`${base}.ts`, path.join(base, "index.ts"), base].find((f) => f.endsWith(".ts") && fs.existsSync(f));
}

/** Every import loop among `files`, each as the chain of files that closes it. */
function importCycles(files: readonly string[]): string[][] {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const cycles: string[][] = [];
    const visit = (file: string) => {
        state.set(file, "open");
        stack.push(file);
        for (const next of graph.get(file) ?? importsOf(file)) {
            if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
            else if (!state.has(next)) visit(next);
        }
        stack.pop();
        state.set(file, "done");
    };
    for (const file of files) if (!state.has(file)) visit(file);
    return cycles;
}

describe("imports", () => {
    it("form no loop among the program's modules", () => {
        const files = FOLDERS.flatMap(sourceFiles).concat(path.join(ROOT, "index.ts"));
        expect(files.filter((f) => f.includes(`${path.sep}stacks${path.sep}`)).length).to.be.at.least(10);
        const cycles = importCycles(files).map((c) => c.map((f) => path.relative(ROOT, f)).join(" -> "));
        expect(cycles).to.deep.equal([]);
    });

    it("finds a loop when there is one", () => {
        const dir = tempDir("import-cycles");
        fs.writeFileSync(path.join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = () => b;\n');
        fs.writeFileSync(path.join(dir, "b.ts"), 'import type { c } from "./c";\nexport const b = 1;\n');
        fs.writeFileSync(path.join(dir, "c.ts"), 'export { a } from "./a";\nexport const c = 2;\n');
        fs.writeFileSync(path.join(dir, "d.ts"), 'import { a } from "./a";\nexport const d = a;\n');
        const cycles = importCycles([path.join(dir, "d.ts")]).map((c) => c.map((f) => path.basename(f)));
        expect(cycles).to.deep.equal([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    });
});
