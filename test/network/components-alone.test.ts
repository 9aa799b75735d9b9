// Each component is a pure function of its arguments: built alone, with arguments no stack
// file uses today, it must still do what its documentation says.
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { FlowLogs } from "../../components/network/flow-logs";
import { Network } from "../../components/network/network";
import { SecurityGroups } from "../../components/network/security-groups";
import { ENDPOINTS_REQUIRED_WITHOUT_NAT, VpcEndpoints } from "../../components/network/vpc-endpoints";
import { buildProgram } from "../../offline/build";
import { INVOKES } from "../../offline/invokes";
import { defaultRouteTarget, routeTableOf, routesOf, subnetsOfTier, T } from "./queries";

/** As in the stacks: an explicit provider, since the project disables the default one. */
function withProvider() {
    return { providers: [new aws.Provider("hse-test-aws", { region: "us-east-1" })] };
}

const threeZones = ["a", "b", "c"].map((letter, i) => ({
    availabilityZone: `us-east-1${letter}`,
    publicSubnetCidr: `10.20.${i}.0/24`,
    privateSubnetCidr: `10.20.${10 + i}.0/24`,
    databaseSubnetCidr: `10.20.${20 + i}.0/24`,
}));

describe("Network built alone", () => {
    it("with OnePerAz over three zones: three NATs, each zone's private subnet on its own", async () => {
        const built = await buildProgram(() => {
            new Network("t", { namePrefix: "hse-test", vpcCidr: "10.20.0.0/16", zones: threeZones, natGateways: "OnePerAz" });
            return {};
        });
        expect(built.ofType(T.nat)).to.have.length(3);
        for (const subnet of subnetsOfTier(built, "private")) {
            const nat = defaultRouteTarget(built, subnet)!;
            expect(built.byId(nat.inputs.subnetId).inputs.availabilityZone).to.equal(subnet.inputs.availabilityZone);
        }
        expect(subnetsOfTier(built, "database")).to.have.length(3);
        // protect defaults to false: nothing is protected or kept on delete.
        const stateful = [built.one(T.vpc), ...built.ofType(T.subnet), ...built.ofType(T.eip)];
        expect(stateful).to.have.length(1 + 9 + 3);
        for (const r of stateful) expect([r.name, r.protect, r.retainOnDelete]).to.deep.equal([r.name, false, false]);
    });

    it("with None: no NAT, no Elastic IP, and private subnets without an internet route", async () => {
        const built = await buildProgram(() => {
            new Network("t", { namePrefix: "hse-test", vpcCidr: "10.20.0.0/16", zones: threeZones.slice(0, 2), natGateways: "None" });
            return {};
        });
        expect(built.ofType(T.nat)).to.deep.equal([]);
        expect(built.ofType(T.eip)).to.deep.equal([]);
        for (const subnet of subnetsOfTier(built, "private")) {
            expect(routesOf(built, routeTableOf(built, subnet))).to.deep.equal([]);
        }
    });

    it("names subnets by zone, so adding a zone keeps every existing name", async () => {
        const names = async (zones: typeof threeZones) =>
            (await buildProgram(() => {
                new Network("t", { namePrefix: "hse-test", vpcCidr: "10.20.0.0/16", zones, natGateways: "Single" });
                return {};
            })).resources.map((r) => `${r.type} ${r.name}`);
        const two = await names(threeZones.slice(0, 2));
        const three = await names(threeZones);
        expect(three).to.include.members(two);
    });
});

describe("VpcEndpoints built alone", () => {
    it("without interface services: the S3 gateway only, and no security group", async () => {
        const built = await buildProgram(() => {
            new VpcEndpoints("t", { namePrefix: "hse-test", region: "eu-west-1", vpcId: "vpc-1", vpcCidr: "10.20.0.0/16", bucketPrefix: "hse-test-", gatewayRouteTableIds: ["rtb-1"], interfaceSubnetIds: ["subnet-1"] }, withProvider());
            return {};
        });
        expect(built.ofType(T.endpoint).map((e) => e.inputs.serviceName)).to.deep.equal(["com.amazonaws.eu-west-1.s3"]);
        expect(built.ofType(T.securityGroup)).to.deep.equal([]);
    });

    it("with what a stack without NAT needs: the ECS and ElastiCache APIs beside ECR, logs and Secrets Manager, private DNS on", async () => {
        const built = await buildProgram(() => {
            new VpcEndpoints("t", {
                namePrefix: "hse-test", region: "eu-west-1", vpcId: "vpc-1", vpcCidr: "10.20.0.0/16", bucketPrefix: "hse-test-", gatewayRouteTableIds: ["rtb-1"], interfaceSubnetIds: ["subnet-1"],
                interfaceServices: [...ENDPOINTS_REQUIRED_WITHOUT_NAT],
            }, withProvider());
            return {};
        });
        const interfaces = built.ofType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
        expect(interfaces.map((e) => e.inputs.serviceName)).to.deep.equal(
            ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ecs", "elasticache"].map((s) => `com.amazonaws.eu-west-1.${s}`),
        );
        expect(interfaces.every((e) => e.inputs.privateDnsEnabled === true)).to.equal(true);
    });
});

