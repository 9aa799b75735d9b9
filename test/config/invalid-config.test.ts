import { expect } from "chai";
import { ConfigValidationError } from "../../stacks/config/errors";
import { loadPlatformConfig } from "../../stacks/config/load";
import { buildStack, DeclaredResource } from "../harness/build";
import { Edit, editNetwork, PROJECT, setKey, stackValues } from "./edit";

interface InvalidCase {
    readonly title: string;
    readonly stack?: string;
    readonly edit: Edit;
    /** The full key the message must name. */
    readonly key: string;
    /** Words the message must contain (what is wrong or what is allowed). */
    readonly says: string;
}

const net = (key: string) => `${PROJECT}:network.${key}`;
const zones3 = ["us-east-1a", "us-east-1b", "us-east-1c"];

const CASES: InvalidCase[] = [
    { title: "unknown environment", edit: setKey("environment", "qa"), key: `${PROJECT}:environment`, says: "dev, staging, production" },
    { title: "environment of another stack", edit: setKey("environment", "staging"), key: `${PROJECT}:environment`, says: 'the stack is "dev"' },
    { title: "missing environment", edit: setKey("environment", undefined), key: `${PROJECT}:environment`, says: "is required" },
    { title: "malformed region", edit: setKey("region", "useast1"), key: `${PROJECT}:region`, says: "AWS region name" },
    { title: "cost center with a forbidden character", edit: setKey("costCenter", "hse#1"), key: `${PROJECT}:costCenter`, says: "tag value" },
    { title: "empty owner", edit: setKey("owner", ""), key: `${PROJECT}:owner`, says: "tag value" },
    { title: "protection flag that is not a boolean", edit: setKey("protectStatefulResources", "yes"), key: `${PROJECT}:protectStatefulResources`, says: "true or false" },
    { title: "unprotected production", stack: "production", edit: setKey("protectStatefulResources", "false"), key: `${PROJECT}:protectStatefulResources`, says: "production" },
    { title: "misspelt top-level key", edit: setKey("netwrok", "{}"), key: `${PROJECT}:netwrok`, says: "unknown key" },
    { title: "aws:region, which the program would ignore", edit: (v) => { v["aws:region"] = "eu-west-1"; }, key: "aws:region", says: `set ${PROJECT}:region` },
    { title: "key of a foreign namespace", edit: (v) => { v["kubernetes:context"] = "x"; }, key: "kubernetes:context", says: "unknown config namespace" },
    { title: "missing network section", edit: setKey("network", undefined), key: `${PROJECT}:network`, says: "is required" },
    { title: "network that is not an object", edit: setKey("network", "10.0.0.0/16"), key: `${PROJECT}:network`, says: "expected object" },
    { title: "VPC CIDR with host bits", edit: editNetwork((n) => { n.vpcCidr = "10.0.0.1/16"; }), key: net("vpcCidr"), says: "no host bits" },
    { title: "VPC CIDR wider than /16", edit: editNetwork((n) => { n.vpcCidr = "10.0.0.0/8"; }), key: net("vpcCidr"), says: "from /16 to /28" },
    { title: "one availability zone", edit: editNetwork((n) => { n.availabilityZones = ["us-east-1a"]; }), key: net("availabilityZones"), says: "2 or 3" },
    { title: "four availability zones", edit: editNetwork((n) => { n.availabilityZones = [...zones3, "us-east-1d"]; }), key: net("availabilityZones"), says: "2 or 3" },
    { title: "zone of another region", edit: editNetwork((n) => { n.availabilityZones = ["us-east-1a", "us-west-2b"]; }), key: net("availabilityZones[1]"), says: "not a zone of region us-east-1" },
    { title: "the same zone twice", edit: editNetwork((n) => { n.availabilityZones = ["us-east-1a", "us-east-1a"]; }), key: net("availabilityZones"), says: "more than once" },
    { title: "malformed zone name", edit: editNetwork((n) => { n.availabilityZones = ["us-east-1a", "east-1b"]; }), key: net("availabilityZones[1]"), says: "availability zone name" },
    { title: "more public subnets than zones", edit: editNetwork((n) => { n.publicSubnetCidrs.push("10.0.3.0/24"); }), key: net("publicSubnetCidrs"), says: "exactly one per zone" },
    { title: "fewer database subnets than zones", edit: editNetwork((n) => { n.databaseSubnetCidrs.pop(); }), key: net("databaseSubnetCidrs"), says: "exactly one per zone" },
    { title: "private subnet outside the VPC", edit: editNetwork((n) => { n.privateSubnetCidrs[0] = "10.1.10.0/24"; }), key: net("privateSubnetCidrs[0]"), says: "not inside the VPC CIDR 10.0.0.0/16" },
    { title: "database subnet overlapping a private one", edit: editNetwork((n) => { n.databaseSubnetCidrs[0] = "10.0.10.0/25"; }), key: net("databaseSubnetCidrs[0]"), says: "overlaps 10.0.10.0/24" },
    { title: "subnet CIDR with a bad prefix", edit: editNetwork((n) => { n.databaseSubnetCidrs[1] = "10.0.21.0/33"; }), key: net("databaseSubnetCidrs[1]"), says: "not a valid IPv4" },
    { title: "subnet narrower than /28", edit: editNetwork((n) => { n.publicSubnetCidrs[0] = "10.0.1.0/29"; }), key: net("publicSubnetCidrs[0]"), says: "from /16 to /28" },
    { title: "unknown NAT strategy", edit: editNetwork((n) => { n.natGateways = "Two"; }), key: net("natGateways"), says: "None, Single, OnePerAz" },
    { title: "no NAT and no ECR endpoints", edit: editNetwork((n) => { n.natGateways = "None"; }), key: net("natGateways"), says: "ecr.api, ecr.dkr, logs" },
    { title: "retention CloudWatch does not accept", edit: editNetwork((n) => { n.flowLogs.retentionInDays = 45; }), key: net("flowLogs.retentionInDays"), says: "1, 3, 5, 7, 14, 30" },
    { title: "flow logs off outside dev", stack: "staging", edit: editNetwork((n) => { n.flowLogs.enabled = false; }), key: net("flowLogs.enabled"), says: "only be switched off in dev" },
    { title: "unknown flow log traffic type", edit: editNetwork((n) => { n.flowLogs.trafficType = "SOME"; }), key: net("flowLogs.trafficType"), says: "ALL" },
    { title: "aggregation interval AWS does not offer", edit: editNetwork((n) => { n.flowLogs.maxAggregationIntervalSeconds = 300; }), key: net("flowLogs.maxAggregationIntervalSeconds"), says: "60" },
    { title: "misspelt flow log key", edit: editNetwork((n) => { n.flowLogs.retention = 30; }), key: net("flowLogs.retention"), says: "allowed here: enabled, retentionInDays" },
    { title: "unknown interface endpoint", edit: editNetwork((n) => { n.interfaceEndpoints = ["s3"]; }), key: net("interfaceEndpoints[0]"), says: "ecr.api" },
    { title: "the same endpoint twice", edit: editNetwork((n) => { n.interfaceEndpoints = ["logs", "logs"]; }), key: net("interfaceEndpoints"), says: "more than once" },
    { title: "unknown ALB ingress source", edit: editNetwork((n) => { n.albIngress = { source: "everywhere" }; }), key: net("albIngress.source"), says: "cloudfront" },
    { title: "ALB ingress CIDR without prefix", edit: editNetwork((n) => { n.albIngress.cidrs = ["0.0.0.0"]; }), key: net("albIngress.cidrs[0]"), says: "not a valid IPv4" },
    { title: "the same device CIDR twice", edit: editNetwork((n) => { n.devicesIngressCidrs = ["0.0.0.0/0", "0.0.0.0/0"]; }), key: net("devicesIngressCidrs"), says: "0.0.0.0/0 more than once" },
    { title: "the same ALB CIDR twice", edit: editNetwork((n) => { n.albIngress.cidrs = ["203.0.113.0/24", "203.0.113.0/24"]; }), key: net("albIngress.cidrs"), says: "more than once" },
    { title: "no device ingress CIDR", edit: editNetwork((n) => { n.devicesIngressCidrs = []; }), key: net("devicesIngressCidrs"), says: ">=1" },
    { title: "unknown service egress mode", edit: editNetwork((n) => { n.serviceInternetEgress = "none"; }), key: net("serviceInternetEgress"), says: "all" },
    { title: "port out of range", edit: editNetwork((n) => { n.ports = { http: 70000 }; }), key: net("ports.http"), says: "65535" },
    { title: "two services on one port", edit: editNetwork((n) => { n.ports = { grpc: 8080 }; }), key: net("ports"), says: "port 8080 for more than one" },
    { title: "misspelt network key", edit: editNetwork((n) => { n.natGateway = "Single"; }), key: net("natGateway"), says: "allowed here: vpcCidr" },
];

