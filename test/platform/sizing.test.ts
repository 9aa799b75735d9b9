// The `sizing` outputs (issue 19): what each tier costs by, read from the stack outputs alone. Each
// figure must be the one the declared resource carries, in every stack and after a resize, so a
// review of a deployed stack from its outputs sees what AWS bills.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { buildStack, BuiltStack } from "../../offline/build";
import { editSection } from "../config/edit";

const T = {
    rds: "aws:rds/instance:Instance",
    ec2: "aws:ec2/instance:Instance",
    volume: "aws:ebs/volume:Volume",
    dlm: "aws:dlm/lifecyclePolicy:LifecyclePolicy",
    cache: "aws:elasticache/replicationGroup:ReplicationGroup",
    task: "aws:ecs/taskDefinition:TaskDefinition",
    service: "aws:ecs/service:Service",
    scalingTarget: "aws:appautoscaling/target:Target",
    nat: "aws:ec2/natGateway:NatGateway",
    subnet: "aws:ec2/subnet:Subnet",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    distribution: "aws:cloudfront/distribution:Distribution",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    key: "aws:kms/key:Key",
    secret: "aws:secretsmanager/secret:Secret",
    rotation: "aws:secretsmanager/secretRotation:SecretRotation",
    function: "aws:lambda/function:Function",
};

type Outputs = Record<string, any>;

/** Every sizing figure, next to the input of the declared resource it must equal. */
function sizingPairs(built: BuiltStack, stack: string): [string, unknown, unknown][] {
    const out = built.outputs as Outputs;
    const pairs: [string, unknown, unknown][] = [];
    const pair = (what: string, output: unknown, input: unknown) => pairs.push([what, output, input]);

    const postgres = out.data.sizing.postgres;
    const rds = built.subtree(`hse-${stack}-postgres`).one(T.rds).inputs;
    pair("postgres.instanceClass", postgres.instanceClass, rds.instanceClass);
    pair("postgres.multiAz", postgres.multiAz, rds.multiAz);
    pair("postgres.storageType", postgres.storageType, rds.storageType);
    pair("postgres.allocatedStorageGb", postgres.allocatedStorageGb, rds.allocatedStorage);
    pair("postgres.maxAllocatedStorageGb", postgres.maxAllocatedStorageGb, rds.maxAllocatedStorage);
    pair("postgres.iops", postgres.iops, rds.iops ?? null);
    pair("postgres.storageThroughputMibps", postgres.storageThroughputMibps, rds.storageThroughput ?? null);
    pair("postgres.backupRetentionDays", postgres.backupRetentionDays, rds.backupRetentionPeriod);
    pair("postgres.monitoringIntervalSeconds", postgres.monitoringIntervalSeconds, rds.monitoringInterval);
    pair("postgres.performanceInsightsRetentionDays", postgres.performanceInsightsRetentionDays, rds.performanceInsightsRetentionPeriod ?? null);

    const timescale = out.data.sizing.timescale;
    pair("timescale.mode", timescale.mode, out.data.timescale.mode);
    if (timescale.mode === "self-managed") {
        const set = built.subtree(`hse-${stack}-timescale`);
        const instance = set.one(T.ec2).inputs;
        const volume = set.one(T.volume).inputs;
        pair("timescale.instanceType", timescale.instanceType, instance.instanceType);
        pair("timescale.rootVolume", timescale.rootVolume, { type: instance.rootBlockDevice.volumeType, sizeGb: instance.rootBlockDevice.volumeSize });
        pair("timescale.dataVolume", timescale.dataVolume, { type: volume.type, sizeGb: volume.size, iops: volume.iops, throughputMibps: volume.throughput });
        pair("timescale.snapshotsKept", timescale.snapshotsKept, set.one(T.dlm).inputs.policyDetails.schedules[0].retainRule.count);
    }

    const cache = out.data.sizing.cache;
    const group = built.subtree(`hse-${stack}-cache`).one(T.cache).inputs;
    const clustered = group.clusterMode === "enabled";
    pair("cache.engine", cache.engine, group.engine);
    pair("cache.nodeType", cache.nodeType, group.nodeType);
    pair("cache.clusterMode", cache.clusterMode, group.clusterMode);
    pair("cache.shards", cache.shards, clustered ? group.numNodeGroups : 1);
    pair("cache.replicasPerShard", cache.replicasPerShard, clustered ? group.replicasPerNodeGroup : group.numCacheClusters - 1);
    pair("cache.nodes", cache.nodes, clustered ? group.numNodeGroups * (1 + group.replicasPerNodeGroup) : group.numCacheClusters);
    pair("cache.multiAz", cache.multiAz, group.multiAzEnabled);
    pair("cache.snapshotRetentionDays", cache.snapshotRetentionDays, group.snapshotRetentionLimit);

    const services = out.compute.sizing.services;
    pair("services", Object.keys(services).length, built.ofType(T.service).length);
    for (const [name, sizing] of Object.entries<any>(services)) {
        const set = built.subtree(`hse-${stack}-${name}`);
        const task = set.one(T.task).inputs;
        const service = set.one(T.service).inputs;
        const target = built.subtree(`hse-${stack}-${name}-scaling`).one(T.scalingTarget).inputs;
        pair(`${name}.cpu`, String(sizing.cpu), task.cpu);
        pair(`${name}.memory`, String(sizing.memory), task.memory);
        pair(`${name}.architecture`, sizing.architecture, task.runtimePlatform.cpuArchitecture);
        pair(`${name}.capacityProvider`, sizing.capacityProvider, service.capacityProviderStrategies[0].capacityProvider);
        pair(`${name}.desiredCount`, sizing.desiredCount, service.desiredCount);
        pair(`${name}.minCount`, sizing.minCount, target.minCapacity);
        pair(`${name}.maxCount`, sizing.maxCount, target.maxCapacity);
    }

    const network = out.network.sizing;
    const interfaceEndpoints = built.ofType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
    pair("network.natGateways", network.natGateways, built.ofType(T.nat).length);
    pair("network.availabilityZones", network.availabilityZones, built.ofType(T.subnet).length / 3);
    pair("network.interfaceEndpoints", [...network.interfaceEndpoints].sort(), interfaceEndpoints.map((e) => e.inputs.serviceName.split(".").slice(3).join(".")).sort());
    pair("network.zonesPerInterfaceEndpoint", network.zonesPerInterfaceEndpoint, interfaceEndpoints[0]?.inputs.subnetIds.length ?? 0);

    const edge = out.edge.sizing;
    const balancers = built.ofType(T.loadBalancer);
    pair("edge.applicationLoadBalancers", edge.applicationLoadBalancers, balancers.filter((b) => b.inputs.loadBalancerType === "application").length);
    pair("edge.networkLoadBalancers", edge.networkLoadBalancers, balancers.filter((b) => b.inputs.loadBalancerType === "network").length);
    const distribution = built.ofType(T.distribution)[0];
    pair("edge.cloudFront", edge.cloudFront, distribution ? { priceClass: distribution.inputs.priceClass, webAclRules: built.one(T.webAcl).inputs.rules.length } : null);

    pair("keys.customerManagedKeys", out.keys.sizing.customerManagedKeys, built.subtree(`hse-${stack}-keys`).ofType(T.key).length);

    const secrets = out.secrets.sizing;
    const [jwt, newRelic, redeploy] = ["jwt", "newrelic", "secret-change-redeploy"].map((name) => built.subtree(`hse-${stack}-${name}`));
    pair("secrets.secrets", secrets.secrets, jwt.ofType(T.secret).length + newRelic.ofType(T.secret).length);
    pair("secrets.rotations.jwt.everyDays", secrets.rotations.jwt.everyDays, jwt.one(T.rotation).inputs.rotationRules.automaticallyAfterDays);
    pair("secrets.functions", secrets.functions, jwt.ofType(T.function).length + redeploy.ofType(T.function).length);
    return pairs;
}

