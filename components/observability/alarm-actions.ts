// Every alarm of the stack notifies the alerts topic when it fires and when it recovers
// (issue 20). Components that declare an alarm take an AlarmNotifications argument and declare
// the alarm through notifyingAlarm, which adds the topic to the alarm's own actions and records
// its name for the stack output `observability.alarmNames`.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AlarmNotifications {
    /** The topics every alarm notifies on ALARM and on OK: the alerts topic, or none when observability is off. */
    readonly topicArns: readonly pulumi.Input<string>[];
    /** Called with each alarm's name as it is declared. */
    readonly record: (alarmName: pulumi.Output<string>) => void;
}

/** Notifications that reach nobody: for components declared alone (tests) or with observability off. */
export const NO_NOTIFICATIONS: AlarmNotifications = { topicArns: [], record: () => undefined };

/** Collects the names of the alarms declared with it, for the stack's outputs. */
export function alarmNotifications(topicArns: readonly pulumi.Input<string>[]): AlarmNotifications & { readonly alarmNames: pulumi.Output<string>[] } {
    const alarmNames: pulumi.Output<string>[] = [];
    return { topicArns, record: (name) => alarmNames.push(name), alarmNames };
}

/** An alarm's own settings; its own actions (an EC2 recover action, say) are ARNs. */
export type OwnAlarmArgs = Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions"> & {
    readonly alarmActions?: pulumi.Input<string>[];
    readonly okActions?: pulumi.Input<string>[];
};

/** A MetricAlarm that also notifies the topics on ALARM and on OK, after its own actions. */
export function notifyingAlarm(name: string, args: OwnAlarmArgs, notifications: AlarmNotifications, opts: pulumi.CustomResourceOptions): aws.cloudwatch.MetricAlarm {
    const withTopics = (own: pulumi.Input<string>[] | undefined) => {
        const actions = [...(own ?? []), ...notifications.topicArns];
        // Without topics an alarm keeps exactly its own inputs: no empty lists appear in a plan.
        return actions.length > 0 ? actions : undefined;
    };
    const alarm = new aws.cloudwatch.MetricAlarm(name, { ...args, alarmActions: withTopics(args.alarmActions), okActions: withTopics(args.okActions) }, opts);
    notifications.record(alarm.name);
    return alarm;
}

/** An alarm of alarms (the burn-rate windows) that notifies the topics on ALARM and on OK. */
export function notifyingCompositeAlarm(name: string, args: Omit<aws.cloudwatch.CompositeAlarmArgs, "alarmActions" | "okActions">, notifications: AlarmNotifications, opts: pulumi.CustomResourceOptions): aws.cloudwatch.CompositeAlarm {
    const topics = notifications.topicArns.length > 0 ? [...notifications.topicArns] : undefined;
    const alarm = new aws.cloudwatch.CompositeAlarm(name, { ...args, alarmActions: topics, okActions: topics }, opts);
    notifications.record(alarm.alarmName);
    return alarm;
}
