// Turns the validated config into what the composition needs: names, tags, and the typed
// arguments of each component. Nothing here reads Pulumi config or declares resources.
import { ZoneLayout } from "../../components/network-layout";
import { ParsedNetworkConfig, ParsedPlatformConfig, Environment } from "./schema";

export interface NetworkSettings extends Omit<ParsedNetworkConfig, "availabilityZones" | "publicSubnetCidrs" | "privateSubnetCidrs" | "databaseSubnetCidrs"> {
    readonly zones: readonly ZoneLayout[];
}

export interface PlatformConfig {
    readonly project: string;
    readonly environment: Environment;
    readonly region: string;
    /** Prefix of every physical name: `hse-<env>`. */
    readonly namePrefix: string;
    /** Applied to every AWS resource through the provider's default tags. */
    readonly defaultTags: Readonly<Record<"Project" | "Environment" | "ManagedBy" | "CostCenter" | "Owner", string>>;
    readonly protectStatefulResources: boolean;
    readonly network: NetworkSettings;
}

export const NAME_PREFIX_ROOT = "hse";

export function derivePlatformConfig(project: string, parsed: ParsedPlatformConfig): PlatformConfig {
    const { availabilityZones, publicSubnetCidrs, privateSubnetCidrs, databaseSubnetCidrs, ...network } = parsed.network;
    return {
        project,
        environment: parsed.environment,
        region: parsed.region,
        namePrefix: `${NAME_PREFIX_ROOT}-${parsed.environment}`,
        defaultTags: {
            Project: project,
            Environment: parsed.environment,
            ManagedBy: "pulumi",
            CostCenter: parsed.costCenter,
            Owner: parsed.owner,
        },
        protectStatefulResources: parsed.protectStatefulResources === "true",
        network: {
            ...network,
            zones: availabilityZones.map((availabilityZone, i) => ({
                availabilityZone,
                publicSubnetCidr: publicSubnetCidrs[i],
                privateSubnetCidr: privateSubnetCidrs[i],
                databaseSubnetCidr: databaseSubnetCidrs[i],
            })),
        },
    };
}
