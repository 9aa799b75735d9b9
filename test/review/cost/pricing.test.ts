// Each pricing function of the cost estimate on sample inputs, against the repository's price
// table: the properties a reader relies on (Multi-AZ doubles, Spot is cheaper, Valkey is
// cheaper, autoscaling gives a range), the unpriced listing and the unknown-region error.
import { expect } from "chai";
import { isFree } from "../../../review/cost/catalog";
import { estimateCost } from "../../../review/cost/estimate";
import { gp3BaselineIops } from "../../../review/cost/rds";
import { HOURS_PER_MONTH, pricesFor, UnknownRegionError } from "../../../review/cost/prices";
import { CostAssumptions, CostResource } from "../../../review/cost/types";

const ASSUMPTIONS: CostAssumptions = {
    internetEgressGb: 0, cloudfrontGb: 0, lambdaInvocationsPerFunction: 0, imageStorageGbPerRepository: 0, natProcessedGb: 0, logIngestionGb: 0, albLcu: 1, nlbNlcu: 1, wafRequestsMillions: 0, interfaceEndpointGb: 0, backupChangePercentPerDay: 2,
};
const REGION = "us-east-1";
const table = pricesFor(REGION);

const estimate = (resources: CostResource[], assumptions = ASSUMPTIONS) => estimateCost(resources, REGION, assumptions);
const linesOf = (resources: CostResource[], type: string) => estimate(resources).lines.filter((l) => l.type === type);
const total = (resources: CostResource[]) => estimate(resources).total;

function service(name: string, opts: { spot?: boolean; arch?: "ARM64" | "X86_64"; min?: number; max?: number; cpu?: string; memory?: string } = {}): CostResource[] {
    const resources: CostResource[] = [
        { type: "aws:ecs/taskDefinition:TaskDefinition", name: `${name}-task`, inputs: { family: name, cpu: opts.cpu ?? "1024", memory: opts.memory ?? "2048", runtimePlatform: { cpuArchitecture: opts.arch ?? "ARM64" } } },
        { type: "aws:ecs/service:Service", name: `${name}-service`, inputs: { name, desiredCount: opts.min ?? 1, capacityProviderStrategies: [{ capacityProvider: opts.spot ? "FARGATE_SPOT" : "FARGATE", weight: 1 }] } },
    ];
    if (opts.max !== undefined) {
        resources.push({ type: "aws:appautoscaling/target:Target", name: `${name}-target`, inputs: { resourceId: `service/cluster/${name}`, minCapacity: opts.min ?? 1, maxCapacity: opts.max } });
    }
    return resources;
}

