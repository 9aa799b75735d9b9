// Every invalid config is refused before anything is declared, naming its key, with every
// problem of the config in one run. The cases live per section in ./cases.
import { expect } from "chai";
import { buildStack, DeclaredResource } from "../../offline/build";
import { ConfigValidationError } from "../../stacks/config/errors";
import { loadPlatformConfig } from "../../stacks/config/load";
import { COST_CASES } from "./cases/cost.cases";
import { DATA_CASES } from "./cases/data.cases";
import { DATA_PORT_CASES } from "./cases/data-ports.cases";
import { NETWORK_CASES } from "./cases/network.cases";
import { OBSERVABILITY_CASES } from "./cases/observability.cases";
import { PLATFORM_CASES } from "./cases/platform.cases";
import { SECRETS_CASES } from "./cases/secrets.cases";
import { SERVICES_CASES } from "./cases/services.cases";
import { Edit, editSection, InvalidCase, keyOf, PROJECT, problemsOf, secretKeysOf, setKey, stackValues } from "./edit";

const SECTIONS: Record<string, InvalidCase[]> = {
    platform: PLATFORM_CASES,
    network: NETWORK_CASES,
    "data-tier ports": DATA_PORT_CASES,
    "data tier": DATA_CASES,
    "services and edge": SERVICES_CASES,
    "application secrets": SECRETS_CASES,
    "cost assumptions": COST_CASES,
    observability: OBSERVABILITY_CASES,
};
const ALL_CASES = Object.values(SECTIONS).flat();
const net = keyOf("network");