/** [path, value] of every leaf of `value` (a secret counts as a leaf). */
function leavesOf(value: unknown, path = "$"): [string, unknown][] {
    if (pulumi.runtime.isRpcSecret(value)) return [[path, value]];
    if (Array.isArray(value)) return value.flatMap((v, i) => leavesOf(v, `${path}[${i}]`));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leavesOf(v, `${path}.${k}`));
    return [[path, value]];
}

function expectSizingMatches(built: BuiltStack, stack: string) {
    for (const [what, output, input] of sizingPairs(built, stack)) expect(output, what).to.deep.equal(input);
}

for (const stack of ["dev", "staging", "production"]) {
    describe(`sizing outputs of ${stack}`, () => {
        let built: BuiltStack;
        before(async () => {
            built = await buildStack(stack);
        });

        it("equal the inputs of the resources they describe, for every tier", () => {
            expectSizingMatches(built, stack);
        });

        it("are plain values for every tier: numbers, names and flags, no secret, no reference to a resource", () => {
            const sizing = Object.fromEntries(Object.entries(built.outputs as Outputs).filter(([, v]) => v && typeof v === "object" && "sizing" in v).map(([tier, v]) => [tier, v.sizing]));
            expect(Object.keys(sizing)).to.have.members(["keys", "network", "data", "secrets", "edge", "compute"]);
            const leaves = leavesOf(sizing);
            expect(leaves.length).to.be.at.least(40);
            for (const [path, leaf] of leaves) {
                expect(Boolean(pulumi.runtime.isRpcSecret(leaf)), path).to.equal(false);
                expect(leaf === null || ["string", "number", "boolean"].includes(typeof leaf), path).to.equal(true);
                // Classes, types and names of services; never an ARN or an id a deployment makes.
                if (typeof leaf === "string") expect(leaf, path).to.not.match(/^arn:|^(vpc|subnet|sg|nat|i|vol)-[0-9a-f]+$|mock/);
            }
        });
    });
}

describe("sizing outputs after a resize", () => {
    it("follow the config into both the resources and the outputs", async () => {
        const built = await buildStack("dev", {
            editConfig: (values) => {
                editSection("postgres", (p) => { p.instanceClass = "db.r6g.large"; p.allocatedStorageGb = 100; p.maxAllocatedStorageGb = 200; })(values);
                editSection("timescale", (t) => { t.instanceType = "r6g.large"; t.dataVolume.sizeGb = 200; })(values);
                editSection("cache", (c) => { c.nodeType = "cache.r6g.large"; })(values);
                editSection("services", (s) => { s.monolith.maxCount = 3; })(values);
            },
        });
        expectSizingMatches(built, "dev");
        const out = built.outputs as Outputs;
        expect(out.data.sizing.postgres).to.include({ instanceClass: "db.r6g.large", allocatedStorageGb: 100, maxAllocatedStorageGb: 200 });
        expect(out.data.sizing.timescale.instanceType).to.equal("r6g.large");
        expect(out.data.sizing.timescale.dataVolume.sizeGb).to.equal(200);
        expect(out.data.sizing.cache.nodeType).to.equal("cache.r6g.large");
        expect(out.compute.sizing.services.monolith.maxCount).to.equal(3);
    });
});
