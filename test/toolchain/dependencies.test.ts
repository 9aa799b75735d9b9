// Every dependency earns its place (decision 0020): package.json `dependencies` are exactly the
// packages the program and its functions import at run time, everything else is a devDependency,
// every version is an exact pin, and the AWS SDK clients share one copy of the SDK's core.
import { expect } from "chai";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as ts from "typescript";
import { OPTIONAL_MODULES } from "../../components/shared/lambda-code";
import { REPO_ROOT } from "../../offline/stack-file";

interface PackageJson {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
}
const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as PackageJson;

/** What `pulumi up` loads: the entry point, the tier wiring, the components and the functions they bundle. */
const RUNTIME_ROOTS = ["index.ts", "components", "stacks", "functions"];
/** What only developers and CI run: tests, the offline engine, the review tools. */
const OFFLINE_ROOTS = ["test", "offline", "review"];

function typeScriptFiles(entry: string): string[] {
    const full = path.join(REPO_ROOT, entry);
    if (!fs.statSync(full).isDirectory()) return [entry];
    return fs.readdirSync(full, { withFileTypes: true }).flatMap((child) =>
        child.isDirectory() ? typeScriptFiles(`${entry}/${child.name}`) : child.name.endsWith(".ts") ? [`${entry}/${child.name}`] : []);
}

/** Module specifiers a file loads at run time: imports and re-exports that are not type-only, require() and import(). */
function runtimeSpecifiers(source: string, fileName = "file.ts"): string[] {
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
            found.push(node.moduleSpecifier.text);
        } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
            found.push(node.moduleSpecifier.text);
        } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
            found.push(node.moduleReference.expression.text);
        } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
            && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
            found.push(node.arguments[0].text);
        }
        ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true));
    return found;
}

/** The npm package a bare specifier names; undefined for relative paths and Node's own modules. */
function packageOf(specifier: string): string | undefined {
    if (specifier.startsWith(".") || specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0])) return undefined;
    const parts = specifier.split("/");
    return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function importedPackages(roots: readonly string[]): Map<string, string[]> {
    const byPackage = new Map<string, string[]>();
    for (const file of roots.flatMap(typeScriptFiles)) {
        for (const name of runtimeSpecifiers(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"), file).map(packageOf)) {
            if (name !== undefined) byPackage.set(name, [...(byPackage.get(name) ?? []), file]);
        }
    }
    return byPackage;
}

describe("dependencies", () => {
    const runtime = importedPackages(RUNTIME_ROOTS);

    it("are exactly the packages the program and its functions import at run time", () => {
        expect(Object.keys(packageJson.dependencies).sort()).to.deep.equal([...runtime.keys()].sort());
    });

    it("leave offline-only packages to devDependencies, and every package the tests and tools import is declared", () => {
        const declared = new Set([...Object.keys(packageJson.dependencies), ...Object.keys(packageJson.devDependencies)]);
        expect(Object.keys(packageJson.devDependencies).filter((name) => name in packageJson.dependencies)).to.deep.equal([]);
        // The optional modules are never installed: a test checks that the bundles leave them out.
        const optional = new Set<string>(OPTIONAL_MODULES);
        const offline = [...importedPackages(OFFLINE_ROOTS).keys()].filter((name) => !optional.has(name));
        expect(offline.filter((name) => !declared.has(name))).to.deep.equal([]);
    });

    it("are pinned to exact versions, which Renovate keeps current (renovate.json)", () => {
        const all = { ...packageJson.dependencies, ...packageJson.devDependencies };
        expect(Object.entries(all).filter(([, version]) => !/^\d+\.\d+\.\d+$/.test(version))).to.deep.equal([]);
        const renovate = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "renovate.json"), "utf8")) as { rangeStrategy?: string };
        expect(renovate.rangeStrategy).to.equal("pin");
    });

    it("give the AWS SDK clients one copy of each SDK package: one core for all of them", () => {
        const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
        const versions = new Map<string, Set<string>>();
        for (const [where, entry] of Object.entries(lock.packages)) {
            const name = where.replace(/^.*node_modules\//, "");
            if (/^@(aws-sdk|smithy)\//.test(name) && entry.version) versions.set(name, (versions.get(name) ?? new Set()).add(entry.version));
        }
        expect(versions.has("@aws-sdk/core")).to.equal(true);
        expect([...versions].filter(([, found]) => found.size > 1).map(([name, found]) => `${name}: ${[...found].join(", ")}`)).to.deep.equal([]);
    });

    it("are read from what a file loads at run time, not from its type-only imports", () => {
        const source = [
            'import * as a from "@scope/a/sub";',
            'import type { B } from "b";',
            'import { type C } from "c";',
            'export { d } from "d";',
            'export type { E } from "e";',
            'import f = require("f");',
            'const g = require("g/deep");',
            'const h = import("h");',
            'import * as fs from "fs";',
            'import * as p from "node:path";',
            'import { x } from "./local";',
        ].join("\n");
        expect(runtimeSpecifiers(source).map(packageOf).filter((name) => name !== undefined)).to.deep.equal(["@scope/a", "c", "d", "f", "g", "h"]);
    });
});
