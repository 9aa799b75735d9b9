// The tier contract (issue 18, stacks/tier.ts): each builder takes the handles it needs by name and
// returns the ids later tiers need. The observability tier alarms on CloudWatch dimensions: the
// RDS identifier, the cache's replication group, the cluster and service names, the load
// balancers' and target groups' ARN suffixes. Each must be the one of the declared resource.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { NO_NOTIFICATIONS } from "../../components/observability/alarm-actions";
import { buildProgram, buildStack, BuiltStack } from "../../offline/build";
import { loadPlatformConfig } from "../../stacks/config/load";
import { createAwsProvider, TierContext } from "../../stacks/context";
import { buildTiers, isConfigSecret } from "../../stacks/platform";

/** The tiers composed by stacks/platform.ts's own buildTiers, returning the handles' ids instead of the stack outputs. */
function tiersProgram() {
    const values = pulumi.runtime.allConfig();
    const config = loadPlatformConfig({ project: pulumi.getProject(), stack: pulumi.getStack(), values, secretKeys: Object.keys(values).filter(isConfigSecret) });
    const context: TierContext = { config, namePrefix: config.namePrefix, providers: { aws: createAwsProvider(config) }, notifications: NO_NOTIFICATIONS };
    const { keys, network, data, secrets, edge, compute, accessLogs } = buildTiers(context);
    return {
        rdsIdentifier: data.postgres.identifier,
        replicationGroupId: data.cache.replicationGroupId,
        clusterName: compute.clusterName,
        serviceNames: compute.serviceNames,
        albArnSuffix: edge.albArnSuffix,
        albTargetGroupArnSuffixes: Object.fromEntries(Object.entries(edge.albTargetGroups).map(([service, group]) => [service, group.arnSuffix])),
        nlb: edge.nlb ? { service: edge.nlb.service, arnSuffix: edge.nlb.arnSuffix, targetGroupArnSuffix: edge.nlb.targetGroupArnSuffix } : null,
        outputs: { keys: keys.outputs, network: network.outputs, data: data.outputs, secrets: secrets.outputs, edge: edge.outputs, compute: compute.outputs, accessLogs: accessLogs.outputs },
    };
}

for (const stack of ["dev", "production"]) {
    describe(`tier handles of ${stack}`, () => {
        let built: BuiltStack;
        let ids: Record<string, any>;
        before(async () => {
            built = await buildProgram(tiersProgram, stack);
            ids = built.outputs;
        });

        it("carry the RDS identifier and the cache's replication group id", () => {
            expect(ids.rdsIdentifier).to.equal(built.one("aws:rds/instance:Instance").outputs?.identifier).and.equal(`hse-${stack}-postgres`);
            expect(ids.replicationGroupId).to.equal(built.one("aws:elasticache/replicationGroup:ReplicationGroup").outputs?.replicationGroupId).and.equal(`hse-${stack}-cache`);
        });

        it("carry the cluster's name and each service's name", () => {
            expect(ids.clusterName).to.equal(built.one("aws:ecs/cluster:Cluster").outputs?.name);
            const services = built.ofType("aws:ecs/service:Service");
            expect(Object.values(ids.serviceNames)).to.have.members(services.map((s) => s.outputs?.name)).and.have.length(services.length);
            for (const [name, serviceName] of Object.entries(ids.serviceNames)) expect(serviceName).to.equal(`hse-${stack}-${name}`);
        });

        it("carry the ARN suffixes of the load balancers and their target groups", () => {
            const balancers = built.ofType("aws:lb/loadBalancer:LoadBalancer");
            const suffixOf = (type: string) => balancers.find((b) => b.inputs.loadBalancerType === type)?.outputs?.arnSuffix;
            expect(ids.albArnSuffix).to.be.a("string").and.equal(suffixOf("application"));
            const groups = built.ofType("aws:lb/targetGroup:TargetGroup");
            const albGroups = groups.filter((g) => g.inputs.protocol !== "TCP");
            expect(Object.values(ids.albTargetGroupArnSuffixes)).to.have.members(albGroups.map((g) => g.outputs?.arnSuffix)).and.have.length(albGroups.length);
            expect(ids.nlb.arnSuffix).to.be.a("string").and.equal(suffixOf("network"));
            expect(ids.nlb.targetGroupArnSuffix).to.be.a("string").and.equal(groups.find((g) => g.inputs.protocol === "TCP")?.outputs?.arnSuffix);
        });

        it("return the same stack outputs the platform exports", async () => {
            const platform = (await buildStack(stack)).outputs;
            for (const tier of ["keys", "network", "data", "secrets", "edge", "compute", "accessLogs"]) {
                expect(Object.keys(ids.outputs[tier]), tier).to.have.members(Object.keys(platform[tier]));
            }
        });
    });
}
