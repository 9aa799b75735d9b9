// An S3 bucket nobody outside the account can read: public access blocked, ACLs disabled
// (bucket owner enforced), default encryption, requests without TLS refused, versioning and a
// lifecycle that expires old versions and abandoned uploads. Protected in production.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "./naming";
import { stateful } from "./protection";

/** S3 bucket names: 3-63 characters; a prefix leaves room for the 26 characters Pulumi appends. */
export const BUCKET_PREFIX_MAX = 37;

export type BucketEncryption = { readonly kind: "kms"; readonly keyArn: pulumi.Input<string> } | { readonly kind: "s3" };

export interface ExtraBucketStatement {
    readonly sid: string;
    readonly principals: { readonly type: "AWS" | "Service"; readonly identifiers: pulumi.Input<string>[] }[];
    readonly actions: string[];
    /** Relative to the bucket: "" for the bucket, "/*" for every object, "/AWSLogs/*" ... */
    readonly resourceSuffixes: pulumi.Input<string>[];
    readonly conditions?: { readonly test: string; readonly variable: string; readonly values: pulumi.Input<string>[] }[];
}

export interface PrivateBucketArgs {
    /** Lowercase; the bucket is named <prefix><suffix>. Give this or `bucketName`. */
    readonly bucketPrefix?: string;
    /**
     * A fixed name instead of prefix + suffix, for a bucket people must name before it exists
     * (the Pulumi state bucket: `pulumi login s3://<name>`). Give this or `bucketPrefix`.
     */
    readonly bucketName?: string;
    readonly purpose: string;
    readonly encryption: BucketEncryption;
    /** Noncurrent versions are deleted after this many days. */
    readonly noncurrentVersionDays: number;
    /** Current objects expire after this many days; undefined keeps them. */
    readonly expireAfterDays?: number;
    /** Who else may write (a log delivery service, say). */
    readonly statements?: readonly ExtraBucketStatement[];
    readonly protect: boolean;
}

export class PrivateBucket extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    readonly bucketRegionalDomainName: pulumi.Output<string>;

    constructor(name: string, args: PrivateBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:shared:PrivateBucket", name, {}, opts);
        if ((args.bucketPrefix === undefined) === (args.bucketName === undefined)) {
            throw new Error(`PrivateBucket ${name}: give exactly one of bucketPrefix and bucketName`);
        }
        if (args.bucketPrefix !== undefined && args.bucketPrefix.length > BUCKET_PREFIX_MAX) {
            throw new Error(`${args.bucketPrefix} is longer than ${BUCKET_PREFIX_MAX} characters`);
        }
        const bucket = new aws.s3.Bucket(childName(name, "bucket"), {
            ...(args.bucketName !== undefined ? { bucket: args.bucketName } : { bucketPrefix: args.bucketPrefix }),
            // Unprotected (dev, staging) buckets may be destroyed with their objects.
            forceDestroy: !args.protect,
            tags: { Purpose: args.purpose },
        }, { parent: this, ...stateful(args.protect) });
        const child = { parent: this };

        new aws.s3.BucketPublicAccessBlock(childName(name, "public-access-block"), {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, child);
        new aws.s3.BucketOwnershipControls(childName(name, "ownership"), {
            bucket: bucket.id,
            rule: { objectOwnership: "BucketOwnerEnforced" },
        }, child);
        new aws.s3.BucketServerSideEncryptionConfiguration(childName(name, "encryption"), {
            bucket: bucket.id,
            rules: [
                args.encryption.kind === "kms"
                    ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.encryption.keyArn }, bucketKeyEnabled: true }
                    : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ],
        }, child);
        new aws.s3.BucketVersioning(childName(name, "versioning"), {
            bucket: bucket.id,
            versioningConfiguration: { status: "Enabled" },
        }, child);
        new aws.s3.BucketLifecycleConfiguration(childName(name, "lifecycle"), {
            bucket: bucket.id,
            rules: [
                {
                    id: "expire-old-versions-and-uploads",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionDays },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    ...(args.expireAfterDays !== undefined ? { expiration: { days: args.expireAfterDays } } : {}),
                },
            ],
        }, child);

        const extra = (args.statements ?? []).map((s) => ({
            sid: s.sid,
            effect: "Allow",
            principals: s.principals,
            actions: s.actions,
            resources: s.resourceSuffixes.map((suffix) => pulumi.interpolate`${bucket.arn}${suffix}`),
            conditions: s.conditions,
        }));
        new aws.s3.BucketPolicy(childName(name, "policy"), {
            bucket: bucket.id,
            policy: aws.iam.getPolicyDocumentOutput({
                statements: [
                    {
                        sid: "DenyRequestsWithoutTls",
                        effect: "Deny",
                        principals: [{ type: "*", identifiers: ["*"] }],
                        actions: ["s3:*"],
                        resources: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                        conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
                    },
                    ...extra,
                ],
            }, { parent: this }).json,
        }, child);

        this.bucketName = bucket.bucket;
        this.arn = bucket.arn;
        this.bucketRegionalDomainName = bucket.bucketRegionalDomainName;
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