describe("invalid config", () => {
    it(`has distinct invalid configs (${ALL_CASES.length}), not one case written twice`, () => {
        const configs = ALL_CASES.map((c) => {
            const values = stackValues(c.stack ?? "dev");
            c.edit(values);
            return JSON.stringify(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
        });
        expect(new Set(configs).size).to.equal(ALL_CASES.length);
    });

    for (const [section, cases] of Object.entries(SECTIONS)) {
        describe(section, () => {
            for (const c of cases) {
                it(`refuses ${c.title}, naming ${c.key}`, () => {
                    const problems = problemsOf(c.stack ?? "dev", c.edit);
                    const match = problems.find((p) => p.key === c.key);
                    expect(match, `problems: ${JSON.stringify(problems)}`).to.not.equal(undefined);
                    expect(match!.message).to.include(c.says);
                });
            }
        });
    }

    it("never lets zod's own wording through", () => {
        for (const c of ALL_CASES) {
            for (const p of problemsOf(c.stack ?? "dev", c.edit)) {
                expect(p.message, `${c.title}: ${p.key}`).to.not.match(/Invalid (input|key|element|option)|expected \w+, received|Too (big|small)/);
            }
        }
    });

    it("says one thing of a value of the wrong type: a string for a list gets no length complaint", () => {
        const problems = problemsOf("dev", editSection("network", (n) => { n.availabilityZones = "us-east-1a"; }));
        expect(problems.filter((p) => p.key === net("availabilityZones"))).to.have.length(1);
    });

    it("reports a malformed zone name once, not also as a zone of another region", () => {
        const problems = problemsOf("dev", editSection("network", (n) => { n.availabilityZones = ["us-east-1a", "east-1b"]; }));
        expect(problems.filter((p) => p.key === net("availabilityZones[1]"))).to.have.length(1);
    });

    it("reports every problem of a config at once, across sections", () => {
        const chosen = ALL_CASES.filter((c) =>
            ["unknown environment", "VPC CIDR with host bits", "retention CloudWatch does not accept", "misspelt network key", "aws:region, which the program would ignore", "misspelt cache key"].includes(c.title),
        );
        expect(chosen).to.have.length(6);
        const problems = problemsOf("dev", (v) => chosen.forEach((c) => c.edit(v)));
        expect(problems.map((p) => p.key)).to.include.members(chosen.map((c) => c.key));
    });

    // Rules that read several fields must still run when a field they do not need is wrong.
    const DEPENDENT_PAIRS: [string, Edit, string[]][] = [
        ["a bad VPC CIDR and a wrong subnet count", editSection("network", (n) => { n.vpcCidr = "10.0.0.1/16"; n.publicSubnetCidrs.push("10.0.3.0/24"); }), [net("vpcCidr"), net("publicSubnetCidrs")]],
        ["a bad retention and flow logs off outside dev", editSection("network", (n) => { n.flowLogs = { ...n.flowLogs, retentionInDays: 45, enabled: false }; }), [net("flowLogs.retentionInDays"), net("flowLogs.enabled")]],
        ["one malformed CIDR and another outside the VPC in the same tier", editSection("network", (n) => { n.privateSubnetCidrs = ["10.0.10.0", "10.9.11.0/24"]; }), [net("privateSubnetCidrs[0]"), net("privateSubnetCidrs[1]")]],
        ["a malformed zone and a zone of another region", editSection("network", (n) => { n.availabilityZones = ["east-1a", "us-west-2b"]; }), [net("availabilityZones[0]"), net("availabilityZones[1]")]],
        ["a malformed zone and a duplicate zone", editSection("network", (n) => { n.availabilityZones = ["us-east-1a", "us-east-1a", "east-1c"]; }), [net("availabilityZones[2]"), net("availabilityZones")]],
        ["an unknown endpoint and a duplicate endpoint", editSection("network", (n) => { n.interfaceEndpoints = ["logs", "logs", "s3"]; }), [net("interfaceEndpoints[2]"), net("interfaceEndpoints")]],
        ["a bad owner and flow logs off outside dev (a rule that reads the environment)", (v) => { setKey("owner", "")(v); editSection("network", (n) => { n.flowLogs.enabled = false; })(v); }, [`${PROJECT}:owner`, net("flowLogs.enabled")]],
    ];
    for (const [title, edit, keys] of DEPENDENT_PAIRS) {
        it(`reports both ${title}`, () => {
            expect(problemsOf("staging", edit).map((p) => p.key)).to.include.members(keys);
        });
    }

    it("does not run a rule that reads the environment while the environment is invalid", () => {
        const problems = problemsOf("staging", (v) => { setKey("environment", "qa")(v); editSection("network", (n) => { n.flowLogs.enabled = false; })(v); });
        expect(problems.map((p) => p.key)).to.deep.equal([`${PROJECT}:environment`]);
    });

    it("puts key, value and what is allowed in the error text", () => {
        const values = stackValues("dev");
        editSection("network", (n) => { n.natGateways = "Two"; })(values);
        expect(() => loadPlatformConfig({ project: PROJECT, stack: "dev", values, secretKeys: secretKeysOf(values) })).to.throw(
            ConfigValidationError,
            /hse-platform:network\.natGateways: must be one of None, Single, OnePerAz \(got "Two"\)/,
        );
    });

    it("accepts a valid 3-zone layout with no NAT when the endpoints are there", () => {
        const values = stackValues("staging");
        editSection("network", (n) => {
            n.availabilityZones = ["us-east-1a", "us-east-1b", "us-east-1c"];
            n.publicSubnetCidrs = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"];
            n.privateSubnetCidrs = ["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"];
            n.databaseSubnetCidrs = ["10.0.20.0/24", "10.0.21.0/24", "10.0.22.0/24"];
            n.natGateways = "None";
            n.interfaceEndpoints = [...(n.interfaceEndpoints as string[]), "ecs", "elasticache"];
        })(values);
        expect(loadPlatformConfig({ project: PROJECT, stack: "staging", values, secretKeys: secretKeysOf(values) }).network.zones).to.have.length(3);
    });

    describe("through the program, as pulumi up runs it", () => {
        it("stops before any resource is declared", async () => {
            const declared: DeclaredResource[] = [];
            const failure = await buildStack("dev", { editConfig: setKey("environment", "qa"), record: declared }).then(
                () => undefined,
                (error: unknown) => error,
            );
            expect(failure).to.be.instanceOf(ConfigValidationError);
            expect(declared.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        });
    });
});
