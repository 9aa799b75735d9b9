// Key policies as data: who administers a key and who may use it, per purpose. Pure, so each
// statement is unit-tested; encryption-keys.ts renders them with getPolicyDocument.
import * as pulumi from "@pulumi/pulumi";

/** One key per purpose; the alias is `alias/<prefix>-<purpose>`. */
export const KEY_PURPOSES = ["data", "secrets", "logs"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

/** Keys declared outside EncryptionKeys for a single consumer (RDS's backup replica key in the DR region). */
export type KeyUse = KeyPurpose | "rds-backups-replica";

/** The physical names the stack gives its resources, to bind a key's use to them by encryption context. */
export interface StackNames {
    /** Every bucket of the stack is named `<bucketPrefix>...` (e.g. `hse-dev-`). */
    readonly bucketPrefix: string;
    /** Every secret of the stack is named `<secretPrefix>...` (e.g. `hse/dev/`). */
    readonly secretPrefix: string;
    /** Every SNS topic of the stack is named `<topicPrefix>...` (e.g. `hse-dev-`; the alerts topic). */
    readonly topicPrefix: string;
}

export interface KeyConsumer {
    /** The service's endpoint prefix: it uses the key as `kms:ViaService` = `<service>.<region>.amazonaws.com`. */
    readonly service: string;
    /** For statement ids: UseThrough<label>. */
    readonly label: string;
    /** What the stack encrypts through it with this key. */
    readonly encrypts: string;
    /** What it asks KMS on the caller's behalf (DescribeKey is allowed to every consumer apart). */
    readonly actions: readonly string[];
    /** It creates grants for its own resources and keeps using the key through them. */
    readonly grants: boolean;
    /** The encryption context that names the stack's own resources, where the service documents one. */
    readonly boundTo?: (context: KeyPolicyContext) => { readonly variable: string; readonly values: pulumi.Input<string>[] };
    readonly source: string;
}

export const KEY_CRYPTO_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"] as const;

const RDS: KeyConsumer = {
    service: "rds",
    label: "Rds",
    encrypts: "RDS storage, automated backups, snapshots and Performance Insights",
    actions: KEY_CRYPTO_ACTIONS,
    grants: true,
    source: "RDS user guide, \"Encrypting Amazon RDS resources\" (RDS uses the key through grants on the instance)",
};

/**
 * Which services use which key: each key's policy lets the account's principals use it only
 * through these services (kms:ViaService), and where a service documents an encryption context
 * that names the stack's resources, only for them. test/keys/key-consumers.test.ts checks the
 * other side: every resource that names a key is served by one of that key's consumers.
 */
export const KEY_CONSUMERS: Readonly<Record<KeyUse, readonly KeyConsumer[]>> = {
    data: [
        RDS,
        {
            service: "elasticache",
            label: "ElastiCache",
            encrypts: "the cache's data at rest and its snapshots",
            actions: KEY_CRYPTO_ACTIONS,
            grants: true,
            source: "ElastiCache user guide, \"At-rest encryption\" (customer managed keys)",
        },
        {
            service: "ec2",
            label: "Ec2",
            encrypts: "EBS volumes (TimescaleDB's data and root volumes) and their snapshots",
            actions: KEY_CRYPTO_ACTIONS,
            grants: true,
            source: "EBS user guide, \"How Amazon EBS encryption works\" (EBS uses the key through grants)",
        },
        {
            service: "s3",
            label: "S3",
            encrypts: "objects of the stack's SSE-KMS buckets (TimescaleDB's pgBackRest repository)",
            actions: KEY_CRYPTO_ACTIONS,
            grants: false,
            // With an S3 Bucket Key the context is the bucket's ARN, without it the object's
            // (S3 user guide, "Using server-side encryption with AWS KMS keys", encryption context).
            boundTo: ({ partition, names }) => ({ variable: "kms:EncryptionContext:aws:s3:arn", values: [pulumi.interpolate`arn:${partition}:s3:::${need(names).bucketPrefix}*`] }),
            source: "S3 user guide, \"Using server-side encryption with AWS KMS keys (SSE-KMS)\"",
        },
        {
            service: "ecr",
            label: "Ecr",
            encrypts: "the images of the stack's repositories",
            // ECR creates two grants when a repository is created and uses the key through them;
            // deleting the repository retires them as the caller (ECR user guide, "Encryption at
            // rest": CreateGrant, DescribeKey and RetireGrant).
            actions: ["kms:RetireGrant"],
            grants: true,
            source: "ECR user guide, \"Encryption at rest\"",
        },
        {
            service: "sns",
            label: "Sns",
            encrypts: "messages of the stack's SNS topics (hse-<env>-alerts) while SNS holds them",
            // A publisher needs GenerateDataKey* and Decrypt on the topic's key; SNS asks for them
            // with the encryption context aws:sns:topicArn (SNS developer guide, "Key management",
            // and Amazon GameLift's "Set up an SNS topic with server-side encryption").
            actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
            grants: false,
            boundTo: ({ partition, region, accountId, names }) => ({ variable: SNS_TOPIC_CONTEXT, values: [stackTopics(partition, region, accountId, need(names))] }),
            source: "SNS developer guide, \"Key management\" (publishers to an encrypted topic)",
        },
    ],
    secrets: [
        {
            service: "secretsmanager",
            label: "SecretsManager",
            encrypts: "the stack's secrets (hse/<env>/*) and RDS's managed master secret (rds!db-*)",
            actions: KEY_CRYPTO_ACTIONS,
            grants: true,
            // Secrets Manager encrypts every version with the encryption context SecretARN
            // (Secrets Manager user guide, "Secret encryption and decryption"). RDS names its
            // managed master secret rds!db-<id> (RDS user guide, "Password management with
            // Amazon RDS and AWS Secrets Manager").
            boundTo: ({ partition, region, accountId, names }) => ({
                variable: "kms:EncryptionContext:SecretARN",
                values: [
                    pulumi.interpolate`arn:${partition}:secretsmanager:${region}:${accountId}:secret:${need(names).secretPrefix}*`,
                    pulumi.interpolate`arn:${partition}:secretsmanager:${region}:${accountId}:secret:rds!db-*`,
                ],
            }),
            source: "Secrets Manager user guide, \"Secret encryption and decryption in AWS Secrets Manager\"",
        },
    ],
    // CloudWatch Logs uses the logs key as itself (its service principal), not through a caller: below.
    logs: [],
    "rds-backups-replica": [RDS],
};

/** The encryption context SNS gives KMS: the topic's ARN. */
export const SNS_TOPIC_CONTEXT = "kms:EncryptionContext:aws:sns:topicArn";

function stackTopics(partition: pulumi.Input<string>, region: pulumi.Input<string>, accountId: pulumi.Input<string>, names: StackNames) {
    return pulumi.interpolate`arn:${partition}:sns:${region}:${accountId}:${names.topicPrefix}*`;
}

function need(names: StackNames | undefined): StackNames {
    if (names === undefined) throw new Error("this key's consumers are bound to the stack's resources: give the policy context its names");
    return names;
}

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
    /** Needed by consumers bound to the stack's resources (S3, Secrets Manager). */
    readonly names?: StackNames;
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

function throughConsumers(consumers: readonly KeyConsumer[], context: KeyPolicyContext): PolicyStatement[] {
    const { accountId, region } = context;
    const via = (list: readonly KeyConsumer[]) => ({ test: "StringEquals", variable: "kms:ViaService", values: list.map((c) => pulumi.interpolate`${c.service}.${region}.amazonaws.com`) });
    const fromThisAccount = { test: "StringEquals", variable: "kms:CallerAccount", values: [accountId] };
    const anyoneInTheAccount = [{ type: "AWS" as const, identifiers: ["*"] }];
    const granting = consumers.filter((c) => c.grants);
    return [
        {
            // No encryption context on DescribeKey: kept apart from the bound statements.
            sid: "DescribeThroughItsServicesOnly",
            effect: "Allow",
            principals: anyoneInTheAccount,
            actions: ["kms:DescribeKey"],
            resources: ["*"],
            conditions: [fromThisAccount, via(consumers)],
        },
        ...consumers.map((c): PolicyStatement => {
            const bound = c.boundTo?.(context);
            return {
                sid: `UseThrough${c.label}${bound ? "ForTheStacksResources" : ""}`,
                effect: "Allow",
                principals: anyoneInTheAccount,
                actions: [...c.actions],
                resources: ["*"],
                conditions: [fromThisAccount, via([c]), ...(bound ? [{ test: "ArnLike", ...bound }] : [])],
            };
        }),
        ...(granting.length > 0
            ? [{
                // RDS, ElastiCache, EBS, ECR and Secrets Manager keep using the key through grants on their resources.
                sid: "GrantsForItsServicesResourcesOnly",
                effect: "Allow" as const,
                principals: anyoneInTheAccount,
                actions: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                resources: ["*"],
                conditions: [fromThisAccount, via(granting), { test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
            }]
            : []),
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

/**
 * CloudWatch alarms and EventBridge rules publish to the stack's encrypted alerts topic as their
 * service principals, which need kms:Decrypt and kms:GenerateDataKey* on the topic's key (SNS
 * developer guide, "Key management", "Enable compatibility between event sources from AWS services
 * and encrypted topics"). Both only for the stack's topics (the encryption context SNS sends).
 * CloudWatch also only for this account's alarms (aws:SourceAccount); EventBridge's delivery
 * carries no aws:SourceAccount to KMS, so a condition on it would drop every event unseen.
 */
function alarmPublishers({ accountId, partition, region, names }: KeyPolicyContext): PolicyStatement[] {
    const topics = { test: "ArnLike", variable: SNS_TOPIC_CONTEXT, values: [stackTopics(partition, region, accountId, need(names))] };
    const publish = { effect: "Allow" as const, actions: ["kms:Decrypt", "kms:GenerateDataKey*"], resources: ["*"] };
    return [
        {
            sid: "CloudWatchAlarmsOfThisAccountPublishToTheStacksTopics",
            ...publish,
            principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
            conditions: [topics, { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
        },
        {
            sid: "EventBridgePublishesToTheStacksTopics",
            ...publish,
            principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
            conditions: [topics],
        },
    ];
}

export function keyPolicyStatements(use: KeyUse, context: KeyPolicyContext): PolicyStatement[] {
    const consumers = KEY_CONSUMERS[use];
    return [
        administer(context),
        ...(consumers.length > 0 ? throughConsumers(consumers, context) : []),
        ...(use === "logs" ? [cloudWatchLogs(context)] : []),
        ...(use === "data" ? [execSessions(context), ...alarmPublishers(context)] : []),
    ];
}
