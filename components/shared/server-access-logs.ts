// S3 server access logging (Security Hub S3.9): one private bucket per environment receives the
// access logs of every other bucket of the stack, each under its own prefix. The log bucket is
// encrypted with S3-managed keys: server access logging cannot deliver to a bucket whose default
// encryption is SSE-KMS (S3 user guide, "Enabling Amazon S3 server access logging": default
// encryption of the destination bucket only with SSE-S3). It does not log itself (the same guide:
// the destination bucket should not have server access logging enabled).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "./naming";
import { PrivateBucket } from "./private-bucket";

/** A bucket whose requests are logged: `name` is its stable key and its prefix in the log bucket. */
export interface LoggedBucket {
    readonly name: string;
    readonly bucket: pulumi.Input<string>;
}

export interface ServerAccessLogsArgs {
    readonly namePrefix: string;
    /** Every bucket of the stack but the log bucket; they must all be named `<namePrefix>-...`. */
    readonly sources: readonly LoggedBucket[];
    /** Days the logs are kept. */
    readonly expireAfterDays: number;
    readonly protect: boolean;
}

/** The service principal that delivers server access logs (S3 user guide, "Permissions for log delivery"). */
export const LOG_DELIVERY_PRINCIPAL = "logging.s3.amazonaws.com";

export class ServerAccessLogs extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;

    constructor(name: string, args: ServerAccessLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:shared:ServerAccessLogs", name, {}, opts);
        const invokeOpts = { parent: this };
        const account = aws.getCallerIdentityOutput({}, invokeOpts).accountId;
        const partition = aws.getPartitionOutput({}, invokeOpts).partition;
        // "destination": S3's word for the bucket that receives the logs.
        const logs = new PrivateBucket(childName(name, "destination"), {
            bucketPrefix: `${args.namePrefix}-access-logs-`,
            purpose: "S3 server access logs of the stack's buckets",
            encryption: { kind: "s3" },
            noncurrentVersionDays: 7,
            expireAfterDays: args.expireAfterDays,
            protect: args.protect,
            statements: [{
                sid: "S3LogDeliveryForTheStacksBuckets",
                principals: [{ type: "Service", identifiers: [LOG_DELIVERY_PRINCIPAL] }],
                actions: ["s3:PutObject"],
                resourceSuffixes: args.sources.map((s) => `/${s.name}/*`),
                // Against the confused deputy: only this account's buckets of this stack (the
                // same user guide section: aws:SourceArn and aws:SourceAccount).
                conditions: [
                    { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
                    { test: "ArnLike", variable: "aws:SourceArn", values: [pulumi.interpolate`arn:${partition}:s3:::${args.namePrefix}-*`] },
                ],
            }],
        }, { parent: this });
        for (const source of args.sources) {
            new aws.s3.BucketLogging(childName(name, source.name), {
                bucket: source.bucket,
                targetBucket: logs.bucketName,
                targetPrefix: `${source.name}/`,
            }, { parent: this, dependsOn: [logs] });
        }
        this.bucketName = logs.bucketName;
        this.registerOutputs({ bucketName: this.bucketName });
    }
}
