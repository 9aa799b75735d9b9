// A deliberately broken resource (or, for a stack policy, a small broken stack) per policy of the
// pack, with what the violation must say: each policy must reject each of its fixtures. Fixtures
// are in production unless they say otherwise (the strictest stack).
import { ResourceSpec } from "./adapter";

export interface BrokenFixture {
    /** What is wrong, for the test's title. */
    readonly what: string;
    readonly resources: readonly ResourceSpec[];
    /** A part of the violation the policy must report. */
    readonly expect: RegExp;
}

const KEY = "arn:aws:kms:us-east-1:111122223333:key/example";
const TAGS = { tags: { Project: "hse-platform", Environment: "production", ManagedBy: "pulumi", CostCenter: "hse-backend", Owner: "platform-team" } };

function one(what: string, type: string, props: Record<string, any>, expect: RegExp, extra: Partial<ResourceSpec> = {}): BrokenFixture {
    return { what, resources: [{ type, name: "broken", props, ...extra }], expect };
}

const policyDocument = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

export const BROKEN: Record<string, readonly BrokenFixture[]> = {
    "rds-storage-encrypted": [
        one("unencrypted RDS storage", "aws:rds/instance:Instance", { storageEncrypted: false, kmsKeyId: KEY }, /storageEncrypted/),
        one("RDS storage on the AWS managed key", "aws:rds/instance:Instance", { storageEncrypted: true }, /kmsKeyId/),
    ],
    "elasticache-encrypted-at-rest": [
        one("cache without at-rest encryption", "aws:elasticache/replicationGroup:ReplicationGroup", { atRestEncryptionEnabled: false, kmsKeyId: KEY }, /atRestEncryptionEnabled/),
    ],
    "ebs-encrypted": [
        one("unencrypted volume", "aws:ebs/volume:Volume", { encrypted: false, kmsKeyId: KEY }, /encrypted must be true/),
        one("instance with an unencrypted root device", "aws:ec2/instance:Instance", { rootBlockDevice: { encrypted: false } }, /block device/),
        one("launch template with an unencrypted device", "aws:ec2/launchTemplate:LaunchTemplate", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] }, /block device mapping/),
    ],
    "secrets-customer-key": [one("secret on the AWS managed key", "aws:secretsmanager/secret:Secret", { name: "x" }, /kmsKeyId/)],
    "sns-sqs-encrypted": [
        one("unencrypted topic", "aws:sns/topic:Topic", {}, /kmsMasterKeyId/),
        one("unencrypted queue", "aws:sqs/queue:Queue", { sqsManagedSseEnabled: false }, /kmsMasterKeyId/),
    ],
    "elasticache-encrypted-in-transit": [
        one("cache without TLS", "aws:elasticache/replicationGroup:ReplicationGroup", { transitEncryptionEnabled: false }, /transitEncryptionEnabled/),
        one("cache that still accepts plain text", "aws:elasticache/replicationGroup:ReplicationGroup", { transitEncryptionEnabled: true, transitEncryptionMode: "preferred" }, /preferred/),
    ],
    "lb-listener-tls": [
        one("HTTPS listener on an old TLS policy", "aws:lb/listener:Listener", { port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08" }, /sslPolicy/),
        one("HTTP listener that forwards", "aws:lb/listener:Listener", { port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }, /redirect/),
        one("plain TCP listener in staging", "aws:lb/listener:Listener", { port: 5000, protocol: "TCP" }, /not encrypted/, { stack: "staging" }),
    ],
    "cloudfront-https": [
        one("distribution that serves HTTP", "aws:cloudfront/distribution:Distribution", {
            defaultCacheBehavior: { viewerProtocolPolicy: "allow-all" },
            origins: [{ originId: "alb", customOriginConfig: { originProtocolPolicy: "match-viewer", originSslProtocols: ["TLSv1", "TLSv1.2"] } }],
            viewerCertificate: { minimumProtocolVersion: "TLSv1" },
        }, /viewers use HTTP/),
    ],
    "rds-postgres-force-ssl": [one("PostgreSQL parameters without rds.force_ssl", "aws:rds/parameterGroup:ParameterGroup", { family: "postgres17", parameters: [{ name: "rds.force_ssl", value: "0" }] }, /force_ssl/)],
    "rds-not-public": [one("public database", "aws:rds/instance:Instance", { publiclyAccessible: true }, /publiclyAccessible/)],
    "no-public-addresses": [
        one("instance with a public address", "aws:ec2/instance:Instance", { associatePublicIpAddress: true }, /associatePublicIpAddress/),
        one("subnet that hands out public addresses", "aws:ec2/subnet:Subnet", { mapPublicIpOnLaunch: true }, /mapPublicIpOnLaunch/),
    ],
    "stateful-protected-in-production": [one("unprotected production database", "aws:rds/instance:Instance", {}, /protect/, { protect: false })],
    "deletion-protection-in-production": [
        one("production database without deletion protection", "aws:rds/instance:Instance", { deletionProtection: false, skipFinalSnapshot: true }, /deletionProtection/),
        one("production load balancer without deletion protection", "aws:lb/loadBalancer:LoadBalancer", { enableDeletionProtection: false }, /enableDeletionProtection/),
        one("production cache without a final snapshot", "aws:elasticache/replicationGroup:ReplicationGroup", {}, /finalSnapshotIdentifier/),
    ],
    "no-secret-in-plain-environment": [
        one("password in a container's plain environment", "aws:ecs/taskDefinition:TaskDefinition", {
            containerDefinitions: JSON.stringify([{ name: "app", environment: [{ name: "NODE_ENV", value: "production" }, { name: "DATABASE_PASSWORD", value: "hunter2" }] }]),
        }, /DATABASE_PASSWORD/),
        one("API key in a function's environment", "aws:lambda/function:Function", { environment: { variables: { NEW_RELIC_API_KEY: "abc" } } }, /NEW_RELIC_API_KEY/),
    ],
    "log-group-retention-and-key": [one("log group kept forever without a key", "aws:cloudwatch/logGroup:LogGroup", { name: "/x" }, /retentionInDays/)],
    "required-tags": [
        one("resource whose provider has no default tags", "aws:s3/bucket:Bucket", {}, /missing tag/, { providerProps: { region: "us-east-1" } }),
        one("resource that blanks a tag", "aws:s3/bucket:Bucket", { tags: { Owner: " " } }, /Owner/, { providerProps: { defaultTags: JSON.stringify(TAGS) } }),
        one("provider tagged with another environment", "pulumi:providers:aws", { defaultTags: JSON.stringify({ tags: { ...TAGS.tags, Environment: "staging" } }) }, /Environment is "staging"/),
    ],
    "imdsv2-required": [
        one("instance that allows IMDSv1", "aws:ec2/instance:Instance", { metadataOptions: { httpTokens: "optional" } }, /httpTokens/),
        one("launch template without metadata options", "aws:ec2/launchTemplate:LaunchTemplate", {}, /httpTokens/),
    ],
    "iam-least-privilege": [
        one("role policy that allows everything", "aws:iam/rolePolicy:RolePolicy", { policy: policyDocument({ Sid: "All", Effect: "Allow", Action: "*", Resource: "*" }) }, /allows \* on \*/),
        one("role with an inline admin policy", "aws:iam/role:Role", { inlinePolicies: [{ name: "admin", policy: policyDocument({ Effect: "Allow", Action: ["s3:GetObject", "*:*"], Resource: ["*"] }) }] }, /inlinePolicies\[0\]/),
        one("AdministratorAccess attached", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, /AdministratorAccess/),
    ],
    "ecr-scan-immutable-encrypted": [one("mutable, unscanned repository", "aws:ecr/repository:Repository", { imageTagMutability: "MUTABLE" }, /scanOnPush/)],
    "automatic-backups": [
        one("database without backups", "aws:rds/instance:Instance", { backupRetentionPeriod: 0 }, /backupRetentionPeriod/),
        one("cache without snapshots", "aws:elasticache/replicationGroup:ReplicationGroup", {}, /snapshotRetentionLimit/),
    ],
    "s3-private-and-encrypted": [
        { what: "bucket with neither access block nor encryption", resources: [{ type: "aws:s3/bucket:Bucket", name: "bucket", props: {} }], expect: /public access block/ },
        {
            what: "bucket whose access block lets public policies through",
            resources: [
                { type: "aws:s3/bucket:Bucket", name: "bucket", props: {} },
                { type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name: "block", props: { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: true }, dependsOn: { bucket: ["bucket"] } },
                { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "sse", props: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] }, dependsOn: { bucket: ["bucket"] } },
            ],
            expect: /public access block/,
        },
    ],
    "world-ingress-only-on-load-balancers": [
        {
            what: "SSH from anywhere to a database group",
            resources: [
                { type: "aws:ec2/securityGroup:SecurityGroup", name: "database-sg", props: {} },
                { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "ssh", props: { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 22, toPort: 22 }, dependsOn: { securityGroupId: ["database-sg"] } },
            ],
            expect: /ssh opens tcp 22-22 .*database-sg/,
        },
        {
            what: "a port the application load balancer does not serve",
            resources: [
                { type: "aws:ec2/securityGroup:SecurityGroup", name: "alb-sg", props: { ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"] }] } },
                { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { loadBalancerType: "application", internal: false }, dependsOn: { securityGroups: ["alb-sg"] } },
            ],
            expect: /8080-8080.*allowed there: 80, 443/,
        },
    ],
};
