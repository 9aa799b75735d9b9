// The shared rule engine, on sections made up for the test: rules run when what they read is
// valid, paths are made full, platform facts and cross-section rules are honoured.
import { expect } from "chai";
import { z } from "zod";
import { crossSectionRule, defineSection, sectionRule } from "../../stacks/config/section";
import { validateConfig } from "../../stacks/config/validate";

const base = { environment: "dev", region: "us-east-1", costCenter: "c", owner: "o", protectStatefulResources: "false" };

const alpha = defineSection({
    key: "alpha",
    summary: "test section",
    schema: z.strictObject({ size: z.int().min(1), label: z.string().default("x") }),
    rules: [
        sectionRule({
            description: "size is even",
            needs: z.object({ size: z.int() }),
            check: (v) => (v.size % 2 === 0 ? [] : [{ path: ["size"], message: `is odd (${v.size})` }]),
        }),
        sectionRule({
            description: "label names the environment",
            reads: ["environment"],
            needs: z.object({ label: z.string().default("x") }),
            check: (v, { environment }) => (v.label.includes(environment) ? [] : [{ path: ["label"], message: `does not name ${environment}` }]),
        }),
    ],
    derive: (parsed) => parsed,
});
const beta = defineSection({ key: "beta", summary: "test", schema: z.strictObject({ size: z.int() }), rules: [], derive: (p) => p });
const sameSize = crossSectionRule({
    description: "alpha and beta have the same size",
    sections: ["alpha", "beta"],
    needs: z.object({ alpha: z.object({ size: z.int() }), beta: z.object({ size: z.int() }) }),
    check: (c) => (c.alpha.size === c.beta.size ? [] : [{ path: ["beta", "size"], message: `differs from alpha.size (${c.alpha.size})` }]),
});

const run = (values: Record<string, unknown>) => validateConfig<Record<string, unknown>>("p", "dev", { ...base, ...values }, [alpha, beta], [sameSize]);

describe("config rule engine", () => {
    it("returns the parsed config, defaults applied, when nothing is wrong", () => {
        const result = run({ alpha: { size: 2, label: "dev-a" }, beta: { size: 2 } });
        expect(result.problems).to.deep.equal([]);
        expect(result.data?.alpha).to.deep.equal({ size: 2, label: "dev-a" });
    });

    it("prefixes a section rule's path with the section key", () => {
        expect(run({ alpha: { size: 3, label: "dev" }, beta: { size: 3 } }).problems).to.deep.equal([{ key: "p:alpha.size", message: "is odd (3)" }]);
    });

    it("gives a rule the platform facts it reads, and skips it while they are invalid", () => {
        expect(run({ alpha: { size: 2 }, beta: { size: 2 } }).problems).to.deep.equal([{ key: "p:alpha.label", message: "does not name dev" }]);
        const keys = run({ environment: "qa", alpha: { size: 2 }, beta: { size: 2 } }).problems.map((p) => p.key);
        expect(keys).to.not.include("p:alpha.label");
    });

    it("runs a rule whose fields are valid even when others of its section are not", () => {
        const keys = run({ alpha: { size: 3, label: 7 }, beta: { size: 3 } }).problems.map((p) => p.key);
        expect(keys).to.include.members(["p:alpha.label", "p:alpha.size"]);
    });

    it("runs cross-section rules with full paths, only when both sections' fields are valid", () => {
        expect(run({ alpha: { size: 2, label: "dev" }, beta: { size: 4 } }).problems).to.deep.equal([{ key: "p:beta.size", message: "differs from alpha.size (2)" }]);
        expect(run({ alpha: { size: "2", label: "dev" }, beta: { size: 4 } }).problems.map((p) => p.key)).to.deep.equal(["p:alpha.size"]);
    });

    it("names unknown keys with what is allowed there, and missing keys as required", () => {
        const problems = run({ alpha: { size: 2, label: "dev", colour: "red" } }).problems;
        expect(problems).to.deep.include({ key: "p:alpha.colour", message: "unknown key; allowed here: size, label" });
        expect(problems).to.deep.include({ key: "p:beta", message: "is required; it must be a mapping of keys to values" });
    });
});
