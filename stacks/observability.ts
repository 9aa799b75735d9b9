// Wiring of observability (issue 20): the alerts topic every alarm of the stack notifies, built
// right after the keys (it is encrypted with the data key) and before the tiers, whose alarms
// receive it as an argument; and the stack output naming the topic and every alarm.
import * as pulumi from "@pulumi/pulumi";
import { alarmNotifications, AlarmNotifications } from "../components/observability/alarm-actions";
import { Notifications } from "../components/observability/notifications";
import { ALERTS_WEBHOOK_KEY } from "./config/observability";
import { TierContext } from "./context";
import { KeysTier } from "./keys";

export interface ObservabilityTier {
    /** What the tiers' alarms notify; it records their names. */
    readonly notifications: AlarmNotifications;
    /** Absent when observability is off (dev): no topic, alarms keep only their own actions. */
    readonly topicArn?: pulumi.Output<string>;
    readonly alarmNames: readonly pulumi.Output<string>[];
}

export function buildObservabilityTier({ config, namePrefix, providers }: TierContext, { keys }: { keys: KeysTier }): ObservabilityTier {
    const settings = config.observability;
    if (!settings.enabled) {
        const off = alarmNotifications([]);
        return { notifications: off, alarmNames: off.alarmNames };
    }
    const webhook = config.secretValues[ALERTS_WEBHOOK_KEY];
    const alerts = new Notifications(`${namePrefix}-alerts`, {
        namePrefix,
        // The data key: SNS holds the alarms' messages at rest; its policy lets CloudWatch and
        // EventBridge use it for the stack's topics only (key-policies.ts, decision 0038).
        kmsKeyArn: keys.data.arn,
        emails: settings.notifications.emails,
        httpsEndpoints: settings.notifications.httpsEndpoints,
        secretHttpsEndpoint: webhook === undefined ? undefined : pulumi.secret(webhook),
    }, { providers: [providers.aws] });
    const notifications = alarmNotifications([alerts.topicArn]);
    return { notifications, topicArn: alerts.topicArn, alarmNames: notifications.alarmNames };
}

/** `observability`: the topic's ARN and every alarm's name (docs/observability.md: make one fire). */
export function observabilityOutputs(tier: ObservabilityTier) {
    return { topicArn: tier.topicArn ?? null, alarmNames: pulumi.all([...tier.alarmNames]) };
}
