// Pure layout logic of the network tier: which zones get a NAT gateway and which NAT each
// private subnet routes through. Kept apart from the component so it is unit-tested directly.

/** How many NAT gateways the private subnets get (names as awsx's NatGatewayStrategy). */
export const NAT_GATEWAY_STRATEGIES = ["None", "Single", "OnePerAz"] as const;
export type NatGatewayStrategy = (typeof NAT_GATEWAY_STRATEGIES)[number];

/** One availability zone and the three subnets the network puts in it. */
export interface ZoneLayout {
    readonly availabilityZone: string;
    readonly publicSubnetCidr: string;
    readonly privateSubnetCidr: string;
    readonly databaseSubnetCidr: string;
}

export interface NatPlan {
    /** Zones that get a NAT gateway (in the zone's public subnet). */
    readonly natZones: readonly string[];
    /** For each zone, the zone whose NAT its private subnet uses; undefined when there is no NAT. */
    readonly egressZoneOf: ReadonlyMap<string, string | undefined>;
}

/**
 * OnePerAz: every zone has its own NAT, so losing one zone never cuts another's egress.
 * Single: one NAT in the first zone, shared by all (the seed's dev/staging layout).
 * None: private subnets have no internet route at all.
 */
export function planNatGateways(strategy: NatGatewayStrategy, zones: readonly string[]): NatPlan {
    const natZones = strategy === "OnePerAz" ? [...zones] : strategy === "Single" ? zones.slice(0, 1) : [];
    const egressZoneOf = new Map<string, string | undefined>(
        zones.map((zone) => [zone, natZones.includes(zone) ? zone : natZones[0]]),
    );
    return { natZones, egressZoneOf };
}