describe("SecurityGroups built alone", () => {
    it("with ALB ingress from CIDRs: does not look the CloudFront prefix list up at all", async () => {
        const token = "aws:ec2/getManagedPrefixList:getManagedPrefixList";
        const lookedUp: string[] = [];
        const built = await buildProgram(() => {
            new SecurityGroups("t", {
                namePrefix: "hse-test",
                vpcId: "vpc-1",
                ports: { http: 8080, grpc: 50051, devicesTcp: 5000, postgres: 5432, timescale: 5432, redis: 6379 },
                albIngress: { source: "cidrs", cidrs: ["203.0.113.0/24"] },
                devicesIngressCidrs: ["0.0.0.0/0"],
                serviceInternetEgress: "all",
                services: [],
            }, withProvider());
            return {};
        }, "dev", {
            mocks: { invokes: { [token]: (inputs, account) => { lookedUp.push(String(inputs.name)); return INVOKES[token](inputs, account); } } },
        });
        expect(lookedUp).to.deep.equal([]);
        expect(built.ofType(T.ingress).filter((r) => r.inputs.prefixListId !== undefined)).to.deep.equal([]);
        expect(built.ofType(T.ingress).filter((r) => r.name.startsWith("hse-test-alb-in-")).map((r) => r.inputs.cidrIpv4)).to.deep.equal(["203.0.113.0/24", "203.0.113.0/24"]);
    });
});

describe("FlowLogs built alone", () => {
    it("passes retention, traffic type, aggregation interval and retain-on-delete through", async () => {
        const built = await buildProgram(() => {
            new FlowLogs("t", { namePrefix: "hse-test", vpcId: "vpc-1", retentionInDays: 365, trafficType: "REJECT", maxAggregationIntervalSeconds: 60, protect: true }, withProvider());
            return {};
        });
        const group = built.one(T.logGroup);
        expect(group.inputs.retentionInDays).to.equal(365);
        expect([group.protect, group.retainOnDelete]).to.deep.equal([true, true]);
        expect(built.ofType(T.flowLog)[0].inputs).to.include({ trafficType: "REJECT", maxAggregationInterval: 60, vpcId: "vpc-1" });
    });
});

describe("FlowLogs built alone with defaults", () => {
    it("logs all traffic in 10-minute windows and leaves the log group unprotected", async () => {
        const built = await buildProgram(() => {
            new FlowLogs("t", { namePrefix: "hse-test", vpcId: "vpc-1", retentionInDays: 7 }, withProvider());
            return {};
        });
        expect(built.one(T.flowLog).inputs).to.include({ trafficType: "ALL", maxAggregationInterval: 600 });
        expect([built.one(T.logGroup).protect, built.one(T.logGroup).retainOnDelete]).to.deep.equal([false, false]);
    });
});

describe("Network built alone, protected", () => {
    it("protects the VPC and subnets, and protects and retains the NAT Elastic IPs", async () => {
        const built = await buildProgram(() => {
            new Network("t", { namePrefix: "hse-test", vpcCidr: "10.20.0.0/16", zones: threeZones.slice(0, 2), natGateways: "OnePerAz", protect: true });
            return {};
        });
        expect(built.one(T.vpc).protect).to.equal(true);
        expect(built.ofType(T.subnet).map((s) => s.protect)).to.deep.equal([true, true, true, true, true, true]);
        expect(built.ofType(T.eip).map((e) => [e.protect, e.retainOnDelete])).to.deep.equal([[true, true], [true, true]]);
    });
});
