// What one AWS account needs before any stack of it can run: a private, versioned, SSE-KMS
// bucket for Pulumi's state (the DIY S3 backend, which locks with lock objects of its own in
// the same bucket, so nothing else is needed for locking), and a KMS key for the stacks'
// `awskms://` secrets provider. Everything here is protected: losing either loses every stack.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declareKey, EncryptionKey, KEY_DEFAULTS } from "../components/keys/encryption-keys";
import { childName } from "../components/shared/naming";
import { PrivateBucket } from "../components/shared/private-bucket";
import { BootstrapKeyContext, secretsKeyStatements, stateKeyStatements } from "./key-policies";

/** The aliases every stack of the account names (`awskms://alias/...`), the same in every account. */
export const SECRETS_KEY_ALIAS = "alias/hse-pulumi-secrets";
export const STATE_KEY_ALIAS = "alias/hse-pulumi-state";

export interface StateBackendArgs {
    readonly region: string;
    readonly bucketName: string;
    readonly noncurrentVersionDays: number;
    readonly deployerRoleArns: readonly string[];
    /** S3 server access logs of the state bucket into an existing bucket; absent: none. */
    readonly accessLogging?: { readonly targetBucket: string; readonly targetPrefix: string };
}

export class StateBackend extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly secretsKey: EncryptionKey;
    readonly stateKey: EncryptionKey;

    constructor(name: string, args: StateBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:bootstrap:StateBackend", name, {}, opts);
        const invokeOpts = { parent: this };
        const context: BootstrapKeyContext = {
            accountId: aws.getCallerIdentityOutput({}, invokeOpts).accountId,
            partition: aws.getPartitionOutput({}, invokeOpts).partition,
            region: args.region,
            deployerRoleArns: args.deployerRoleArns,
            bucketName: args.bucketName,
        };
        // The alias is protected with its key: every stack's secrets provider URL names it.
        const keyOpts = { parent: this, protect: true };
        const key = (purpose: string, description: string, alias: string, statements: ReturnType<typeof secretsKeyStatements>) =>
            declareKey(childName(name, purpose), {
                description,
                policy: aws.iam.getPolicyDocumentOutput({ statements }, invokeOpts).json,
                deletionWindowInDays: KEY_DEFAULTS.deletionWindowInDays,
                rotationPeriodInDays: KEY_DEFAULTS.rotationPeriodInDays,
                alias,
                tags: { Name: alias.replace(/^alias\//, ""), Purpose: purpose },
                protect: true,
            }, keyOpts);
        this.secretsKey = key("secrets", "Pulumi secrets provider (awskms://) of every stack of the account", SECRETS_KEY_ALIAS, secretsKeyStatements(context));
        this.stateKey = key("state", "SSE-KMS of the Pulumi state bucket", STATE_KEY_ALIAS, stateKeyStatements(context));

        const bucket = new PrivateBucket(childName(name, "state"), {
            bucketName: args.bucketName,
            purpose: "Pulumi state (DIY S3 backend)",
            encryption: { kind: "kms", keyArn: this.stateKey.arn },
            noncurrentVersionDays: args.noncurrentVersionDays,
            // protect: true also keeps forceDestroy false: the bucket is never emptied by Pulumi.
            protect: true,
        }, { parent: this });
        if (args.accessLogging) {
            new aws.s3.BucketLogging(childName(name, "access-logs"), {
                bucket: bucket.bucketName,
                targetBucket: args.accessLogging.targetBucket,
                targetPrefix: args.accessLogging.targetPrefix,
            }, { parent: this });
        }
        this.bucketName = bucket.bucketName;
        this.registerOutputs({ bucketName: this.bucketName, secretsKeyArn: this.secretsKey.arn, stateKeyArn: this.stateKey.arn });
    }
}
