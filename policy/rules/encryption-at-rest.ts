// Encryption at rest, with the stack's own KMS keys where the service takes one (seed: every
// store encrypted; decision 0025 for which key encrypts what).
import { asArray, hasKey, ResourceRule } from "./rule";

export const rdsEncrypted: ResourceRule = {
    name: "rds-storage-encrypted",
    description: "RDS instances and clusters encrypt their storage with a customer managed KMS key.",
    types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"],
    check: ({ props }) => [
        ...(props.storageEncrypted === true ? [] : ["storageEncrypted must be true"]),
        ...(hasKey(props.kmsKeyId) ? [] : ["kmsKeyId must name the stack's data key"]),
    ],
};

export const cacheEncryptedAtRest: ResourceRule = {
    name: "elasticache-encrypted-at-rest",
    description: "ElastiCache replication groups encrypt data at rest with a customer managed KMS key.",
    types: ["aws:elasticache/replicationGroup:ReplicationGroup"],
    check: ({ props }) => [
        ...(props.atRestEncryptionEnabled === true ? [] : ["atRestEncryptionEnabled must be true"]),
        ...(hasKey(props.kmsKeyId) ? [] : ["kmsKeyId must name the stack's data key"]),
    ],
};

/** Block devices of instances and launch templates; a launch template says "true" as text. */
function unencryptedDevices(devices: unknown, read: (d: any) => unknown): number {
    return asArray(devices as any[]).filter((d) => read(d) !== true && read(d) !== "true").length;
}

export const ebsEncrypted: ResourceRule = {
    name: "ebs-encrypted",
    description: "EBS volumes, instance block devices and launch template block devices are encrypted (volumes with the stack's key).",
    types: ["aws:ebs/volume:Volume", "aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate"],
    check: ({ type, props }) => {
        if (type === "aws:ebs/volume:Volume") {
            return [
                ...(props.encrypted === true ? [] : ["encrypted must be true"]),
                ...(hasKey(props.kmsKeyId) ? [] : ["kmsKeyId must name the stack's data key"]),
            ];
        }
        if (type === "aws:ec2/instance:Instance") {
            const root = props.rootBlockDevice?.encrypted === true ? 0 : 1;
            const others = unencryptedDevices(props.ebsBlockDevices, (d) => d.encrypted);
            return root + others > 0 ? [`${root + others} block device(s) not encrypted (rootBlockDevice.encrypted, ebsBlockDevices[].encrypted)`] : [];
        }
        const count = unencryptedDevices(props.blockDeviceMappings, (d) => d.ebs?.encrypted);
        return count > 0 ? [`${count} block device mapping(s) without ebs.encrypted`] : [];
    },
};

export const secretsEncrypted: ResourceRule = {
    name: "secrets-customer-key",
    description: "Secrets Manager secrets are encrypted with the stack's secrets key, not the AWS managed key.",
    types: ["aws:secretsmanager/secret:Secret"],
    check: ({ props }) => (hasKey(props.kmsKeyId) ? [] : ["kmsKeyId must name the stack's secrets key"]),
};

export const messagingEncrypted: ResourceRule = {
    name: "sns-sqs-encrypted",
    description: "SNS topics and SQS queues encrypt messages at rest.",
    types: ["aws:sns/topic:Topic", "aws:sqs/queue:Queue"],
    check: ({ type, props }) => {
        if (hasKey(props.kmsMasterKeyId)) return [];
        if (type === "aws:sqs/queue:Queue" && props.sqsManagedSseEnabled === true) return [];
        return ["kmsMasterKeyId must be set (or sqsManagedSseEnabled for a queue)"];
    },
};

export const ENCRYPTION_AT_REST = [rdsEncrypted, cacheEncryptedAtRest, ebsEncrypted, secretsEncrypted, messagingEncrypted];
