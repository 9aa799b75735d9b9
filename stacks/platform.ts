// The composition of one environment: validated config in, tiers built in order, stack outputs
// out. `pulumi up`, the tests and the offline plan all run this same function (index.ts
// exports it). Each tier's wiring lives in stacks/<tier>.ts.
import * as pulumi from "@pulumi/pulumi";
import { NO_NOTIFICATIONS } from "../components/observability/alarm-actions";
import { buildAccessLogsTier } from "./access-logs";
import { assertChangesApplicable, DEPLOYED_SHAPE_OUTPUT, shapeOf } from "./change-guard";
import { loadPlatformConfig, PlatformConfig } from "./config/load";
import { configWarnings, formatWarning } from "./config/warnings";
import { createAwsProvider, TierContext } from "./context";
import { buildAlarmsTier } from "./alarms";
import { buildComputeTier } from "./compute";
import { collectCostInputs } from "./cost";
import { buildDataTier } from "./data";
import { buildEdgeTier } from "./edge";
import { buildKeysTier } from "./keys";
import { buildNetworkTier } from "./network";
import { buildObservabilityTier, observabilityOutputs } from "./observability";
import { assertAccountReady } from "./preflight";
import { buildSecretsTier } from "./secrets";

/**
 * Whether a config key was set as a secret. The SDK exports this at run time without a type;
 * should it ever disappear, every key counts as secret (the check is lost, nothing breaks).
 */
export function isConfigSecret(key: string): boolean {
    const check = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    return check ? check(key) : true;
}

/** Entry point of the Pulumi program. */
export async function runPlatform() {
    const config = loadPlatformConfig({
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        values: pulumi.runtime.allConfig(),
        secretKeys: Object.keys(pulumi.runtime.allConfig()).filter(isConfigSecret),
    });
    return buildPlatform(config);
}

export async function buildPlatform(config: PlatformConfig) {
    // First, so it sees every resource: records what the cost estimate reads (stacks/cost.ts).
    const cost = collectCostInputs();
    const context: TierContext = { config, namePrefix: config.namePrefix, providers: { aws: createAwsProvider(config) }, notifications: NO_NOTIFICATIONS };
    // Nothing but the provider is declared until the account and the change are known to be fine.
    await assertAccountReady(config, context.providers.aws);
    await assertChangesApplicable(config);
    for (const warning of configWarnings(config)) void pulumi.log.warn(formatWarning(warning));

    const { keys, observability, network, data, secrets, edge, compute, accessLogs } = buildTiers(context);

    return {
        environment: config.environment,
        region: config.region,
        namePrefix: config.namePrefix,
        [DEPLOYED_SHAPE_OUTPUT]: shapeOf(config),
        keys: keys.outputs,
        network: network.outputs,
        data: data.outputs,
        secrets: secrets.outputs,
        edge: edge.outputs,
        compute: compute.outputs,
        accessLogs: accessLogs.outputs,
        costEstimate: cost.estimate(config.region, config.cost.assumptions),
        // Read last: by now every tier has declared its alarms, whose names it lists.
        observability: observabilityOutputs(observability),
    };
}

/** The tiers in order (stacks/tier.ts): each takes the handles of the tiers it needs, by name. */
export function buildTiers(context: TierContext) {
    const keys = buildKeysTier(context);
    // The alerts topic, before the tiers: every alarm they declare notifies it.
    const observability = buildObservabilityTier(context, { keys });
    const tiers: TierContext = { ...context, notifications: observability.notifications };
    const network = buildNetworkTier(tiers, { keys });
    const data = buildDataTier(tiers, { keys, network });
    const secrets = buildSecretsTier(tiers, { keys, network, data });
    const edge = buildEdgeTier(tiers, { keys, network });
    const compute = buildComputeTier(tiers, { keys, network, data, secrets, edge });
    const accessLogs = buildAccessLogsTier(tiers, { tiers: [keys, network, data, secrets, edge, compute] });
    // Last: the services' alarms read the other tiers' handles.
    buildAlarmsTier(tiers, { edge, compute });
    return { keys, observability, network, data, secrets, edge, compute, accessLogs };
}

export type PlatformOutputs = Awaited<ReturnType<typeof buildPlatform>>;
