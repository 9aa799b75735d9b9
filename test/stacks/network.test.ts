import { expect } from "chai";
import { buildStack, BuiltStack } from "../harness/build";
import { defaultRouteTarget, routeTableOf, routesOf, subnetsOfTier, T } from "./queries";

// Seed 002, section 10.2.5, and issue #2: what each environment's network must be.
const SEED_SUBNETS = {
    public: [["us-east-1a", "10.0.1.0/24"], ["us-east-1b", "10.0.2.0/24"]],
    private: [["us-east-1a", "10.0.10.0/24"], ["us-east-1b", "10.0.11.0/24"]],
    database: [["us-east-1a", "10.0.20.0/24"], ["us-east-1b", "10.0.21.0/24"]],
};
const ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"];
const EXPECTED = {
    dev: { natGateways: 1, interfaceEndpoints: [] as string[], retentionInDays: 7, retainLogs: false },
    staging: { natGateways: 1, interfaceEndpoints: ENDPOINT_SERVICES, retentionInDays: 30, retainLogs: false },
    production: { natGateways: 2, interfaceEndpoints: ENDPOINT_SERVICES, retentionInDays: 30, retainLogs: true },
};

for (const [stack, expected] of Object.entries(EXPECTED)) {
    describe(`network tier of ${stack}`, () => {
        let built: BuiltStack;
        before(async () => {
            built = await buildStack(stack);
        });
        const vpc = () => built.ofType(T.vpc)[0];

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
            const s3 = built.ofType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Gateway");
            expect(s3).to.have.length(1);
            expect(s3[0].inputs.serviceName).to.equal("com.amazonaws.us-east-1.s3");
            const tables = [...subnetsOfTier(built, "private"), ...subnetsOfTier(built, "database")].map((s) => routeTableOf(built, s).id);
            expect(s3[0].inputs.routeTableIds).to.have.members([...new Set(tables)]);
        });

        it(`has the interface endpoints ${expected.interfaceEndpoints.join(", ") || "(none)"} in the private subnets`, () => {
            const endpoints = built.ofType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
            expect(endpoints.map((e) => e.inputs.serviceName)).to.have.members(expected.interfaceEndpoints.map((s) => `com.amazonaws.us-east-1.${s}`));
            const privateIds = subnetsOfTier(built, "private").map((s) => s.id);
            for (const e of endpoints) {
                expect(e.inputs.subnetIds).to.have.members(privateIds);
                expect(e.inputs.privateDnsEnabled).to.equal(true);
                expect(e.inputs.securityGroupIds).to.have.length(1);
            }
        });

        it("gives the interface endpoints a security group of their own: HTTPS from the VPC, nothing else", () => {
            const endpointGroups = built.ofType(T.securityGroup).filter((g) => g.name.endsWith("-vpce-sg"));
            expect(endpointGroups).to.have.length(expected.interfaceEndpoints.length > 0 ? 1 : 0);
            for (const group of endpointGroups) {
                const ingress = built.ofType(T.ingress).filter((r) => r.inputs.securityGroupId === group.id);
                expect(ingress.map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4])).to.deep.equal([["tcp", 443, 443, "10.0.0.0/16"]]);
                expect(built.ofType(T.egress).filter((r) => r.inputs.securityGroupId === group.id)).to.deep.equal([]);
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
            const [flowLog] = built.ofType(T.flowLog);
            const [group] = built.ofType(T.logGroup);
            expect(flowLog.inputs).to.include({ vpcId: vpc().id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", maxAggregationInterval: 600 });
            expect(flowLog.inputs.iamRoleArn).to.equal(built.ofType(T.role)[0].outputs?.arn);
            expect(flowLog.inputs.logDestination).to.equal(group.outputs?.arn);
            // A prefix, not a fixed name: a retained group must not block a re-created stack.
            expect(group.inputs).to.include({ namePrefix: `/hse-${stack}/vpc/flow-logs-`, retentionInDays: expected.retentionInDays });
            expect(group.inputs.name).to.equal(undefined);
            expect(flowLog.dependencies).to.include(built.ofType(T.rolePolicy)[0].urn);
            expect(group.retainOnDelete).to.equal(expected.retainLogs);
        });

        it("lets only this account's flow-logs service assume the flow log role", () => {
            const [role] = built.ofType(T.role);
            expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: "sts:AssumeRole",
                    Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                    Condition: {
                        StringEquals: { "aws:SourceAccount": "123456789012" },
                        ArnLike: { "aws:SourceArn": "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*" },
                    },
                },
            ]);
        });

        it("lets the flow log role write to its own log group only", () => {
            const [policy] = built.ofType(T.rolePolicy);
            const document = JSON.parse(policy.inputs.policy);
            const group = built.ofType(T.logGroup)[0].outputs?.arn as string;
            expect(group).to.match(new RegExp(`^arn:aws:logs:us-east-1:123456789012:log-group:/hse-${stack}/vpc/flow-logs-`));
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
                    Resource: "arn:aws:logs:us-east-1:123456789012:log-group:*",
                },
            ]);
        });

        it("exports the ids CI and later tiers need", () => {
            const out = built.outputs.network;
            expect(out.vpcId).to.equal(vpc().id);
            for (const tier of ["public", "private", "database"] as const) {
                expect(out.subnetIds[tier]).to.have.members(subnetsOfTier(built, tier).map((s) => s.id));
            }
            const groups = built.ofType(T.securityGroup).filter((g) => !g.name.endsWith("-vpce-sg"));
            expect(Object.values(out.securityGroupIds)).to.have.members(groups.map((g) => g.id));
            expect(Object.keys(out.securityGroupIds)).to.have.members(["alb", "nlb", "services", "database", "redis"]);
            expect(out.subnetGroups.database).to.equal(built.ofType(T.dbSubnetGroup)[0].outputs?.name).and.match(new RegExp(`^hse-${stack}-db`));
            expect(out.subnetGroups.cache).to.equal(built.ofType(T.cacheSubnetGroup)[0].outputs?.name).and.match(new RegExp(`^hse-${stack}-cache`));
            expect(out.natGatewayIds).to.have.members(built.ofType(T.nat).map((n) => n.id));
            expect(out.flowLogGroupName).to.equal(built.ofType(T.logGroup)[0].outputs?.name);
        });
    });
}
