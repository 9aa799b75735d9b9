// The services' alarms (issue 20), built last: they read the edge tier's handle (the ALB's
// metric dimensions) and the compute tier's (cluster and service names), and notify the alerts topic. With observability off (dev) none is declared.
import { ServiceAlarms } from "../components/observability/service-alarms";
import { TierContext } from "./context";
import { ComputeTier } from "./compute";
import { EdgeTier } from "./edge";
import { clusterNameOf } from "./service-names";

export interface AlarmsTier {
    readonly service?: ServiceAlarms;
}

export function buildAlarmsTier({ config, namePrefix, providers, notifications }: TierContext, { edge, compute }: { edge: EdgeTier; compute: ComputeTier }): AlarmsTier {
    const settings = config.observability;
    if (!settings.enabled) return {};
    const service = new ServiceAlarms(`${namePrefix}-service-alarms`, {
        namePrefix,
        albArnSuffix: edge.albArnSuffix,
        availabilityObjectivePercent: settings.availabilityObjectivePercent,
        burnRates: settings.burnRates,
        targetGroupArnSuffixes: Object.fromEntries(Object.entries(edge.albTargetGroups).map(([service, group]) => [service, group.arnSuffix])),
        p99LatencyMs: settings.p99LatencyMs,
        clusterName: clusterNameOf(namePrefix),
        serviceNames: compute.serviceNames,
        paging: settings.paging,
        notifications,
    }, { providers: [providers.aws] });
    return { service };
}