function problemsOf(stack: string, edit: Edit) {
    const values = stackValues(stack);
    edit(values);
    try {
        loadPlatformConfig({ project: PROJECT, stack, values });
    } catch (error) {
        expect(error).to.be.instanceOf(ConfigValidationError);
        return (error as ConfigValidationError).problems;
    }
    throw new Error("the config was accepted");
}

describe("invalid config", () => {
    it(`has at least 25 distinct invalid configs (${CASES.length})`, () => {
        const configs = CASES.map((c) => {
            const values = stackValues(c.stack ?? "dev");
            c.edit(values);
            return JSON.stringify(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
        });
        expect(new Set(configs).size).to.equal(CASES.length);
        expect(CASES.length).to.be.at.least(25);
    });

    it("reports a malformed zone name once, not also as a zone of another region", () => {
        const problems = problemsOf("dev", editNetwork((n) => { n.availabilityZones = ["us-east-1a", "east-1b"]; }));
        expect(problems.filter((p) => p.key === net("availabilityZones[1]"))).to.have.length(1);
    });

    for (const c of CASES) {
        it(`refuses ${c.title}, naming ${c.key}`, () => {
            const problems = problemsOf(c.stack ?? "dev", c.edit);
            const match = problems.find((p) => p.key === c.key);
            expect(match, `problems: ${JSON.stringify(problems)}`).to.not.equal(undefined);
            expect(match!.message).to.include(c.says);
        });
    }

    it("reports every problem of a config at once", () => {
        const chosen = CASES.filter((c) => ["unknown environment", "VPC CIDR with host bits", "retention CloudWatch does not accept", "misspelt network key", "aws:region, which the program would ignore"].includes(c.title));
        const problems = problemsOf("dev", (v) => chosen.forEach((c) => c.edit(v)));
        expect(problems.map((p) => p.key)).to.include.members(chosen.map((c) => c.key));
    });

    // Rules that read several fields must still run when a field they do not need is wrong.
    const DEPENDENT_PAIRS: [string, Edit, string[]][] = [
        [
            "a bad VPC CIDR and a wrong subnet count",
            editNetwork((n) => { n.vpcCidr = "10.0.0.1/16"; n.publicSubnetCidrs.push("10.0.3.0/24"); }),
            [net("vpcCidr"), net("publicSubnetCidrs")],
        ],
        [
            "a bad retention and flow logs off outside dev",
            editNetwork((n) => { n.flowLogs = { ...n.flowLogs, retentionInDays: 45, enabled: false }; }),
            [net("flowLogs.retentionInDays"), net("flowLogs.enabled")],
        ],
        [
            "one malformed CIDR and another outside the VPC in the same tier",
            editNetwork((n) => { n.privateSubnetCidrs = ["10.0.10.0", "10.9.11.0/24"]; }),
            [net("privateSubnetCidrs[0]"), net("privateSubnetCidrs[1]")],
        ],
        [
            "a malformed zone and a zone of another region",
            editNetwork((n) => { n.availabilityZones = ["east-1a", "us-west-2b"]; }),
            [net("availabilityZones[0]"), net("availabilityZones[1]")],
        ],
        [
            "a malformed zone and a duplicate zone",
            editNetwork((n) => { n.availabilityZones = ["us-east-1a", "us-east-1a", "east-1c"]; }),
            [net("availabilityZones[2]"), net("availabilityZones")],
        ],
        [
            "an unknown endpoint and a duplicate endpoint",
            editNetwork((n) => { n.interfaceEndpoints = ["logs", "logs", "s3"]; }),
            [net("interfaceEndpoints[2]"), net("interfaceEndpoints")],
        ],
    ];
    for (const [title, edit, keys] of DEPENDENT_PAIRS) {
        it(`reports both ${title}`, () => {
            const stack = "staging";
            expect(problemsOf(stack, edit).map((p) => p.key)).to.include.members(keys);
        });
    }

    it("puts key, value and what is allowed in the error text", () => {
        const values = stackValues("dev");
        editNetwork((n) => { n.natGateways = "Two"; })(values);
        expect(() => loadPlatformConfig({ project: PROJECT, stack: "dev", values })).to.throw(
            ConfigValidationError,
            /hse-platform:network\.natGateways: must be one of None, Single, OnePerAz \(got "Two"\)/,
        );
    });

    it("accepts a valid 3-zone layout with no NAT when the endpoints are there", () => {
        const values = stackValues("staging");
        editNetwork((n) => {
            n.availabilityZones = zones3;
            n.publicSubnetCidrs = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"];
            n.privateSubnetCidrs = ["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"];
            n.databaseSubnetCidrs = ["10.0.20.0/24", "10.0.21.0/24", "10.0.22.0/24"];
            n.natGateways = "None";
        })(values);
        expect(loadPlatformConfig({ project: PROJECT, stack: "staging", values }).network.zones).to.have.length(3);
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

        it("refuses a zone the account does not offer, before the network is declared", async () => {
            const declared: DeclaredResource[] = [];
            const failure = await buildStack("dev", { availableZones: ["us-east-1a", "us-east-1c"], record: declared }).then(
                () => undefined,
                (error: unknown) => error,
            );
            expect(failure).to.be.instanceOf(ConfigValidationError);
            expect((failure as ConfigValidationError).problems[0].key).to.equal(`${PROJECT}:network.availabilityZones[1]`);
            expect(declared.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack", "pulumi:providers:aws"]);
        });
    });
});
