// Production keeps its data: stateful resources carry Pulumi's `protect` (decision 0010) and the
// services' own deletion protection. The stack is read from the URN, so dev and staging, which
// config lets tear down, are not held to it.
import { hasKey, isProduction, PRODUCTION_STACK, ResourceRule } from "./rule";

/** Data and keys (decision 0010, `stateful`): what a deletion would lose. */
export const STATEFUL_TYPES = [
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:ebs/volume:Volume",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "aws:ecr/repository:Repository",
    "aws:efs/fileSystem:FileSystem",
    "aws:dynamodb/table:Table",
];

export const statefulProtected: ResourceRule = {
    name: "stateful-protected-in-production",
    description: `In ${PRODUCTION_STACK}, stateful resources (${STATEFUL_TYPES.map((t) => t.split(":").pop()).join(", ")}) are declared with protect.`,
    types: STATEFUL_TYPES,
    check: ({ urn, opts }) => (isProduction(urn) && !opts.protect ? ["a stateful resource in production must be protected (protect: true)"] : []),
};

function deletionGuards(type: string, props: Record<string, any>): string[] {
    switch (type) {
        case "aws:rds/instance:Instance":
        case "aws:rds/cluster:Cluster":
            return [
                ...(props.deletionProtection === true ? [] : ["deletionProtection must be true"]),
                ...(props.skipFinalSnapshot === true ? ["skipFinalSnapshot must be false"] : []),
            ];
        case "aws:elasticache/replicationGroup:ReplicationGroup":
            return hasKey(props.finalSnapshotIdentifier) ? [] : ["finalSnapshotIdentifier must be set"];
        case "aws:ebs/volume:Volume":
            return props.finalSnapshot === true ? [] : ["finalSnapshot must be true"];
        case "aws:lb/loadBalancer:LoadBalancer":
            return props.enableDeletionProtection === true ? [] : ["enableDeletionProtection must be true"];
        case "aws:ec2/instance:Instance":
            return props.disableApiTermination === true ? [] : ["disableApiTermination must be true"];
        default:
            return [];
    }
}

export const deletionProtection: ResourceRule = {
    name: "deletion-protection-in-production",
    description: `In ${PRODUCTION_STACK}, databases, caches, volumes, load balancers and instances refuse deletion (or leave a final snapshot).`,
    types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:elasticache/replicationGroup:ReplicationGroup", "aws:ebs/volume:Volume", "aws:lb/loadBalancer:LoadBalancer", "aws:ec2/instance:Instance"],
    check: ({ type, props, urn }) => (isProduction(urn) ? deletionGuards(type, props) : []),
};

export const PROTECTION = [statefulProtected, deletionProtection];
