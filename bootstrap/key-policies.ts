// The policies of the bootstrap's two keys, as data (rendered with getPolicyDocument by
// state-backend.ts), so each statement is asserted in the tests.
import * as pulumi from "@pulumi/pulumi";

export interface BootstrapKeyContext {
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    readonly region: string;
    readonly deployerRoleArns: readonly string[];
    /** The state bucket: the state key serves it alone. */
    readonly bucketName: string;
}

export interface PolicyStatement {
    readonly sid: string;
    readonly effect: "Allow";
    readonly principals: { readonly type: "AWS"; readonly identifiers: pulumi.Input<string>[] }[];
    readonly actions: string[];
    readonly resources: string[];
    readonly conditions?: { readonly test: string; readonly variable: string; readonly values: pulumi.Input<string>[] }[];
}

/**
 * What the `awskms://` secrets provider asks KMS for: Pulumi opens the key with gocloud.dev's
 * awskms keeper (google/go-cloud secrets/awskms/kms.go), whose Encrypt and Decrypt call the KMS
 * operations of the same names; GenerateDataKey is granted too, as issue 19 asks, for a CLI that
 * wraps its data key that way.
 */
export const SECRETS_PROVIDER_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"] as const;

/**
 * What S3 asks KMS for on a caller's behalf with SSE-KMS: GenerateDataKey to write an object,
 * Decrypt to read one (S3 user guide, "Using server-side encryption with AWS KMS keys",
 * permissions; with a bucket key S3 asks for the bucket-level key the same way).
 */
export const STATE_OBJECT_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"] as const;

/**
 * The account administers the key and may delegate its use with IAM policies: KMS's default
 * key policy statement (KMS developer guide, "Default key policy"); without it nobody could
 * ever change the key policy again.
 */
function accountAdministers(context: BootstrapKeyContext): PolicyStatement {
    return {
        sid: "AccountAdministersTheKey",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [pulumi.interpolate`arn:${context.partition}:iam::${context.accountId}:root`] }],
        actions: ["kms:*"],
        resources: ["*"],
    };
}

const deployers = (context: BootstrapKeyContext) => [{ type: "AWS" as const, identifiers: [...context.deployerRoleArns] }];

/** The secrets provider's key: the deployers encrypt and decrypt the stacks' secrets with it directly. */
export function secretsKeyStatements(context: BootstrapKeyContext): PolicyStatement[] {
    return [
        accountAdministers(context),
        { sid: "DeployersEncryptAndDecryptStackSecrets", effect: "Allow", principals: deployers(context), actions: [...SECRETS_PROVIDER_ACTIONS], resources: ["*"] },
    ];
}

/**
 * The state bucket's key: the deployers use it only through S3 in this account and region, for
 * this bucket alone (with a bucket key the encryption context S3 passes is the bucket's ARN: S3
 * user guide, "Using server-side encryption with AWS KMS keys", encryption context; as decision
 * 0025 binds the platform's S3 key), never directly.
 */
export function stateKeyStatements(context: BootstrapKeyContext): PolicyStatement[] {
    return [
        accountAdministers(context),
        {
            sid: "DeployersReadAndWriteStateThroughS3",
            effect: "Allow",
            principals: deployers(context),
            actions: [...STATE_OBJECT_ACTIONS],
            resources: ["*"],
            conditions: [
                { test: "StringEquals", variable: "kms:ViaService", values: [`s3.${context.region}.amazonaws.com`] },
                { test: "StringEquals", variable: "kms:CallerAccount", values: [context.accountId] },
                { test: "StringEquals", variable: "kms:EncryptionContext:aws:s3:arn", values: [pulumi.interpolate`arn:${context.partition}:s3:::${context.bucketName}`] },
            ],
        },
    ];
}
