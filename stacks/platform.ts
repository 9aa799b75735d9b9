// The composition of one environment: validated config in, tiers built in order, stack outputs
// out. `pulumi up`, the tests and the offline plan all run this same function (index.ts
// exports it). Each tier's wiring lives in stacks/<tier>.ts.
import * as pulumi from "@pulumi/pulumi";
import { assertChangesApplicable, DEPLOYED_SHAPE_OUTPUT, shapeOf } from "./change-guard";
import { loadPlatformConfig, PlatformConfig } from "./config/load";
import { createAwsProvider, TierContext } from "./context";
import { buildNetworkTier, networkOutputs } from "./network";
import { assertAccountReady } from "./preflight";

/** Entry point of the Pulumi program. */
export async function runPlatform() {
    const config = loadPlatformConfig({
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        values: pulumi.runtime.allConfig(),
    });
    return buildPlatform(config);
}

export async function buildPlatform(config: PlatformConfig) {
    const context: TierContext = { config, namePrefix: config.namePrefix, providers: { aws: createAwsProvider(config) } };
    // Nothing but the provider is declared until the account and the change are known to be fine.
    await assertAccountReady(config, context.providers.aws);
    await assertChangesApplicable(config);

    const network = buildNetworkTier(context);

    return {
        environment: config.environment,
        region: config.region,
        namePrefix: config.namePrefix,
        [DEPLOYED_SHAPE_OUTPUT]: shapeOf(config),
        network: networkOutputs(network),
    };
}

export type PlatformOutputs = Awaited<ReturnType<typeof buildPlatform>>;
