// Key policies as data: who administers a key and who may use it, per purpose. Pure, so each
// statement is unit-tested; encryption-keys.ts renders them with getPolicyDocument.
import * as pulumi from "@pulumi/pulumi";

/** One key per purpose; the alias is `alias/<prefix>-<purpose>`. */
export const KEY_PURPOSES = ["data", "secrets", "logs"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

/**
 * The AWS services through which the account's principals may use each key (`kms:ViaService`).
 * data: RDS, ElastiCache, EBS (EC2) and S3 encrypt at rest with it; secrets: Secrets Manager;
 * logs: CloudWatch Logs itself, by its service principal (below), not through a caller.
 */
export const KEY_SERVICES: Readonly<Record<KeyPurpose, readonly string[]>> = {
    data: ["rds", "elasticache", "ec2", "s3"],
    secrets: ["secretsmanager"],
    logs: [],
};

/** Managing a key, never using it: the account's IAM policies decide who administers. */
export const KEY_ADMIN_ACTIONS = [
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:UpdateAlias",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
] as const;

export const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"] as const;

export interface PolicyStatement {
    readonly sid: string;
    readonly effect: "Allow";
    readonly principals: { readonly type: "AWS" | "Service"; readonly identifiers: pulumi.Input<string>[] }[];
    readonly actions: string[];
    readonly resources: string[];
    readonly conditions?: { readonly test: string; readonly variable: string; readonly values: pulumi.Input<string>[] }[];
}

export interface KeyPolicyContext {
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
}

function administer({ accountId, partition }: KeyPolicyContext): PolicyStatement {
    return {
        sid: "AccountAdministersTheKey",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [pulumi.interpolate`arn:${partition}:iam::${accountId}:root`] }],
        actions: [...KEY_ADMIN_ACTIONS],
        resources: ["*"],
    };
}

function useThroughServices(services: readonly string[], { accountId, region }: KeyPolicyContext): PolicyStatement[] {
    const via = services.map((s) => pulumi.interpolate`${s}.${region}.amazonaws.com`);
    const fromThisAccount = { test: "StringEquals", variable: "kms:CallerAccount", values: [accountId] };
    const throughServices = { test: "StringEquals", variable: "kms:ViaService", values: via };
    return [
        {
            sid: "UseThroughItsServicesOnly",
            effect: "Allow",
            principals: [{ type: "AWS", identifiers: ["*"] }],
            actions: [...KEY_USE_ACTIONS],
            resources: ["*"],
            conditions: [fromThisAccount, throughServices],
        },
        {
            // RDS, ElastiCache and EBS keep using the key through grants on their resources.
            sid: "GrantsForItsServicesResourcesOnly",
            effect: "Allow",
            principals: [{ type: "AWS", identifiers: ["*"] }],
            actions: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
            resources: ["*"],
            conditions: [fromThisAccount, throughServices, { test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
        },
    ];
}

/** CloudWatch Logs, for this account's log groups only (CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs using AWS KMS"). */
function cloudWatchLogs({ accountId, partition, region }: KeyPolicyContext): PolicyStatement {
    return {
        sid: "CloudWatchLogsForThisAccountsLogGroups",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: [pulumi.interpolate`logs.${region}.amazonaws.com`] }],
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        conditions: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: [pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:*`] }],
    };
}

/**
 * ECS Exec sessions: the cluster encrypts them with the data key. The operator's client calls
 * GenerateDataKey and the SSM agent in the task (as its task role) calls Decrypt, both directly
 * and with the encryption context aws:ssm:SessionId / aws:ssm:TargetId (amazon-ssm-agent and
 * session-manager-plugin sources). Only for session keys, and only principals whose IAM
 * policies allow it (the account as principal delegates to IAM).
 */
function execSessions({ accountId, partition }: KeyPolicyContext): PolicyStatement {
    return {
        sid: "EcsExecSessionsOfThisAccount",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [pulumi.interpolate`arn:${partition}:iam::${accountId}:root`] }],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
        conditions: [{ test: "Null", variable: "kms:EncryptionContext:aws:ssm:SessionId", values: ["false"] }],
    };
}

export function keyPolicyStatements(purpose: KeyPurpose, context: KeyPolicyContext): PolicyStatement[] {
    const services = KEY_SERVICES[purpose];
    return [
        administer(context),
        ...(services.length > 0 ? useThroughServices(services, context) : []),
        ...(purpose === "logs" ? [cloudWatchLogs(context)] : []),
        ...(purpose === "data" ? [execSessions(context)] : []),
    ];
}
