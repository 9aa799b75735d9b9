// The cost estimate of the three stacks: every declared type is priced, free or reported
// unpriced; the `costEstimate` stack output is what the review computes from the recorded
// resources, and it is neither secret nor carries a secret.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { buildStack } from "../../../offline/build";
import { REPO_ROOT } from "../../../offline/stack-file";
import { isFree, PRICEABLE } from "../../../review/cost/catalog";
import { estimateBuiltStack } from "../../../review/cost/cli";

const STACKS = ["dev", "staging", "production"];

/** Paths inside `value` that hold a Pulumi secret. */
function secretPaths(value: unknown, path = "$"): string[] {
    if (pulumi.runtime.isRpcSecret(value)) return [path];
    if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, `${path}[${i}]`));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => secretPaths(v, `${path}.${k}`));
    return [];
}

describe("cost estimate of the stacks", () => {
    // Builds are cached per process: build the three once, with time for a busy machine.
    before(async () => {
        for (const stack of STACKS) await buildStack(stack);
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("prices, frees or reports unpriced every resource type it declares", async () => {
                const built = await buildStack(stack);
                const estimate = estimateBuiltStack(built);
                const reported = new Set(estimate.unpriced.map((u) => u.type));
                const unaccounted = [...new Set(built.resources.map((r) => r.type))].filter((t) => !PRICEABLE[t] && !isFree(t) && !reported.has(t));
                expect(unaccounted).to.deep.equal([]);
                expect(estimate.total.min).to.be.greaterThan(0);
                expect(estimate.total.min).to.be.at.most(estimate.total.max);
            });

            it("outputs costEstimate equal to the review's computation from the recorded resources", async () => {
                const built = await buildStack(stack);
                expect(built.outputs.costEstimate).to.deep.equal(estimateBuiltStack(built));
            });

            it("outputs a costEstimate that is not secret and holds no secret value", async () => {
                const built = await buildStack(stack);
                const output: unknown = built.outputs.costEstimate;
                expect(secretPaths(output)).to.deep.equal([]);
                const text = JSON.stringify(output);
                for (const generated of built.ofType("random:index/randomPassword:RandomPassword")) {
                    const value = pulumi.runtime.unwrapRpcSecret(generated.outputs?.result) as string;
                    expect(value).to.match(/^mock-random-password-/);
                    expect(text).to.not.include(value);
                }
                expect(text).to.not.match(/mock-private-key|BEGIN CERTIFICATE/);
            });
        });
    }

    it("prices production's backups copied to us-west-2 from that region's table", async () => {
        const estimate = estimateBuiltStack(await buildStack("production"));
        const copy = estimate.lines.filter((l) => l.type === "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication");
        expect(copy.map((l) => l.what)).to.deep.equal(["backup changes shipped to us-west-2"]);
        expect(estimate.unpriced.find((u) => u.type === copy[0].type)!.reasons).to.deep.equal(["no sourced price for RDS backup storage in us-west-2 (review/cost/prices.ts)"]);
    });

    it("matches the totals the README and docs/cost.md give for staging and production", async () => {
        const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
        for (const stack of ["staging", "production"]) {
            const { total } = estimateBuiltStack(await buildStack(stack));
            const figure = `${usd(total.min)} - ${usd(total.max)}`;
            for (const file of ["README.md", "docs/cost.md"]) {
                const row = fs.readFileSync(path.join(REPO_ROOT, file), "utf8").split("\n").find((line) => line.trim().startsWith(`| ${stack} |`));
                expect(row, `${file} has a ${stack} row`).to.be.a("string");
                expect(row, `${file}: ${stack}`).to.include(figure);
            }
        }
    });
});
