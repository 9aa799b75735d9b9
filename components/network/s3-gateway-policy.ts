// The S3 gateway endpoint's policy: what the private and database subnets may reach in S3. The
// stack's own buckets (in this account only: bucket names are global, so a name that matches can
// belong to anyone), and the AWS-owned buckets the platform reads through this endpoint. Anything
// else in S3 is out of reach from these subnets, whatever IAM allows.
import * as pulumi from "@pulumi/pulumi";

export interface S3GatewayPolicyContext {
    readonly partition: pulumi.Input<string>;
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    /** Every bucket of the stack is named `<bucketPrefix>...` (e.g. `hse-dev-`). */
    readonly bucketPrefix: string;
}

/**
 * AWS-owned buckets read through the endpoint, by who reads them:
 * - ECS tasks pulling images: ECR serves layers from `prod-<region>-starport-layer-bucket` (ECR
 *   user guide, "Minimum Amazon S3 bucket permissions for Amazon ECR").
 * - SSM Agent on the TimescaleDB host (agent updates, packages, documents, patch baselines):
 *   Systems Manager user guide, "SSM Agent communications with AWS managed S3 buckets" (the
 *   Windows-only bucket left out; the distributor-file bucket is the one af-south-1 and eu-south-1
 *   use instead of birdwatcher).
 * The TimescaleDB host's apt sources (Canonical's EC2 mirrors, apt.postgresql.org,
 * packagecloud.io) are not S3 endpoints, and the functions use no S3.
 */
export function awsOwnedBuckets(region: string): { readonly reader: string; readonly buckets: readonly string[] }[] {
    return [
        { reader: "EcrImageLayers", buckets: [`prod-${region}-starport-layer-bucket`] },
        {
            reader: "SsmAgent",
            buckets: [
                `aws-ssm-${region}`,
                `amazon-ssm-${region}`,
                `amazon-ssm-packages-${region}`,
                `${region}-birdwatcher-prod`,
                `aws-ssm-distributor-file-${region}`,
                `aws-ssm-document-attachments-${region}`,
                `patch-baseline-snapshot-${region}`,
            ],
        },
    ];
}

export function s3GatewayPolicyStatements(context: S3GatewayPolicyContext) {
    const { partition, region, accountId, bucketPrefix } = context;
    const anyone = [{ type: "*", identifiers: ["*"] }];
    return [
        {
            sid: "TheStacksBucketsInThisAccount",
            effect: "Allow",
            principals: anyone,
            actions: ["s3:*"],
            resources: [pulumi.interpolate`arn:${partition}:s3:::${bucketPrefix}*`, pulumi.interpolate`arn:${partition}:s3:::${bucketPrefix}*/*`],
            conditions: [{ test: "StringEquals", variable: "aws:ResourceAccount", values: [accountId] }],
        },
        ...awsOwnedBuckets(region).map(({ reader, buckets }) => ({
            sid: `ReadBy${reader}`,
            effect: "Allow",
            principals: anyone,
            actions: ["s3:GetObject"],
            resources: buckets.map((b) => pulumi.interpolate`arn:${partition}:s3:::${b}/*`),
        })),
    ];
}
