// Checks against the real account that config validation cannot make offline. They run after
// the provider exists and before any other resource is declared.
import * as aws from "@pulumi/aws";
import { ConfigValidationError } from "./config/errors";
import { PlatformConfig } from "./config/derive";

/** Every configured zone must be an available zone of the region in this account. */
export async function assertZonesAvailable(config: PlatformConfig, provider: aws.Provider): Promise<void> {
    const available = await aws.getAvailabilityZones({ state: "available" }, { provider });
    const problems = config.network.zones
        .map((z, index) => ({ zone: z.availabilityZone, index }))
        .filter(({ zone }) => !available.names.includes(zone))
        .map(({ zone, index }) => ({
            key: `${config.project}:network.availabilityZones[${index}]`,
            message: `${zone} is not an available zone of ${config.region} in this account; available: ${available.names.join(", ")}`,
        }));
    if (problems.length > 0) {
        throw new ConfigValidationError(config.environment, problems);
    }
}
