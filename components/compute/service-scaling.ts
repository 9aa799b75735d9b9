// Autoscaling of one ECS service: its count between min and max, target tracking on CPU and
// memory (the monolith, seed §10.2.1: 70 % and 80 %) and on device connections per task (the
// devices service: 1000). Connections per task is the NLB's ActiveFlowCount (concurrent TCP
// flows, one per connected device) divided by the service's running tasks (Container Insights'
// RunningTaskCount), through metric math: the NLB only fronts this one service, so its flows are
// this service's connections.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../shared/naming";

export interface ScalingTargets {
    readonly cpuPercent?: number;
    readonly memoryPercent?: number;
    readonly connectionsPerTask?: number;
}

export interface ServiceScalingArgs {
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    readonly minCount: number;
    readonly maxCount: number;
    readonly targets: ScalingTargets;
    readonly scaleOutCooldownSeconds: number;
    readonly scaleInCooldownSeconds: number;
    /** `net/<name>/<id>` of the NLB whose flows are this service's connections (connections scaling only). */
    readonly nlbArnSuffix?: pulumi.Input<string>;
}

/** The metric math of connections per task (Application Auto Scaling: target tracking with metric math). */
export function connectionsPerTaskMetric(nlbArnSuffix: pulumi.Input<string>, clusterName: pulumi.Input<string>, serviceName: pulumi.Input<string>) {
    return {
        metrics: [
            {
                id: "flows",
                label: "Active device connections (NLB flows)",
                metricStat: { metric: { namespace: "AWS/NetworkELB", metricName: "ActiveFlowCount", dimensions: [{ name: "LoadBalancer", value: nlbArnSuffix }] }, stat: "Average" },
                returnData: false,
            },
            {
                id: "tasks",
                label: "Running tasks",
                metricStat: {
                    metric: { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions: [{ name: "ClusterName", value: clusterName }, { name: "ServiceName", value: serviceName }] },
                    stat: "Average",
                },
                returnData: false,
            },
            { id: "perTask", label: "Device connections per task", expression: "flows / tasks", returnData: true },
        ],
    };
}

export class ServiceScaling extends pulumi.ComponentResource {
    readonly policyNames: pulumi.Output<string>[];
    /** The task counts autoscaling keeps the service between (the `sizing` stack output). */
    readonly sizing: { readonly minCount: number; readonly maxCount: number };

    constructor(name: string, args: ServiceScalingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:compute:ServiceScaling", name, {}, opts);
        this.sizing = { minCount: args.minCount, maxCount: args.maxCount };
        const target = new aws.appautoscaling.Target(childName(name, "target"), {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${args.clusterName}/${args.serviceName}`,
            minCapacity: this.sizing.minCount,
            maxCapacity: this.sizing.maxCount,
        }, { parent: this });

        const tracking = (policy: string, targetValue: number, metric: object) =>
            new aws.appautoscaling.Policy(childName(name, policy), {
                name: pulumi.interpolate`${args.serviceName}-${policy}`,
                policyType: "TargetTrackingScaling",
                serviceNamespace: target.serviceNamespace,
                scalableDimension: target.scalableDimension,
                resourceId: target.resourceId,
                targetTrackingScalingPolicyConfiguration: {
                    targetValue,
                    scaleOutCooldown: args.scaleOutCooldownSeconds,
                    scaleInCooldown: args.scaleInCooldownSeconds,
                    ...metric,
                },
            }, { parent: this }).name;

        const { cpuPercent, memoryPercent, connectionsPerTask } = args.targets;
        this.policyNames = [
            ...(cpuPercent !== undefined ? [tracking("cpu", cpuPercent, { predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } })] : []),
            ...(memoryPercent !== undefined ? [tracking("memory", memoryPercent, { predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" } })] : []),
            ...(connectionsPerTask !== undefined
                ? [tracking("connections", connectionsPerTask, { customizedMetricSpecification: connectionsPerTaskMetric(requireNlb(args.nlbArnSuffix, name), args.clusterName, args.serviceName) })]
                : []),
        ];
        this.registerOutputs({ policyNames: this.policyNames });
    }
}

function requireNlb(suffix: pulumi.Input<string> | undefined, name: string): pulumi.Input<string> {
    if (suffix === undefined) throw new Error(`${name}: scaling on connections needs the NLB the connections arrive through`);
    return suffix;
}
