// Images are scanned and immutable; data stores keep automatic backups.
import { ResourceRule } from "./rule";

export const ecrRepository: ResourceRule = {
    name: "ecr-scan-immutable-encrypted",
    description: "ECR repositories scan images on push, keep tags immutable and encrypt with a KMS key.",
    types: ["aws:ecr/repository:Repository"],
    check: ({ props }) => [
        ...(props.imageScanningConfiguration?.scanOnPush === true ? [] : ["imageScanningConfiguration.scanOnPush must be true"]),
        ...(props.imageTagMutability === "IMMUTABLE" ? [] : [`imageTagMutability must be IMMUTABLE (is ${props.imageTagMutability ?? "MUTABLE by default"})`]),
        ...((props.encryptionConfigurations ?? []).some((c: any) => c.encryptionType === "KMS") ? [] : ["encryptionConfigurations must use KMS"]),
    ],
};

export const backupsRetained: ResourceRule = {
    name: "automatic-backups",
    description: "RDS instances and ElastiCache replication groups keep automatic backups for at least a day.",
    types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:elasticache/replicationGroup:ReplicationGroup"],
    check: ({ type, props }) => {
        const days = type === "aws:elasticache/replicationGroup:ReplicationGroup" ? props.snapshotRetentionLimit : props.backupRetentionPeriod;
        const key = type === "aws:elasticache/replicationGroup:ReplicationGroup" ? "snapshotRetentionLimit" : "backupRetentionPeriod";
        return typeof days === "number" && days >= 1 ? [] : [`${key} must be at least 1 (is ${days ?? "unset"})`];
    },
};

export const RESILIENCE = [ecrRepository, backupsRetained];