describe("cost estimate: pricing functions", () => {
    describe("Fargate", () => {
        it("prices one on-demand ARM task from vCPU and memory at the table's rates", () => {
            const [l] = linesOf(service("svc"), "aws:ecs/service:Service");
            const { vcpuHour, gbHour } = table.fargate!.arm;
            expect(l.monthlyMin).to.be.closeTo((vcpuHour.usd + 2 * gbHour.usd) * HOURS_PER_MONTH, 0.01);
            expect(l.monthlyMax).to.equal(l.monthlyMin);
        });

        it("is a range from the minimum count to the autoscaling maximum", () => {
            const [l] = linesOf(service("svc", { min: 2, max: 10 }), "aws:ecs/service:Service");
            expect(l.monthlyMin).to.be.below(l.monthlyMax);
            expect(l.monthlyMax / l.monthlyMin).to.be.closeTo(5, 0.01);
            expect(l.what).to.include("2-10 tasks");
        });

        it("costs less on Spot than on demand, at both ends of Spot's discount", () => {
            const [onDemand] = linesOf(service("svc"), "aws:ecs/service:Service");
            const [spot] = linesOf(service("svc", { spot: true }), "aws:ecs/service:Service");
            expect(spot.monthlyMax).to.be.below(onDemand.monthlyMin);
            expect(spot.monthlyMin).to.be.below(spot.monthlyMax);
        });

        it("costs less on ARM64 (Graviton) than on x86", () => {
            const [arm] = linesOf(service("svc"), "aws:ecs/service:Service");
            const [x86] = linesOf(service("svc", { arch: "X86_64" }), "aws:ecs/service:Service");
            expect(arm.monthlyMin).to.be.below(x86.monthlyMin);
        });

        it("reports a service whose task definition is not declared as unpriced", () => {
            const result = estimate(service("svc").filter((r) => r.type !== "aws:ecs/taskDefinition:TaskDefinition"));
            expect(result.unpriced.map((u) => u.type)).to.deep.equal(["aws:ecs/service:Service"]);
        });
    });

    describe("RDS", () => {
        const db = (multiAz: boolean, extra: Record<string, unknown> = {}): CostResource[] => [
            { type: "aws:rds/instance:Instance", name: "db", inputs: { instanceClass: "db.t4g.medium", multiAz, allocatedStorage: 100, maxAllocatedStorage: 100, backupRetentionPeriod: 7, ...extra } },
        ];
        const cost = (multiAz: boolean, what: string) => linesOf(db(multiAz), "aws:rds/instance:Instance").find((l) => l.what.includes(what))!.monthlyMin;

        it("doubles instance hours and storage for Multi-AZ (the standby)", () => {
            expect(cost(true, "db.t4g.medium")).to.be.closeTo(2 * cost(false, "db.t4g.medium"), 0.011);
            expect(cost(true, "gp3 storage")).to.be.closeTo(2 * cost(false, "gp3 storage"), 0.011);
        });

        it("charges IOPS above gp3's baseline only: 3,000 below 400 GB, 12,000 from 400 GB", () => {
            expect([gp3BaselineIops(399), gp3BaselineIops(400)]).to.deep.equal([3000, 12000]);
            const small = linesOf(db(false, { iops: 12000 }), "aws:rds/instance:Instance").find((l) => l.what.includes("IOPS"));
            expect(small!.monthlyMin).to.be.closeTo(9000 * table.rdsIopsMonth!.usd, 0.01);
            const large = linesOf(db(false, { iops: 12000, allocatedStorage: 500, maxAllocatedStorage: 500 }), "aws:rds/instance:Instance").find((l) => l.what.includes("IOPS"));
            expect(large).to.equal(undefined);
        });

        it("ranges backup storage from free to the retained daily changes beyond the provisioned size", () => {
            const backup = linesOf(db(false), "aws:rds/instance:Instance").find((l) => l.what.includes("backup"))!;
            expect(backup.monthlyMin).to.equal(0);
            expect(backup.monthlyMax).to.be.closeTo(100 * 0.02 * 7 * table.rdsBackupGbMonth!.usd, 0.01);
        });

        it("lists an instance class without a price as unpriced, still pricing its storage", () => {
            const result = estimate(db(false, { instanceClass: "db.x9.huge" }));
            expect(result.unpriced[0].type).to.equal("aws:rds/instance:Instance");
            expect(result.unpriced[0].reasons[0]).to.include("db.x9.huge");
            expect(result.lines.some((l) => l.what.includes("gp3 storage"))).to.equal(true);
        });
    });

    describe("ElastiCache", () => {
        const group = (engine: string, shards: number, replicas: number): CostResource[] => [
            { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", inputs: { engine, nodeType: "cache.r6g.large", numNodeGroups: shards, replicasPerNodeGroup: replicas } },
        ];
        it("counts shards x (replicas + 1) nodes", () => {
            const [l] = linesOf(group("redis", 2, 2), "aws:elasticache/replicationGroup:ReplicationGroup");
            expect(l.what).to.match(/^6 x cache\.r6g\.large/);
            expect(l.monthlyMin).to.be.closeTo(6 * table.elasticacheRedisNodeHour!["cache.r6g.large"].usd * HOURS_PER_MONTH, 0.01);
        });
        it("prices Valkey nodes below Redis OSS nodes of the same type", () => {
            expect(total(group("valkey", 1, 1)).min).to.be.below(total(group("redis", 1, 1)).min);
        });
    });

    describe("EC2 and EBS", () => {
        it("charges gp3 IOPS and throughput above the free baseline only", () => {
            const volume = (iops: number, throughput: number): CostResource[] => [{ type: "aws:ebs/volume:Volume", name: "v", inputs: { type: "gp3", size: 100, iops, throughput } }];
            const base = total(volume(3000, 125)).min;
            expect(base).to.be.closeTo(100 * table.ebsGp3GbMonth!.usd, 0.01);
            expect(total(volume(4000, 225)).min - base).to.be.closeTo(1000 * table.ebsGp3IopsMonth!.usd + 100 * table.ebsGp3ThroughputMonth!.usd, 0.01);
        });
    });

    describe("snapshots", () => {
        it("prices the snapshots a lifecycle policy keeps of the volumes it targets, and no other volume", () => {
            const policy: CostResource = { type: "aws:dlm/lifecyclePolicy:LifecyclePolicy", name: "daily", inputs: { policyDetails: { targetTags: { SnapshotPolicy: "db" }, schedules: [{ retainRule: { count: 10 } }] } } };
            const volume = (tag: string): CostResource => ({ type: "aws:ebs/volume:Volume", name: `v-${tag}`, inputs: { type: "gp3", size: 100, tags: { SnapshotPolicy: tag } } });
            const [snapshots] = estimate([policy, volume("db"), volume("other")]).lines.filter((l) => l.type === policy.type);
            const rate = table.ebsSnapshotGbMonth!.usd;
            expect([snapshots.monthlyMin, snapshots.monthlyMax]).to.deep.equal([100 * 0.02 * 10 * rate, (100 + 100 * 0.02 * 10) * rate]);
        });
    });

    describe("network", () => {
        it("charges NAT gateways by the hour plus their share of the assumed traffic", () => {
            const nats: CostResource[] = [1, 2].map((i) => ({ type: "aws:ec2/natGateway:NatGateway", name: `nat-${i}`, inputs: {} }));
            const none = estimate(nats).total.min;
            const busy = estimate(nats, { ...ASSUMPTIONS, natProcessedGb: 1000 }).total.min;
            expect(none).to.be.closeTo(2 * table.natGatewayHour!.usd * HOURS_PER_MONTH, 0.01);
            expect(busy - none).to.be.closeTo(1000 * table.natGatewayGb!.usd, 0.01);
        });
        it("charges an interface endpoint per zone and leaves a gateway endpoint free", () => {
            const endpoint = (vpcEndpointType: string): CostResource[] => [{ type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "e", inputs: { vpcEndpointType, subnetIds: ["a", "b"] } }];
            expect(total(endpoint("Interface")).min).to.be.closeTo(2 * table.interfaceEndpointAzHour!.usd * HOURS_PER_MONTH, 0.01);
            expect(total(endpoint("Gateway")).min).to.equal(0);
        });
        it("adds the assumed capacity units and public addresses of an internet-facing load balancer", () => {
            const lb = (internal: boolean): CostResource[] => [{ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", inputs: { loadBalancerType: "application", internal, subnets: ["a", "b"] } }];
            expect(total(lb(false)).min - total(lb(true)).min).to.be.closeTo(2 * table.publicIpv4Hour!.usd * HOURS_PER_MONTH, 0.01);
            expect(total(lb(true)).min).to.be.closeTo((table.albHour!.usd + table.albLcuHour!.usd) * HOURS_PER_MONTH, 0.01);
        });
    });

    describe("edge and functions", () => {
        it("ranges CloudFront's data out from the always-free terabyte to all of it paid", () => {
            const cdn: CostResource[] = [{ type: "aws:cloudfront/distribution:Distribution", name: "cdn", inputs: { enabled: true } }];
            const [small] = estimate(cdn, { ...ASSUMPTIONS, cloudfrontGb: 500 }).lines.filter((l) => l.type === "aws:cloudfront/distribution:Distribution");
            expect([small.monthlyMin, small.monthlyMax]).to.deep.equal([0, 500 * table.cloudfrontGb!.usd]);
            const [large] = estimate(cdn, { ...ASSUMPTIONS, cloudfrontGb: 2024 }).lines.filter((l) => l.type === "aws:cloudfront/distribution:Distribution");
            expect(large.monthlyMin).to.be.closeTo(1000 * table.cloudfrontGb!.usd, 0.01);
        });
        it("bounds a Lambda function by its runs at full timeout, Arm cheaper than x86", () => {
            const fn = (arch: string): CostResource[] => [{ type: "aws:lambda/function:Function", name: "f", inputs: { architectures: [arch], memorySize: 1024, timeout: 100 } }];
            const runs = { ...ASSUMPTIONS, lambdaInvocationsPerFunction: 1000 };
            const [arm] = estimate(fn("arm64"), runs).lines.filter((l) => l.type === "aws:lambda/function:Function");
            const [x86] = estimate(fn("x86_64"), runs).lines.filter((l) => l.type === "aws:lambda/function:Function");
            expect(arm.monthlyMin).to.equal(0);
            expect(arm.monthlyMax).to.be.closeTo(1000 * 100 * table.lambdaArmGbSecond!.usd, 0.01);
            expect(arm.monthlyMax).to.be.below(x86.monthlyMax);
        });
    });

    describe("unpriced, free and regions", () => {
        it("lists a type the table does not price with its count, and never lists a free type", () => {
            const result = estimate([
                { type: "aws:s3/bucket:Bucket", name: "b1", inputs: {} },
                { type: "aws:s3/bucket:Bucket", name: "b2", inputs: {} },
                { type: "aws:iam/role:Role", name: "r", inputs: {} },
                { type: "aws:made/up:Thing", name: "t", inputs: {} },
            ]);
            expect(result.unpriced.map((u) => [u.type, u.count])).to.deep.equal([["aws:made/up:Thing", 1], ["aws:s3/bucket:Bucket", 2]]);
            expect(result.total).to.deep.equal({ min: 0, max: 0 });
            expect(isFree("aws:iam/role:Role")).to.equal(true);
        });

        it("refuses a region without prices, naming it and the regions it has", () => {
            expect(() => estimateCost([], "eu-central-1", ASSUMPTIONS)).to.throw(UnknownRegionError, /no prices for region eu-central-1: the cost table \(review\/cost\/prices\.ts\) has us-east-1, us-west-2/);
            expect(() => estimateCost([{ type: "aws:kms/key:Key", name: "k", inputs: {}, region: "ap-south-1" }], REGION, ASSUMPTIONS)).to.throw(UnknownRegionError, /ap-south-1/);
        });

        it("prices a resource in another region from that region's table", () => {
            const result = estimateCost([{ type: "aws:kms/key:Key", name: "dr-key", inputs: {}, region: "us-west-2" }], REGION, ASSUMPTIONS);
            expect(result.lines.filter((l) => l.type === "aws:kms/key:Key").map((l) => [l.resource, l.monthlyMin])).to.deep.equal([["dr-key", pricesFor("us-west-2").kmsKeyMonth!.usd]]);
        });

        it("has a source and a lookup date for every price of every region", () => {
            const prices = (node: unknown): { source: string; lookedUp: string }[] =>
                node && typeof node === "object" ? ("usd" in node ? [node as unknown as { source: string; lookedUp: string }] : Object.values(node).flatMap(prices)) : [];
            for (const region of ["us-east-1", "us-west-2"]) {
                const all = prices(pricesFor(region));
                expect(all.length).to.be.greaterThan(0);
                for (const p of all) {
                    expect(p.source).to.match(/https:\/\//);
                    expect(p.lookedUp).to.match(/^\d{4}-\d{2}-\d{2}$/);
                }
            }
        });
    });
});
