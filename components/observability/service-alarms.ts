// The services' alarms (issue 20, "Alarms"): the availability objective of seed 11.4 as
// error-budget burn alarms on the ALB, and per ALB target group its p99 latency (seed 11.4:
// 500 ms) and unhealthy targets. Each pair of windows (burn-rate.ts) is two metric-math
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
import { deploymentFailedPattern, runningTasksAlarmArgs } from "./ecs-alarms";

export interface ServiceAlarmsArgs {
    /** `hse-<env>`: alarm names start with it. */
    readonly namePrefix: string;
    /** `app/<name>/<id>`: the LoadBalancer dimension of the ALB's metrics. */
    readonly albArnSuffix: pulumi.Input<string>;
    readonly availabilityObjectivePercent: number;
    readonly burnRates: { readonly fast: number; readonly slow: number };
    /** The ALB target group of each service, by service name: `targetgroup/<name>/<id>`, the TargetGroup dimension. */
    readonly targetGroupArnSuffixes: Readonly<Record<string, pulumi.Input<string>>>;
    /** The ECS cluster's name (static: its failed-deployment rule matches it) and each service's name. */
    readonly clusterName: string;
    readonly serviceNames: Readonly<Record<string, pulumi.Input<string>>>;
    /** Seed 11.4: p99 latency below 500 ms. */
    readonly p99LatencyMs: number;
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
        for (const [service, targetGroup] of Object.entries(args.targetGroupArnSuffixes)) this.targetGroupAlarms(name, service, targetGroup, args);
        for (const [service, serviceName] of Object.entries(args.serviceNames)) {
            notifyingAlarm(`${name}-${service}-tasks-below-desired`, runningTasksAlarmArgs({ namePrefix: args.namePrefix, service, clusterName: args.clusterName, serviceName }), args.notifications, { parent: this });
        }
        this.deploymentFailedRule(name, args);
        this.registerOutputs({ burnAlarmNames: Object.values(burnAlarms).map((a) => a.alarmName) });
    }

    /** A failed ECS deployment reaches the topic as the event itself (no alarm: there is no metric). */
    private deploymentFailedRule(name: string, args: ServiceAlarmsArgs): void {
        const rule = new aws.cloudwatch.EventRule(`${name}-deployment-failed`, {
            name: `${args.namePrefix}-deployment-failed`,
            description: `A deployment of a service of ${args.clusterName} failed and the circuit breaker rolled it back. Look first at the service's events and the new tasks' stop reasons.`,
            eventPattern: deploymentFailedPattern(args.clusterName),
        }, { parent: this });
        for (const [i, topicArn] of args.notifications.topicArns.entries()) {
            new aws.cloudwatch.EventTarget(`${name}-deployment-failed-${i}`, { rule: rule.name, arn: topicArn }, { parent: this });
        }
    }

    /** The latency and health alarms of one service's target group. */
    private targetGroupAlarms(name: string, service: string, targetGroup: pulumi.Input<string>, args: ServiceAlarmsArgs): void {
        const context = { service, dimensions: { LoadBalancer: args.albArnSuffix, TargetGroup: targetGroup } };
        notifyingAlarm(`${name}-${service}-p99-latency`, latencyAlarmArgs(args, context), args.notifications, { parent: this });
        notifyingAlarm(`${name}-${service}-unhealthy-targets`, unhealthyAlarmArgs(args, context), args.notifications, { parent: this });
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

/** Evaluation of the target groups' alarms: 3 of 3 five-minute periods, so one slow deployment minute does not notify. */
const TARGET_GROUP_PERIOD = 300;
const TARGET_GROUP_PERIODS = 3;

export interface TargetGroupAlarmsContext {
    readonly service: string;
    readonly dimensions: { readonly LoadBalancer: pulumi.Input<string>; readonly TargetGroup: pulumi.Input<string> };
}

/** p99 of TargetResponseTime (seconds) above the objective, per target group. */
export function latencyAlarmArgs(args: ServiceAlarmsArgs, { service, dimensions }: TargetGroupAlarmsContext) {
    return {
        name: `${args.namePrefix}-${service}-p99-latency`,
        alarmDescription:
            `The ${service} service's p99 response time through the ALB is above ${args.p99LatencyMs} ms (seed 11.4) for ${(TARGET_GROUP_PERIOD * TARGET_GROUP_PERIODS) / 60} min. ` +
            "Look first at the service's CPU and memory (ECS Container Insights), then the database's and cache's latency and connections.",
        namespace: ALB,
        metricName: "TargetResponseTime",
        dimensions,
        extendedStatistic: "p99",
        period: TARGET_GROUP_PERIOD,
        evaluationPeriods: TARGET_GROUP_PERIODS,
        // TargetResponseTime is in seconds.
        threshold: args.p99LatencyMs / 1000,
        comparisonOperator: "GreaterThanThreshold",
        // No requests, no response time: idle is not slow.
        treatMissingData: "notBreaching",
    };
}

/** Any unhealthy target in the group, per target group. */
export function unhealthyAlarmArgs(args: ServiceAlarmsArgs, { service, dimensions }: TargetGroupAlarmsContext) {
    return {
        name: `${args.namePrefix}-${service}-unhealthy-targets`,
        alarmDescription:
            `The ALB finds at least one of the ${service} service's tasks unhealthy for ${(TARGET_GROUP_PERIOD * TARGET_GROUP_PERIODS) / 60} min. ` +
            "Look first at the service's stopped tasks and their stop reason (ECS console or `aws ecs describe-tasks`), then the health check path's response in the service's logs.",
        namespace: ALB,
        metricName: "UnHealthyHostCount",
        dimensions,
        statistic: "Maximum",
        period: TARGET_GROUP_PERIOD,
        evaluationPeriods: TARGET_GROUP_PERIODS,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        // The ALB reports the count while targets are registered; none registered is the ECS
        // running-count's concern, not a health check's.
        treatMissingData: "notBreaching",
    };
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
