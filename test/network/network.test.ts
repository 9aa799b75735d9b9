import { expect } from "chai";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { editSection } from "../config/edit";
import { defaultRouteTarget, routeTableOf, routesOf, subnetsOfTier, T } from "./queries";

// Seed 002, section 10.2.5, and issue #2: what each environment's network must be.
const SEED_SUBNETS = {
    public: [["us-east-1a", "10.0.1.0/24"], ["us-east-1b", "10.0.2.0/24"]],
    private: [["us-east-1a", "10.0.10.0/24"], ["us-east-1b", "10.0.11.0/24"]],
    database: [["us-east-1a", "10.0.20.0/24"], ["us-east-1b", "10.0.21.0/24"]],
};
/** The account each stack file names (placeholders until the team sets the real ones). */
const ACCOUNTS = { dev: "111122223333", staging: "444455556666", production: "777788889999" };
const ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"];
const EXPECTED = {
    dev: { natGateways: 1, interfaceEndpoints: [] as string[], retentionInDays: 7, protect: false },
    staging: { natGateways: 1, interfaceEndpoints: ENDPOINT_SERVICES, retentionInDays: 30, protect: false },
    production: { natGateways: 2, interfaceEndpoints: ENDPOINT_SERVICES, retentionInDays: 30, protect: true },
};

