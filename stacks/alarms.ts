// The services' alarms (issue 20), built last: they read the edge tier's handle (the ALB's
// metric dimensions) and notify the alerts topic. With observability off (dev) none is declared.
import { ServiceAlarms } from "../components/observability/service-alarms";
import { TierContext } from "./context";
import { EdgeTier } from "./edge";

export interface AlarmsTier {
    readonly service?: ServiceAlarms;
}

export function buildAlarmsTier({ config, namePrefix, providers, notifications }: TierContext, { edge }: { edge: EdgeTier }): AlarmsTier {
    const settings = config.observability;
    if (!settings.enabled) return {};
    const service = new ServiceAlarms(`${namePrefix}-service-alarms`, {
        namePrefix,
        albArnSuffix: edge.albArnSuffix,
        availabilityObjectivePercent: settings.availabilityObjectivePercent,
        burnRates: settings.burnRates,
        targetGroupArnSuffixes: Object.fromEntries(Object.entries(edge.albTargetGroups).map(([service, group]) => [service, group.arnSuffix])),
        p99LatencyMs: settings.p99LatencyMs,
        paging: settings.paging,
        notifications,
    }, { providers: [providers.aws] });
    return { service };
}
