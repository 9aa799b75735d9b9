// The configuration reference (docs/configuration.md) is generated from the schema; it must be current.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../offline/stack-file";
import { describeType, REFERENCE_FILE, renderConfigReference, withReference } from "../../stacks/config/reference";

describe("configuration reference", () => {
    it("in docs/configuration.md is what `npm run docs` generates from the schema (run it if this fails)", () => {
        expect(REFERENCE_FILE).to.equal("docs/configuration.md");
        const document = fs.readFileSync(path.join(REPO_ROOT, REFERENCE_FILE), "utf8");
        expect(withReference(document) === document, `${REFERENCE_FILE} is stale: run npm run docs`).to.equal(true);
    });

    it("lists every key of every section with a description", () => {
        const reference = renderConfigReference();
        for (const key of ["`environment`", "`accountId`", "`network.flowLogs.trafficType`", "`network.ports.grpc`", "`postgres.port`", "`cache.port`"]) {
            expect(reference).to.include(`| ${key} |`);
        }
        for (const row of reference.split("\n").filter((l) => l.startsWith("| `"))) {
            expect(row.split(" | ")[3], row).to.not.equal("");
        }
    });

    it("gives a section that is a union of mappings one table per variant, named by its discriminator", () => {
        const reference = renderConfigReference();
        const section = reference.slice(reference.indexOf("### `timescale`"), reference.indexOf("### `cache`"));
        const selfManaged = section.indexOf("With `mode: self-managed`:");
        const external = section.indexOf("With `mode: external`:");
        expect(selfManaged).to.be.greaterThan(0);
        expect(external).to.be.greaterThan(selfManaged);
        const instanceType = section.indexOf("| `timescale.instanceType` | string | required | EC2 instance type (Graviton). |");
        const host = section.indexOf("| `timescale.host` | string | required | Endpoint of the managed service. |");
        expect(instanceType).to.be.within(selfManaged, external);
        expect(host).to.be.greaterThan(external);
        expect(section).to.include("| `timescale.mode` | `self-managed` | required | PostgreSQL with TimescaleDB on an instance of ours (every stack file uses it). |");
        expect(section).to.include("| `timescale.mode` | `external` | required | A managed TimescaleDB service, given by endpoint; no instance is created. |");
    });

    it("shows defaults, required keys and the rules of each section", () => {
        const reference = renderConfigReference();
        expect(reference).to.include("| `network.flowLogs.trafficType` | `ALL` \\| `ACCEPT` \\| `REJECT` | `ALL` |");
        expect(reference).to.include("| `network.vpcCidr` | IPv4 CIDR /16-/28 | required |");
        expect(reference).to.include("- flow logs stay on outside dev (also reads `environment`)");
        expect(reference).to.include("The whole section is optional");
    });

    it("describes types in words", () => {
        expect(describeType({ type: "integer", minimum: 1, maximum: 65535 })).to.equal("integer 1-65535");
        expect(describeType({ type: "array", minItems: 2, maxItems: 3, items: { type: "string" } })).to.equal("list (2-3) of string");
        expect(describeType({ type: "array", minItems: 1, items: { type: "string" } })).to.equal("list (1+) of string");
        expect(describeType({ oneOf: [{ type: "object", properties: { source: { const: "a" }, cidrs: {} } }, { type: "object", properties: { source: { const: "b" } } }] })).to.equal("{source: a, cidrs} | {source: b}");
    });

    it("refuses a document without its markers", () => {
        expect(() => withReference("# no markers")).to.throw(/lacks the markers/);
    });
});
