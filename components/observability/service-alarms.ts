// The services' alarms (issue 20, "Alarms"): the availability objective of seed 11.4 as
// error-budget burn alarms on the ALB. Each pair of windows (burn-rate.ts) is two metric-math
// alarms, one per window, each summing the ALB's counts over its window as its period; a
// composite alarm fires when both do, which is the workbook's multiwindow condition. CloudWatch
// cannot sum a 1-hour window at a 5-minute period in one alarm's query (a metric-math alarm
// evaluates all its metrics at one period), hence one alarm per window and the composite
// (CloudWatch user guide, "Create a composite alarm"; PutMetricAlarm: Period is 10, 20, 30 or a
// multiple of 60, and up to 7 days of evaluation for periods of an hour or more).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmNotifications, notifyingAlarm, notifyingCompositeAlarm } from "./alarm-actions";
import { BurnWindow, burnRateExpression, burnWindows } from "./burn-rate";

export interface ServiceAlarmsArgs {
    /** `hse-<env>`: alarm names start with it. */
    readonly namePrefix: string;
    /** `app/<name>/<id>`: the LoadBalancer dimension of the ALB's metrics. */
    readonly albArnSuffix: pulumi.Input<string>;
    readonly availabilityObjectivePercent: number;
    readonly burnRates: { readonly fast: number; readonly slow: number };
    /** Whether the fast burn pages the on-call (production) or only notifies (staging). */
    readonly paging: boolean;
    readonly notifications: AlarmNotifications;
}

const ALB = "AWS/ApplicationELB";
const IDS = { requests: "requests", targetErrors: "target5xx", lbErrors: "elb5xx" } as const;

const minutes = (seconds: number) => (seconds >= 3600 ? `${seconds / 3600} h` : `${seconds / 60} min`);

export class ServiceAlarms extends pulumi.ComponentResource {
    /** The composite burn alarms, by window pair (fast, slow). */
    readonly burnAlarms: Readonly<Record<string, aws.cloudwatch.CompositeAlarm>>;

    constructor(name: string, args: ServiceAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:observability:ServiceAlarms", name, {}, opts);
        const burnAlarms: Record<string, aws.cloudwatch.CompositeAlarm> = {};
        for (const window of burnWindows(args.burnRates)) burnAlarms[window.name] = this.burnAlarm(name, window, args);
        this.burnAlarms = burnAlarms;
        this.registerOutputs({ burnAlarmNames: Object.values(burnAlarms).map((a) => a.alarmName) });
    }

    /** The two windows of a pair and the composite that needs both. */
    private burnAlarm(name: string, window: BurnWindow, args: ServiceAlarmsArgs): aws.cloudwatch.CompositeAlarm {
        const severity = window.name === "fast" && args.paging ? "PAGE" : "WARN";
        const windows = [window.longSeconds, window.shortSeconds].map((seconds) =>
            notifyingAlarm(`${name}-burn-${window.name}-${minutes(seconds).replace(" ", "")}`, windowAlarmArgs(args, window, seconds), args.notifications, { parent: this }),
        );
        return notifyingCompositeAlarm(`${name}-burn-${window.name}`, {
            alarmName: `${args.namePrefix}-availability-burn-${window.name}`,
            alarmDescription:
                `${severity}: the ALB's 5xx responses spend the ${args.availabilityObjectivePercent} % availability budget at ${window.factor}x or faster over both ${minutes(window.longSeconds)} and ${minutes(window.shortSeconds)}. ` +
                "Look first at the ALB's HTTPCode_Target_5XX_Count per target group (which service) and the services' recent deployments; ELB 5xx with no target 5xx means no healthy target.",
            alarmRule: pulumi.interpolate`ALARM("${windows[0].name}") AND ALARM("${windows[1].name}")`,
        }, args.notifications, { parent: this });
    }
}

/** One window's burn rate as metric math over the ALB's counts, summed over the window. */
function windowAlarmArgs(args: ServiceAlarmsArgs, window: BurnWindow, seconds: number) {
    const count = (id: string, metricName: string) => ({
        id,
        returnData: false,
        metric: { namespace: ALB, metricName, dimensions: { LoadBalancer: args.albArnSuffix }, stat: "Sum", period: seconds },
    });
    return {
        name: `${args.namePrefix}-availability-burn-${window.name}-${minutes(seconds).replace(" ", "")}`,
        alarmDescription:
            `One window of the ${window.name} availability burn alarm: the ALB's 5xx ratio over ${minutes(seconds)} is at least ${window.factor}x the ${args.availabilityObjectivePercent} % objective's budget. ` +
            `Alone it is a symptom; ${args.namePrefix}-availability-burn-${window.name} fires when both windows do.`,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: window.factor,
        evaluationPeriods: 1,
        // No requests, no burn: the expression has no value without traffic.
        treatMissingData: "notBreaching",
        metricQueries: [
            count(IDS.requests, "RequestCount"),
            count(IDS.targetErrors, "HTTPCode_Target_5XX_Count"),
            count(IDS.lbErrors, "HTTPCode_ELB_5XX_Count"),
            { id: "burn", label: `burn rate over ${minutes(seconds)}`, returnData: true, expression: burnRateExpression(IDS, args.availabilityObjectivePercent) },
        ],
    };
}
