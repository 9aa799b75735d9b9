// The ECS services' alarms (issue 20): tasks below the desired count, from Container Insights'
// service metrics (namespace ECS/ContainerInsights, dimensions ClusterName and ServiceName:
// CloudWatch user guide, "Amazon ECS Container Insights metrics"), and a failed deployment, from
// ECS's "ECS Deployment State Change" event SERVICE_DEPLOYMENT_FAILED, sent for services with the
// deployment circuit breaker (ECS developer guide, "Amazon ECS service deployment state change
// events"; fargate-service.ts turns the breaker on).
import * as pulumi from "@pulumi/pulumi";

/** 10 one-minute periods in a row: a task replaced or a scale-out starting catches up sooner. */
const RUNNING_PERIOD = 60;
const RUNNING_PERIODS = 10;

export interface EcsServiceContext {
    readonly namePrefix: string;
    readonly service: string;
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
}

/** Desired minus running tasks above 0, as metric math over Container Insights' two counts. */
export function runningTasksAlarmArgs({ namePrefix, service, clusterName, serviceName }: EcsServiceContext) {
    const count = (id: string, metricName: string) => ({
        id,
        returnData: false,
        metric: { namespace: "ECS/ContainerInsights", metricName, dimensions: { ClusterName: clusterName, ServiceName: serviceName }, stat: "Average", period: RUNNING_PERIOD },
    });
    return {
        name: `${namePrefix}-${service}-tasks-below-desired`,
        alarmDescription:
            `The ${service} service runs fewer tasks than it wants for ${(RUNNING_PERIOD * RUNNING_PERIODS) / 60} min. ` +
            "Look first at the service's events and stopped tasks' stop reasons (image pull, secrets, health checks, Fargate capacity), then its logs.",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: RUNNING_PERIODS,
        // Container Insights reports every minute while the service exists; a gap keeps the last
        // state rather than notifying on the metrics' own delay.
        treatMissingData: "missing",
        metricQueries: [
            count("desired", "DesiredTaskCount"),
            count("running", "RunningTaskCount"),
            { id: "missingTasks", label: "desired minus running tasks", returnData: true, expression: "desired - running" },
        ],
    };
}

/**
 * The EventBridge pattern of a failed deployment of any service of the stack's cluster. The
 * event's resources hold the service's ARN, service/<cluster>/<service>; a wildcard on the
 * cluster's name needs no account or region (the default bus only carries this account's and
 * region's events; EventBridge user guide, "Wildcard matching").
 */
export function deploymentFailedPattern(clusterName: string): string {
    return JSON.stringify({
        source: ["aws.ecs"],
        "detail-type": ["ECS Deployment State Change"],
        resources: [{ wildcard: `arn:*:ecs:*:*:service/${clusterName}/*` }],
        detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
    });
}
