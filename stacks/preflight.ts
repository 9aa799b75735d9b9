// Checks against the real account that config validation cannot make offline. They run after
// the provider exists and before any other resource is declared.
import * as aws from "@pulumi/aws";
import { ConfigProblem, ConfigValidationError } from "./config/errors";
import { PlatformConfig } from "./config/load";

/** Every configured zone must be an available zone of the region in this account. */
async function unavailableZones(config: PlatformConfig, provider: aws.Provider): Promise<ConfigProblem[]> {
    const available = await aws.getAvailabilityZones({ state: "available" }, { provider });
    return config.network.zones
        .map((z, index) => ({ zone: z.availabilityZone, index }))
        .filter(({ zone }) => !available.names.includes(zone))
        .map(({ zone, index }) => ({
            key: `${config.project}:network.availabilityZones[${index}]`,
            message: `${zone} is not an available zone of ${config.region} in this account; available: ${available.names.join(", ")}`,
        }));
}

/**
 * The credentials must belong to the configured account. The provider's allowedAccountIds
 * refuses them too; this says which key to check, in the same words as every config problem.
 */
async function wrongAccount(config: PlatformConfig, provider: aws.Provider): Promise<ConfigProblem[]> {
    if (config.accountId === undefined) return [];
    const { accountId } = await aws.getCallerIdentity({}, { provider });
    return accountId === config.accountId
        ? []
        : [{ key: `${config.project}:accountId`, message: `is ${config.accountId} but the AWS credentials belong to account ${accountId}; select the profile of ${config.environment}'s account (AWS_PROFILE), or fix accountId` }];
}

export async function assertAccountReady(config: PlatformConfig, provider: aws.Provider): Promise<void> {
    const problems = [...(await wrongAccount(config, provider)), ...(await unavailableZones(config, provider))];
    if (problems.length > 0) {
        throw new ConfigValidationError(config.environment, problems);
    }
}
