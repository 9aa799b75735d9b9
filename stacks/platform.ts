// The composition of one environment: reads and validates the stack config, then wires the
// components together and returns the stack outputs. `pulumi up`, the tests and the offline
// plan all run this same function (index.ts exports it).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FlowLogs } from "../components/flow-logs";
import { Network } from "../components/network";
import { SecurityGroups } from "../components/security-groups";
import { VpcEndpoints } from "../components/vpc-endpoints";
import { PlatformConfig } from "./config/derive";
import { loadPlatformConfig } from "./config/load";
import { assertZonesAvailable } from "./preflight";

export interface NetworkOutputs {
    vpcId: pulumi.Output<string>;
    vpcCidr: string;
    availabilityZones: string[];
    subnetIds: { public: pulumi.Output<string>[]; private: pulumi.Output<string>[]; database: pulumi.Output<string>[] };
    natGatewayIds: pulumi.Output<string>[];
    securityGroupIds: Record<string, pulumi.Output<string>>;
    subnetGroups: { database: pulumi.Output<string>; cache: pulumi.Output<string> };
    flowLogGroupName: pulumi.Output<string> | null;
    interfaceEndpoints: string[];
}

export interface PlatformOutputs {
    environment: string;
    region: string;
    namePrefix: string;
    network: NetworkOutputs;
}

/** Entry point of the Pulumi program. */
export async function runPlatform(): Promise<PlatformOutputs> {
    const config = loadPlatformConfig({
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        values: pulumi.runtime.allConfig(),
    });
    return buildPlatform(config);
}

export async function buildPlatform(config: PlatformConfig): Promise<PlatformOutputs> {
    const provider = new aws.Provider(`${config.namePrefix}-aws`, {
        region: config.region,
        defaultTags: { tags: { ...config.defaultTags } },
    });
    await assertZonesAvailable(config, provider);
    return { environment: config.environment, region: config.region, namePrefix: config.namePrefix, network: buildNetworkTier(config, { providers: [provider] }) };
}

function buildNetworkTier(config: PlatformConfig, opts: pulumi.ComponentResourceOptions): NetworkOutputs {
    const { namePrefix, network: settings } = config;
    const network = new Network(`${namePrefix}-network`, {
        namePrefix,
        vpcCidr: settings.vpcCidr,
        zones: settings.zones,
        natGateways: settings.natGateways,
    }, opts);

    const securityGroups = new SecurityGroups(`${namePrefix}-security-groups`, {
        namePrefix,
        vpcId: network.vpcId,
        ports: settings.ports,
        albIngress: settings.albIngress,
        devicesIngressCidrs: settings.devicesIngressCidrs,
        serviceInternetEgress: settings.serviceInternetEgress,
    }, opts);

    const flowLogs = settings.flowLogs.enabled
        ? new FlowLogs(`${namePrefix}-flow-logs`, {
              namePrefix,
              vpcId: network.vpcId,
              retentionInDays: settings.flowLogs.retentionInDays,
              trafficType: settings.flowLogs.trafficType,
              maxAggregationIntervalSeconds: settings.flowLogs.maxAggregationIntervalSeconds,
              retainOnDelete: config.protectStatefulResources,
          }, opts)
        : undefined;

    new VpcEndpoints(`${namePrefix}-endpoints`, {
        namePrefix,
        region: config.region,
        vpcId: network.vpcId,
        vpcCidr: settings.vpcCidr,
        gatewayRouteTableIds: [...network.privateRouteTableIds, network.databaseRouteTableId],
        interfaceServices: settings.interfaceEndpoints,
        interfaceSubnetIds: network.privateSubnetIds,
    }, opts);

    return {
        vpcId: network.vpcId,
        vpcCidr: settings.vpcCidr,
        availabilityZones: settings.zones.map((z) => z.availabilityZone),
        subnetIds: { public: network.publicSubnetIds, private: network.privateSubnetIds, database: network.databaseSubnetIds },
        natGatewayIds: network.natGatewayIds,
        securityGroupIds: securityGroups.ids,
        subnetGroups: { database: network.dbSubnetGroupName, cache: network.cacheSubnetGroupName },
        flowLogGroupName: flowLogs?.logGroupName ?? null,
        interfaceEndpoints: [...settings.interfaceEndpoints],
    };
}
