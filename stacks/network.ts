// Wiring of the network tier: the VPC, the security-group matrix, flow logs and endpoints,
// from the network section (plus the data tier's ports, which the matrix opens).
import * as pulumi from "@pulumi/pulumi";
import { FlowLogs } from "../components/network/flow-logs";
import { Network } from "../components/network/network";
import { SecurityGroupKey } from "../components/network/security-group-matrix";
import { SecurityGroups } from "../components/network/security-groups";
import { VpcEndpoints } from "../components/network/vpc-endpoints";
import { TierContext } from "./context";
import { KeysTier } from "./keys";
import { serviceAccess } from "./service-access";
import { TierHandle } from "./tier";

/** What later tiers receive from the network. */
export type NetworkTier = NetworkIds & TierHandle<ReturnType<typeof networkOutputs>>;

interface NetworkIds {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: string;
    readonly availabilityZones: readonly string[];
    readonly subnetIds: { readonly public: pulumi.Output<string>[]; readonly private: pulumi.Output<string>[]; readonly database: pulumi.Output<string>[] };
    readonly natGatewayIds: pulumi.Output<string>[];
    readonly securityGroupIds: Record<SecurityGroupKey, pulumi.Output<string>>;
    /** Per service of config: its own group, which reaches the data stores it reads (decision 0039). */
    readonly serviceSecurityGroupIds: Readonly<Record<string, pulumi.Output<string>>>;
    readonly subnetGroups: { readonly database: pulumi.Output<string>; readonly cache: pulumi.Output<string> };
    readonly flowLogGroupName?: pulumi.Output<string>;
    readonly interfaceEndpoints: readonly string[];
    /** Per zone, in zone order: the private subnets' CIDRs (where services and functions run). */
    readonly privateSubnetCidrs: readonly string[];
    /** What the tier costs by, as its components declared it (docs/outputs.md). */
    readonly sizing: Network["sizing"] & VpcEndpoints["sizing"];
}

export function buildNetworkTier({ config, namePrefix, providers }: TierContext, { keys }: { keys: KeysTier }): NetworkTier {
    const settings = config.network;
    const opts: pulumi.ComponentResourceOptions = { providers: [providers.aws] };
    const network = new Network(`${namePrefix}-network`, {
        namePrefix,
        vpcCidr: settings.vpcCidr,
        zones: settings.zones,
        natGateways: settings.natGateways,
        protect: config.protectStatefulResources,
    }, opts);

    const securityGroups = new SecurityGroups(`${namePrefix}-security-groups`, {
        namePrefix,
        vpcId: network.vpcId,
        ports: { ...settings.ports, postgres: config.postgres.port, timescale: config.timescale.port, redis: config.cache.port },
        albIngress: settings.albIngress,
        devicesIngressCidrs: settings.devicesIngressCidrs,
        serviceInternetEgress: settings.serviceInternetEgress,
        externalTimescalePort: config.timescale.mode === "external" ? config.timescale.port : undefined,
        services: serviceAccess(config.services),
    }, opts);

    const flowLogs = settings.flowLogs.enabled
        ? new FlowLogs(`${namePrefix}-flow-logs`, {
              namePrefix,
              vpcId: network.vpcId,
              retentionInDays: settings.flowLogs.retentionInDays,
              trafficType: settings.flowLogs.trafficType,
              maxAggregationIntervalSeconds: settings.flowLogs.maxAggregationIntervalSeconds,
              protect: config.protectStatefulResources,
              kmsKeyArn: keys.logs.arn,
          }, opts)
        : undefined;

    const endpoints = new VpcEndpoints(`${namePrefix}-endpoints`, {
        namePrefix,
        region: config.region,
        vpcId: network.vpcId,
        vpcCidr: settings.vpcCidr,
        // Buckets are named <namePrefix>-<purpose>-... (the keys' policies rely on the same).
        bucketPrefix: `${namePrefix}-`,
        gatewayRouteTableIds: [...network.privateRouteTableIds, network.databaseRouteTableId],
        interfaceServices: settings.interfaceEndpoints,
        interfaceSubnetIds: network.privateSubnetIds,
    }, opts);

    const handle: NetworkIds = {
        vpcId: network.vpcId,
        vpcCidr: settings.vpcCidr,
        availabilityZones: settings.zones.map((z) => z.availabilityZone),
        subnetIds: { public: network.publicSubnetIds, private: network.privateSubnetIds, database: network.databaseSubnetIds },
        natGatewayIds: network.natGatewayIds,
        securityGroupIds: securityGroups.ids,
        serviceSecurityGroupIds: securityGroups.serviceIds,
        subnetGroups: { database: network.dbSubnetGroupName, cache: network.cacheSubnetGroupName },
        flowLogGroupName: flowLogs?.logGroupName,
        interfaceEndpoints: [...settings.interfaceEndpoints],
        privateSubnetCidrs: settings.zones.map((z) => z.privateSubnetCidr),
        sizing: { ...network.sizing, ...endpoints.sizing },
    };
    return { ...handle, outputs: networkOutputs(handle) };
}

/** What every function in the VPC runs in: the private subnets and the data functions' security group. */
export function functionPlacement(network: Pick<NetworkTier, "subnetIds" | "securityGroupIds">) {
    return { subnetIds: network.subnetIds.private, securityGroupIds: [network.securityGroupIds["data-functions"]] };
}

/** The network's stack outputs (what CI, people and the review read). */
function networkOutputs(tier: NetworkIds) {
    return {
        vpcId: tier.vpcId,
        vpcCidr: tier.vpcCidr,
        availabilityZones: [...tier.availabilityZones],
        subnetIds: tier.subnetIds,
        natGatewayIds: tier.natGatewayIds,
        securityGroupIds: tier.securityGroupIds,
        serviceSecurityGroupIds: tier.serviceSecurityGroupIds,
        subnetGroups: tier.subnetGroups,
        flowLogGroupName: tier.flowLogGroupName ?? null,
        interfaceEndpoints: [...tier.interfaceEndpoints],
        sizing: tier.sizing,
    };
}
