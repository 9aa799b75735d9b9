// A Lambda function of ours in the VPC's private subnets: bundled code, a role that may do
// exactly what its caller lists (plus write its own logs and manage its network interfaces),
// an encrypted log group with retention, and an alarm on its errors.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmNotifications, NO_NOTIFICATIONS, notifyingAlarm } from "../observability/alarm-actions";
import { policyJson, serviceTrustJson, LAMBDA_VPC_ACTIONS, Statement } from "./iam";
import { BundledCode, LAMBDA_NODE_RUNTIME, lambdaArchive } from "./lambda-code";
import { encryptedLogGroup } from "./log-group";
import { LogRetentionDays } from "./logs";
import { childName } from "./naming";

/** Lambda function names: 1-64 letters, digits, hyphens or underscores (Lambda API, CreateFunction). */
export const LAMBDA_NAME_MAX = 64;

/**
 * Where a function of ours runs, how its logs are kept and who its errors alarm notifies: one
 * spelling for every component that makes functions (they pass these on to VpcFunction).
 */
export interface FunctionPlacementArgs {
    readonly subnetIds: pulumi.Input<string>[];
    readonly securityGroupIds: pulumi.Input<string>[];
    readonly logsKeyArn: pulumi.Input<string>;
    readonly logRetentionInDays: LogRetentionDays;
    readonly protect: boolean;
    /** Who the component's alarms notify on alarm and on recovery (the alerts topic); none if not given. */
    readonly notifications?: AlarmNotifications;
}

export interface VpcFunctionArgs extends FunctionPlacementArgs {
    readonly namePrefix: string;
    /** Physical function name, at most 64 characters. */
    readonly functionName: string;
    readonly description: string;
    readonly code: BundledCode;
    /** Plain settings only: a secret never goes into a function's environment. */
    readonly environment?: Record<string, pulumi.Input<string>>;
    /** Everything the function may do besides logging and its network interfaces. */
    readonly statements: readonly Statement[];
    /** @default 60 */
    readonly timeoutSeconds?: number;
    /** @default 256 */
    readonly memorySizeMb?: number;
}

export class VpcFunction extends pulumi.ComponentResource {
    readonly functionName: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;
    readonly errorsAlarmName: pulumi.Output<string>;

    constructor(name: string, args: VpcFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:shared:VpcFunction", name, {}, opts);
        if (args.functionName.length > LAMBDA_NAME_MAX) {
            throw new Error(`${args.functionName} is ${args.functionName.length} characters; Lambda allows ${LAMBDA_NAME_MAX}`);
        }
        const invokeOpts = { parent: this };
        const logGroup = encryptedLogGroup(childName(name, "logs"), {
            namePrefix: `/${args.namePrefix}/lambda/${args.functionName}-`,
            retentionInDays: args.logRetentionInDays,
            kmsKeyArn: args.logsKeyArn,
            protect: args.protect,
        }, { parent: this });

        const role = new aws.iam.Role(childName(name, "role"), {
            description: `Runs ${args.functionName}: ${args.description}`,
            assumeRolePolicy: serviceTrustJson("lambda.amazonaws.com", invokeOpts),
        }, { parent: this });
        const permissions = new aws.iam.RolePolicy(childName(name, "policy"), {
            role: role.id,
            policy: policyJson([
                { sid: "WriteOwnLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [pulumi.interpolate`${logGroup.arn}:*`] },
                { sid: "ManageOwnNetworkInterfaces", actions: [...LAMBDA_VPC_ACTIONS], resources: ["*"] },
                ...args.statements,
            ], invokeOpts),
        }, { parent: this });

        const fn = new aws.lambda.Function(childName(name, "function"), {
            name: args.functionName,
            description: args.description,
            runtime: LAMBDA_NODE_RUNTIME,
            architectures: ["arm64"],
            handler: "index.handler",
            code: lambdaArchive(args.code),
            sourceCodeHash: Buffer.from(args.code.sha256, "hex").toString("base64"),
            role: role.arn,
            timeout: args.timeoutSeconds ?? 60,
            memorySize: args.memorySizeMb ?? 256,
            environment: { variables: { ...args.environment } },
            vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: args.securityGroupIds },
            loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        }, { parent: this, dependsOn: [permissions] });

        const alarm = notifyingAlarm(childName(name, "errors"), {
            alarmDescription: `${args.functionName} failed: ${args.description}`,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: fn.name },
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
        }, args.notifications ?? NO_NOTIFICATIONS, { parent: this });

        this.functionName = fn.name;
        this.arn = fn.arn;
        this.roleArn = role.arn;
        this.roleName = role.name;
        this.logGroupName = logGroup.name;
        this.errorsAlarmName = alarm.name;
        this.registerOutputs({ functionName: this.functionName, arn: this.arn, roleArn: this.roleArn });
    }
}
