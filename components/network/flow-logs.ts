// VPC flow logs to CloudWatch Logs: a log group with retention, and a role that the flow-logs
// service alone may assume, for this account's flow logs only, and that may write to this
// one log group only.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stateful } from "../shared/protection";

export const FLOW_LOG_TRAFFIC_TYPES = ["ALL", "ACCEPT", "REJECT"] as const;
export type FlowLogTrafficType = (typeof FLOW_LOG_TRAFFIC_TYPES)[number];
/** The aggregation windows VPC flow logs offer, in seconds (EC2 API, CreateFlowLogs). */
export const FLOW_LOG_AGGREGATION_INTERVALS = [60, 600] as const;
export type FlowLogAggregationInterval = (typeof FLOW_LOG_AGGREGATION_INTERVALS)[number];

/** What a flow log records when not told otherwise: every flow, in 10-minute windows. */
export const FLOW_LOG_DEFAULTS = { trafficType: "ALL", maxAggregationIntervalSeconds: 600 } as const satisfies {
    trafficType: FlowLogTrafficType;
    maxAggregationIntervalSeconds: FlowLogAggregationInterval;
};

export interface FlowLogsArgs {
    readonly namePrefix: string;
    readonly vpcId: pulumi.Input<string>;
    /** Days to keep records; one of the values CloudWatch Logs accepts. */
    readonly retentionInDays: number;
    /** @default "ALL" - accepted and rejected flows. */
    readonly trafficType?: FlowLogTrafficType;
    /** @default 600 */
    readonly maxAggregationIntervalSeconds?: FlowLogAggregationInterval;
    /** Protect the log group and keep it (and its records) when the stack is destroyed. @default false */
    readonly protect?: boolean;
    /** The logs KMS key; absent, CloudWatch Logs' own encryption. */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

export class FlowLogs extends pulumi.ComponentResource {
    readonly logGroupName: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;
    readonly flowLogId: pulumi.Output<string>;

    constructor(name: string, args: FlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:network:FlowLogs", name, {}, opts);
        const prefix = args.namePrefix;
        const invokeOpts = { parent: this };
        const account = aws.getCallerIdentityOutput({}, invokeOpts).accountId;
        const partition = aws.getPartitionOutput({}, invokeOpts).partition;
        const region = aws.getRegionOutput({}, invokeOpts).region;

        // A name prefix, not a fixed name: a production group is retained on delete, and a
        // fixed name would make the next `pulumi up` of a re-created stack fail on it.
        const logGroup = new aws.cloudwatch.LogGroup(`${prefix}-flow-log-group`, {
            namePrefix: `/${prefix}/vpc/flow-logs-`,
            retentionInDays: args.retentionInDays,
            kmsKeyId: args.kmsKeyArn,
            tags: { Name: `${prefix}-vpc-flow-logs` },
        }, { parent: this, ...stateful(args.protect ?? false) });

        // Confused-deputy guard: only this account's flow logs may use the role.
        const trustPolicy = aws.iam.getPolicyDocumentOutput({
            statements: [{
                effect: "Allow",
                actions: ["sts:AssumeRole"],
                principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
                conditions: [
                    { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
                    {
                        test: "ArnLike",
                        variable: "aws:SourceArn",
                        values: [pulumi.interpolate`arn:${partition}:ec2:${region}:${account}:vpc-flow-log/*`],
                    },
                ],
            }],
        }, invokeOpts);
        const role = new aws.iam.Role(`${prefix}-flow-log-role`, {
            description: `Lets VPC flow logs of ${prefix} write to ${prefix}'s flow log group`,
            assumeRolePolicy: trustPolicy.json,
            tags: { Name: `${prefix}-vpc-flow-logs` },
        }, { parent: this });

        const writePolicy = aws.iam.getPolicyDocumentOutput({
            statements: [
                {
                    sid: "WriteFlowLogRecords",
                    effect: "Allow",
                    actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    resources: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
                },
                {
                    // Read-only; the service checks that its destination exists.
                    sid: "FindLogGroup",
                    effect: "Allow",
                    actions: ["logs:DescribeLogGroups"],
                    resources: [pulumi.interpolate`arn:${partition}:logs:${region}:${account}:log-group:*`],
                },
            ],
        }, invokeOpts);
        const permission = new aws.iam.RolePolicy(`${prefix}-flow-log-write`, {
            role: role.id,
            policy: writePolicy.json,
        }, { parent: this });

        this.flowLogId = new aws.ec2.FlowLog(`${prefix}-flow-log`, {
            vpcId: args.vpcId,
            trafficType: args.trafficType ?? FLOW_LOG_DEFAULTS.trafficType,
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: role.arn,
            maxAggregationInterval: args.maxAggregationIntervalSeconds ?? FLOW_LOG_DEFAULTS.maxAggregationIntervalSeconds,
            tags: { Name: `${prefix}-vpc-flow-log` },
        }, {
            parent: this,
            // The role must be allowed to write before the first records are delivered.
            dependsOn: [permission],
            // A changed traffic type or interval replaces the flow log, and AWS refuses a second
            // flow log with the same destination while the old one exists: delete it first.
            deleteBeforeReplace: true,
        }).id;
        this.logGroupName = logGroup.name;
        this.roleArn = role.arn;
        this.registerOutputs({ logGroupName: this.logGroupName, roleArn: this.roleArn, flowLogId: this.flowLogId });
    }
}
