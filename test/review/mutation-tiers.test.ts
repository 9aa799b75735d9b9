import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../offline/stack-file";
import { mutateGlobs, scoresByTier, TIER_TESTS, tierOf, TIERS, tierTestSpecs } from "../../review/mutation";

function typeScriptFiles(folder: string): string[] {
    return fs.readdirSync(path.join(REPO_ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
        const relative = `${folder}/${entry.name}`;
        if (entry.isDirectory()) return typeScriptFiles(relative);
        return entry.name.endsWith(".ts") ? [relative] : [];
    });
}

describe("mutation tiers", () => {
    it("put every mutated source file in exactly one tier, so no file escapes a tier's score", () => {
        const files = ["components", "stacks", "functions"].flatMap(typeScriptFiles);
        expect(files.length).to.be.greaterThan(80);
        const claims = files.map((file) => ({
            file,
            tiers: Object.keys(TIERS).filter((tier) =>
                TIERS[tier].some((entry) => (entry.endsWith("/") ? file.startsWith(entry) : file === entry))),
        }));
        expect(claims.filter((claim) => claim.tiers.length !== 1)).to.deep.equal([]);
        expect(tierOf("components/secrets/rotation-function.ts")).to.equal("secrets");
        expect(tierOf("stacks/config/cidr.ts")).to.equal("network");
    });

    it("list only files that exist, so a rename cannot silently drop a file from its tier", () => {
        const missing = Object.values(TIERS).flat().filter((entry) => !fs.existsSync(path.join(REPO_ROOT, entry)));
        expect(missing).to.deep.equal([]);
    });

    it("give Stryker a tier's files as globs and refuse an unknown tier by name", () => {
        expect(mutateGlobs("network")).to.equal(
            "components/network/**/*.ts,stacks/network.ts,stacks/service-access.ts,stacks/config/network.ts,stacks/config/cidr.ts");
        expect(() => mutateGlobs("gitops")).to.throw('unknown tier "gitops": one of foundation, network, data, services and edge, secrets');
    });

    it("name each tier's tests, config first, from paths that exist, for the static-mutant config", () => {
        expect(Object.keys(TIER_TESTS)).to.deep.equal(Object.keys(TIERS));
        const missing = Object.values(TIER_TESTS).flat().filter((entry) => !fs.existsSync(path.join(REPO_ROOT, entry)));
        expect(missing).to.deep.equal([]);
        expect(tierTestSpecs("services and edge")).to.equal(
            "test/config/reference.test.ts,test/config/**/*.test.ts,test/compute/**/*.test.ts,test/edge/**/*.test.ts");
        expect(tierTestSpecs("secrets").split(",").at(-1)).to.equal("test/platform/no-plain-secrets.test.ts");
        expect(() => tierTestSpecs("gitops")).to.throw('unknown tier "gitops": one of foundation, network, data, services and edge, secrets');
    });

    it("score a tier as Stryker does: killed and timed out detected, survivors and uncovered not, the rest left out", () => {
        const mutants = (statuses: string[]) => ({ mutants: statuses.map((status) => ({ status })) });
        const tallies = scoresByTier({
            files: {
                "components/network/network.ts": mutants(["Killed", "Killed", "Timeout", "Survived", "Ignored"]),
                [path.join(REPO_ROOT, "stacks/network.ts")]: mutants(["NoCoverage", "CompileError", "RuntimeError"]),
                "index.ts": mutants(["Killed"]),
            },
        });
        const network = tallies.get("network")!;
        expect([...network.files].sort()).to.deep.equal(["components/network/network.ts", "stacks/network.ts"]);
        expect([network.detected, network.survived, network.noCoverage]).to.deep.equal([3, 1, 1]);
        expect(tallies.get("(no tier)")!.detected).to.equal(1);
    });
});