for (const [stack, expected] of Object.entries(EXPECTED)) {
    describe(`network tier of ${stack}`, () => {
        let stackBuild: BuiltStack;
        // Each test reads the component it is about, never the whole stack.
        let built: ResourceSet;
        let endpoints: ResourceSet;
        let flowLogs: ResourceSet;
        before(async () => {
            stackBuild = await buildStack(stack);
            built = stackBuild.subtree(`hse-${stack}-network`);
            endpoints = stackBuild.subtree(`hse-${stack}-endpoints`);
            flowLogs = stackBuild.subtree(`hse-${stack}-flow-logs`);
        });
        const vpc = () => built.one(T.vpc);

        it("has one VPC 10.0.0.0/16 with DNS hostnames and resolution", () => {
            expect(built.ofType(T.vpc)).to.have.length(1);
            expect(vpc().inputs).to.include({ cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
        });

        for (const [tier, layout] of Object.entries(SEED_SUBNETS)) {
            it(`has the seed's ${tier} subnets, one per zone, without public IPs`, () => {
                const subnets = subnetsOfTier(built, tier);
                expect(subnets.map((s) => [s.inputs.availabilityZone, s.inputs.cidrBlock])).to.have.deep.members(layout);
                for (const s of subnets) expect(s.inputs).to.include({ vpcId: vpc().id, mapPublicIpOnLaunch: false });
            });
        }

        it("routes the public subnets to an internet gateway attached to the VPC", () => {
            const [igw] = built.ofType(T.igw);
            expect(built.ofType(T.igw)).to.have.length(1);
            expect(igw.inputs.vpcId).to.equal(vpc().id);
            for (const subnet of subnetsOfTier(built, "public")) expect(defaultRouteTarget(built, subnet)?.urn).to.equal(igw.urn);
        });

        it(`has ${expected.natGateways} NAT gateway(s), each in a public subnet with its own Elastic IP`, () => {
            const nats = built.ofType(T.nat);
            expect(nats).to.have.length(expected.natGateways);
            const publicIds = subnetsOfTier(built, "public").map((s) => s.id);
            for (const nat of nats) {
                expect(publicIds).to.include(nat.inputs.subnetId);
                expect(built.byId(nat.inputs.allocationId).inputs.domain).to.equal("vpc");
            }
            expect(new Set(nats.map((n) => n.inputs.subnetId)).size).to.equal(nats.length);
            expect(built.ofType(T.eip)).to.have.length(expected.natGateways);
        });

        it("creates each NAT after the internet gateway, and replaces it delete-first (it reuses its Elastic IP)", () => {
            const igw = built.one(T.igw);
            for (const nat of built.ofType(T.nat)) {
                expect(nat.dependencies, nat.name).to.include(igw.urn);
                expect(nat.deleteBeforeReplace, nat.name).to.equal(true);
            }
        });

        it(`${expected.protect ? "protects" : "does not protect"} the VPC, the subnets and the NAT Elastic IPs`, () => {
            const hard = [built.one(T.vpc), ...built.ofType(T.subnet)];
            for (const r of hard) expect([r.name, r.protect, r.retainOnDelete]).to.deep.equal([r.name, expected.protect, false]);
            // Partners may allowlist the NAT addresses: an Elastic IP is also kept on delete.
            for (const eip of built.ofType(T.eip)) expect([eip.name, eip.protect, eip.retainOnDelete]).to.deep.equal([eip.name, expected.protect, expected.protect]);
            const others = built.resources.filter((r) => ![T.vpc, T.subnet, T.eip].includes(r.type as never));
            for (const r of others) expect([r.name, r.protect]).to.deep.equal([r.name, false]);
        });

        it("names every resource by tier and zone in its Name tag", () => {
            expect(vpc().inputs.tags).to.deep.equal({ Name: `hse-${stack}-vpc` });
            for (const subnet of built.ofType(T.subnet)) {
                const { availabilityZone } = subnet.inputs;
                expect(subnet.inputs.tags).to.deep.equal({ Name: subnet.name, Tier: subnet.inputs.tags.Tier });
                expect(subnet.name).to.equal(`hse-${stack}-${subnet.inputs.tags.Tier}-${availabilityZone}`);
            }
            for (const nat of built.ofType(T.nat)) {
                const zone = built.byId(nat.inputs.subnetId).inputs.availabilityZone;
                expect(nat.inputs.tags).to.deep.equal({ Name: `hse-${stack}-nat-${zone}` });
                expect(built.byId(nat.inputs.allocationId).inputs.tags).to.deep.equal({ Name: `hse-${stack}-nat-${zone}` });
            }
            expect(built.one(T.igw).inputs.tags).to.deep.equal({ Name: `hse-${stack}-igw` });
            const tables = built.ofType(T.routeTable).map((t) => t.inputs.tags.Name);
            expect(tables).to.have.members([`hse-${stack}-public-rt`, `hse-${stack}-private-rt-us-east-1a`, `hse-${stack}-private-rt-us-east-1b`, `hse-${stack}-database-rt`]);
            expect(built.one(T.dbSubnetGroup).inputs.tags).to.deep.equal({ Name: `hse-${stack}-db` });
            expect(built.one(T.cacheSubnetGroup).inputs.tags).to.deep.equal({ Name: `hse-${stack}-cache` });
            expect(built.one(T.defaultSecurityGroup).inputs.tags).to.deep.equal({ Name: `hse-${stack}-default-do-not-use` });
        });

        it("names the flow log, its group and its role, and every endpoint, in their Name tags", () => {
            expect(flowLogs.one(T.logGroup).inputs.tags).to.deep.equal({ Name: `hse-${stack}-vpc-flow-logs` });
            expect(flowLogs.one(T.role).inputs.tags).to.deep.equal({ Name: `hse-${stack}-vpc-flow-logs` });
            expect(flowLogs.one(T.flowLog).inputs.tags).to.deep.equal({ Name: `hse-${stack}-vpc-flow-log` });
            const byService = Object.fromEntries(endpoints.ofType(T.endpoint).map((e) => [e.inputs.serviceName, e.inputs.tags]));
            expect(byService).to.deep.equal(Object.fromEntries([
                ["com.amazonaws.us-east-1.s3", { Name: `hse-${stack}-vpce-s3` }],
                // A service's dots become dashes: ecr.api -> hse-<env>-vpce-ecr-api.
                ...expected.interfaceEndpoints.map((s) => [`com.amazonaws.us-east-1.${s}`, { Name: `hse-${stack}-vpce-${s.replace(/\./g, "-")}` }]),
            ]));
            for (const group of endpoints.ofType(T.securityGroup)) expect(group.inputs.tags).to.deep.equal({ Name: `hse-${stack}-vpce` });
        });

        it("says in their descriptions what the subnet groups and the flow log role are for", () => {
            expect(built.one(T.dbSubnetGroup).inputs.description).to.equal(`Database subnets of hse-${stack} (RDS)`);
            expect(built.one(T.cacheSubnetGroup).inputs.description).to.equal(`Database subnets of hse-${stack} (ElastiCache)`);
            expect(flowLogs.one(T.role).inputs.description).to.equal(`Lets VPC flow logs of hse-${stack} write to hse-${stack}'s flow log group`);
        });

        it("routes each private subnet to a NAT in its own zone where one exists, else the shared one", () => {
            const natZone = new Map(built.ofType(T.nat).map((nat) => [nat.urn, built.byId(nat.inputs.subnetId).inputs.availabilityZone]));
            const zonesWithNat = [...natZone.values()];
            for (const subnet of subnetsOfTier(built, "private")) {
                const target = defaultRouteTarget(built, subnet);
                expect(target?.type, subnet.name).to.equal(T.nat);
                const zone = subnet.inputs.availabilityZone;
                expect(natZone.get(target!.urn)).to.equal(zonesWithNat.includes(zone) ? zone : "us-east-1a");
            }
        });

        it("gives each private subnet its own route table", () => {
            const tables = subnetsOfTier(built, "private").map((s) => routeTableOf(built, s).urn);
            expect(new Set(tables).size).to.equal(2);
        });

        it("gives the database subnets no route at all besides the VPC's local one", () => {
            for (const subnet of subnetsOfTier(built, "database")) {
                const table = routeTableOf(built, subnet);
                expect(routesOf(built, table), subnet.name).to.deep.equal([]);
                expect(table.inputs.routes ?? [], `${table.name} inline routes`).to.deep.equal([]);
            }
        });

        it("adds the S3 gateway endpoint to the private and database route tables", () => {
            const s3 = endpoints.ofType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Gateway");
            expect(s3).to.have.length(1);
            expect(s3[0].inputs.serviceName).to.equal("com.amazonaws.us-east-1.s3");
            const tables = [...subnetsOfTier(built, "private"), ...subnetsOfTier(built, "database")].map((s) => routeTableOf(built, s).id);
            expect(s3[0].inputs.routeTableIds).to.have.members([...new Set(tables)]);
        });

        it(`has the interface endpoints ${expected.interfaceEndpoints.join(", ") || "(none)"} in the private subnets`, () => {
            const interfaces = endpoints.ofType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
            expect(interfaces.map((e) => e.inputs.serviceName)).to.have.members(expected.interfaceEndpoints.map((s) => `com.amazonaws.us-east-1.${s}`));
            expect(interfaces).to.have.length(expected.interfaceEndpoints.length);
            const privateIds = subnetsOfTier(built, "private").map((s) => s.id);
            for (const e of interfaces) {
                expect(e.inputs.vpcId).to.equal(vpc().id);
                expect(e.inputs.subnetIds).to.have.members(privateIds);
                expect(e.inputs.privateDnsEnabled).to.equal(true);
                expect(e.inputs.securityGroupIds).to.deep.equal(endpoints.ofType(T.securityGroup).map((g) => g.id));
            }
        });

        it("gives the interface endpoints a security group of their own: HTTPS from the VPC, nothing else", () => {
            const endpointGroups = endpoints.ofType(T.securityGroup);
            expect(endpointGroups).to.have.length(expected.interfaceEndpoints.length > 0 ? 1 : 0);
            for (const group of endpointGroups) {
                expect(group.inputs.vpcId).to.equal(vpc().id);
                expect(group.inputs.description).to.equal(`Interface VPC endpoints of hse-${stack}: HTTPS from inside the VPC`);
                const ingress = endpoints.ofType(T.ingress).filter((r) => r.inputs.securityGroupId === group.id);
                expect(ingress.map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4])).to.deep.equal([["tcp", 443, 443, "10.0.0.0/16"]]);
                expect(ingress[0].inputs.description).to.equal("HTTPS to AWS service endpoints from anywhere in the VPC");
                expect(endpoints.ofType(T.egress)).to.deep.equal([]);
            }
        });

        it("strips every rule from the VPC's default security group", () => {
            const [group] = built.ofType(T.defaultSecurityGroup);
            expect(group.inputs.vpcId).to.equal(vpc().id);
            expect(group.inputs.ingress ?? []).to.deep.equal([]);
            expect(group.inputs.egress ?? []).to.deep.equal([]);
        });

        it("has DB and ElastiCache subnet groups over exactly the database subnets", () => {
            const databaseIds = subnetsOfTier(built, "database").map((s) => s.id);
            for (const type of [T.dbSubnetGroup, T.cacheSubnetGroup]) {
                const groups = built.ofType(type);
                expect(groups, type).to.have.length(1);
                expect(groups[0].inputs.subnetIds).to.have.members(databaseIds);
            }
        });

        it(`sends all VPC traffic to a flow log group kept ${expected.retentionInDays} days`, () => {
            const flowLog = flowLogs.one(T.flowLog);
            const group = flowLogs.one(T.logGroup);
            expect(flowLog.inputs).to.include({ vpcId: vpc().id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", maxAggregationInterval: 600 });
            expect(flowLog.inputs.iamRoleArn).to.equal(flowLogs.one(T.role).outputs?.arn);
            expect(flowLog.inputs.logDestination).to.equal(group.outputs?.arn);
            // A prefix, not a fixed name: a retained group must not block a re-created stack.
            expect(group.inputs).to.include({ namePrefix: `/hse-${stack}/vpc/flow-logs-`, retentionInDays: expected.retentionInDays });
            expect(group.inputs.name).to.equal(undefined);
            expect(flowLog.dependencies).to.include(flowLogs.one(T.rolePolicy).urn);
            expect([group.protect, group.retainOnDelete]).to.deep.equal([expected.protect, expected.protect]);
            // AWS refuses a second flow log to the same destination: a replacement deletes first.
            expect(flowLog.deleteBeforeReplace).to.equal(true);
        });

        const account = ACCOUNTS[stack as keyof typeof ACCOUNTS];

        it("lets only this account's flow-logs service assume the flow log role", () => {
            const role = flowLogs.one(T.role);
            expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: "sts:AssumeRole",
                    Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                    Condition: {
                        StringEquals: { "aws:SourceAccount": account },
                        ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${account}:vpc-flow-log/*` },
                    },
                },
            ]);
        });

        it("lets the flow log role write to its own log group only", () => {
            const policy = flowLogs.one(T.rolePolicy);
            expect(policy.inputs.role).to.equal(flowLogs.one(T.role).id);
            const document = JSON.parse(policy.inputs.policy);
            const group = flowLogs.one(T.logGroup).outputs?.arn as string;
            expect(group).to.match(new RegExp(`^arn:aws:logs:us-east-1:${account}:log-group:/hse-${stack}/vpc/flow-logs-`));
            expect(document.Statement).to.deep.equal([
                {
                    Sid: "WriteFlowLogRecords",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    Resource: [group, `${group}:*`],
                },
                {
                    Sid: "FindLogGroup",
                    Effect: "Allow",
                    Action: "logs:DescribeLogGroups",
                    Resource: `arn:aws:logs:us-east-1:${account}:log-group:*`,
                },
            ]);
        });

        it("exports the ids CI and later tiers need", () => {
            const out = stackBuild.outputs.network;
            expect(out.vpcId).to.equal(vpc().id);
            for (const tier of ["public", "private", "database"] as const) {
                expect(out.subnetIds[tier]).to.have.members(subnetsOfTier(built, tier).map((s) => s.id));
            }
            const groups = stackBuild.subtree(`hse-${stack}-security-groups`).ofType(T.securityGroup);
            expect([...Object.values(out.securityGroupIds), ...Object.values(out.serviceSecurityGroupIds)]).to.have.members(groups.map((g) => g.id));
            expect(Object.keys(out.securityGroupIds)).to.have.members(["alb", "nlb", "services", "database", "redis", "data-functions", "database-host"]);
            expect(Object.keys(out.serviceSecurityGroupIds)).to.have.members(["monolith", "devices"]);
            expect(out.subnetGroups.database).to.equal(built.ofType(T.dbSubnetGroup)[0].outputs?.name).and.match(new RegExp(`^hse-${stack}-db`));
            expect(out.subnetGroups.cache).to.equal(built.ofType(T.cacheSubnetGroup)[0].outputs?.name).and.match(new RegExp(`^hse-${stack}-cache`));
            expect(out.natGatewayIds).to.have.members(built.ofType(T.nat).map((n) => n.id));
            expect(out.flowLogGroupName).to.equal(flowLogs.one(T.logGroup).outputs?.name);
        });

        it("exports the deployed shape: VPC range, zones and interface endpoints, as the stack file lists them", () => {
            const out = stackBuild.outputs.network;
            expect(out.vpcCidr).to.equal("10.0.0.0/16");
            expect(out.availabilityZones).to.deep.equal(["us-east-1a", "us-east-1b"]);
            expect(out.interfaceEndpoints).to.deep.equal(expected.interfaceEndpoints);
        });
    });
}

describe("network tier of dev with flow logs off (allowed in dev only)", () => {
    it("builds no flow log at all and exports a null flow log group", async () => {
        const built = await buildStack("dev", { editConfig: editSection("network", (n) => { n.flowLogs.enabled = false; }) });
        expect(built.resources.filter((r) => r.type === "hse:network:FlowLogs" || r.type === T.flowLog).map((r) => r.name)).to.deep.equal([]);
        expect(built.ofType(T.logGroup).filter((r) => r.name.startsWith("hse-dev-flow-log")).map((r) => r.name)).to.deep.equal([]);
        expect(built.outputs.network.flowLogGroupName).to.equal(null);
        // The rest of the network is unchanged.
        expect(built.outputs.network.vpcCidr).to.equal("10.0.0.0/16");
    });
});
