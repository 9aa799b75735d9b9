// TimescaleDB for device events on a Graviton EC2 instance of ours (RDS cannot load the
// extension). The instance lives in a private subnet (its packages come through NAT; the
// database subnets have no route out), has no SSH and no key pair (Session Manager only),
// requires IMDSv2, and keeps its data on a separate encrypted gp3 volume that survives the
// replacement of the instance. A fixed network interface keeps its address stable for the
// secrets. WAL is archived continuously and base backups taken by pgBackRest to an encrypted,
// versioned, private bucket (point-in-time recovery); the volume is also snapshotted daily;
// a failed system check recovers the instance.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmNotifications, NO_NOTIFICATIONS, notifyingAlarm } from "../observability/alarm-actions";
import { policyJson, serviceTrustJson } from "../shared/iam";
import { childName } from "../shared/naming";
import { PrivateBucket } from "../shared/private-bucket";
import { stateful } from "../shared/protection";
import { cloudConfig, userDataBase64 } from "./timescale-boot";
import { UBUNTU_ARM64_AMI_PARAMETER } from "./timescale-engine";

/** Session Manager's instance permissions (Systems Manager user guide, "Create a custom IAM role for Session Manager"). */
export const SESSION_MANAGER_ACTIONS = [
    "ssm:UpdateInstanceInformation",
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
];

/** The device name the data volume is attached as (on Nitro it appears as an NVMe device). */
export const DATA_DEVICE_NAME = "/dev/sdf";

export interface TimescaleInstanceArgs {
    readonly namePrefix: string;
    /** Who the recovery alarm notifies on alarm and on recovery (the alerts topic), besides EC2's recover action; none if not given. */
    readonly notifications?: AlarmNotifications;
    readonly region: string;
    readonly instanceType: string;
    readonly dataVolume: { readonly sizeGb: number; readonly iops: number; readonly throughputMibps: number };
    readonly postgresMajor: number;
    readonly timescaledbVersion: string;
    readonly port: number;
    readonly database: string;
    /** The private subnet (and its zone) the instance and its volume live in. */
    readonly subnetId: pulumi.Input<string>;
    readonly availabilityZone: string;
    readonly securityGroupIds: pulumi.Input<string>[];
    /** Networks pg_hba accepts (TLS and SCRAM only): the private subnets. */
    readonly allowedCidrs: readonly string[];
    readonly adminSecretArn: pulumi.Input<string>;
    readonly appSecretArn: pulumi.Input<string>;
    /** The server's certificate and private key (timescale-certificates.ts). */
    readonly tlsSecretArn: pulumi.Input<string>;
    readonly dataKeyArn: pulumi.Input<string>;
    readonly secretsKeyArn: pulumi.Input<string>;
    readonly fullBackupsKept: number;
    readonly backupNoncurrentVersionDays: number;
    readonly snapshotsKept: number;
    /** The network interface the instance uses (created by the caller, so secrets can carry its address first). */
    readonly networkInterfaceId: pulumi.Input<string>;
    readonly protect: boolean;
}

/** The root volume: the OS and packages only (the data live on the data volume). */
const ROOT_VOLUME_GB = 16;

/** What the server costs by: the values its inputs are built from (the `sizing` stack output). */
export interface TimescaleSizing {
    readonly instanceType: string;
    readonly rootVolume: { readonly type: "gp3"; readonly sizeGb: number };
    readonly dataVolume: { readonly type: "gp3"; readonly sizeGb: number; readonly iops: number; readonly throughputMibps: number };
    /** EBS snapshots of the data volume kept by the lifecycle policy. */
    readonly snapshotsKept: number;
}

/** The sizing of a server with these arguments; the instance and volumes are declared from the same object. */
export function timescaleSizing(args: TimescaleInstanceArgs): TimescaleSizing {
    return {
        instanceType: args.instanceType,
        rootVolume: { type: "gp3", sizeGb: ROOT_VOLUME_GB },
        dataVolume: { type: "gp3", sizeGb: args.dataVolume.sizeGb, iops: args.dataVolume.iops, throughputMibps: args.dataVolume.throughputMibps },
        snapshotsKept: args.snapshotsKept,
    };
}

export class TimescaleInstance extends pulumi.ComponentResource {
    readonly sizing: TimescaleSizing;
    readonly instanceId: pulumi.Output<string>;
    readonly volumeId: pulumi.Output<string>;
    readonly backupBucketName: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: TimescaleInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:data:TimescaleInstance", name, {}, opts);
        const invokeOpts = { parent: this };
        const partition = aws.getPartitionOutput({}, invokeOpts).partition;

        const backups = new PrivateBucket(childName(name, "backups"), {
            bucketPrefix: `${args.namePrefix}-timescale-backups-`,
            purpose: "TimescaleDB WAL archive and base backups (pgBackRest)",
            encryption: { kind: "kms", keyArn: args.dataKeyArn },
            noncurrentVersionDays: args.backupNoncurrentVersionDays,
            protect: args.protect,
        }, { parent: this });

        const sizing = timescaleSizing(args);
        this.sizing = sizing;
        const snapshotTag = `${args.namePrefix}-timescale-data`;
        const volume = new aws.ebs.Volume(childName(name, "data"), {
            availabilityZone: args.availabilityZone,
            type: sizing.dataVolume.type,
            size: sizing.dataVolume.sizeGb,
            iops: sizing.dataVolume.iops,
            throughput: sizing.dataVolume.throughputMibps,
            encrypted: true,
            kmsKeyId: args.dataKeyArn,
            finalSnapshot: args.protect,
            tags: { Name: `${args.namePrefix}-timescale-data`, SnapshotPolicy: snapshotTag },
        }, { parent: this, ...stateful(args.protect) });

        const role = this.instanceRole(name, args, backups);
        const profile = new aws.iam.InstanceProfile(childName(name, "profile"), { role: role.name }, { parent: this });

        const ami = aws.ssm.getParameterOutput({ name: UBUNTU_ARM64_AMI_PARAMETER }, invokeOpts).value;
        const userData = pulumi
            .all([volume.id, backups.bucketName, args.adminSecretArn, args.appSecretArn, args.tlsSecretArn])
            .apply(([dataVolumeId, backupBucket, adminSecretArn, appSecretArn, tlsSecretArn]) =>
                cloudConfig({
                    region: args.region,
                    dataVolumeId,
                    postgresMajor: args.postgresMajor,
                    timescaledbVersion: args.timescaledbVersion,
                    port: args.port,
                    database: args.database,
                    adminSecretArn,
                    appSecretArn,
                    tlsSecretArn,
                    allowedCidrs: args.allowedCidrs,
                    backupBucket,
                    fullBackupsKept: args.fullBackupsKept,
                }),
            )
            .apply(userDataBase64);

        const instance = new aws.ec2.Instance(childName(name, "instance"), {
            ami,
            instanceType: sizing.instanceType,
            iamInstanceProfile: profile.name,
            primaryNetworkInterface: { networkInterfaceId: args.networkInterfaceId },
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
            rootBlockDevice: { volumeType: sizing.rootVolume.type, volumeSize: sizing.rootVolume.sizeGb, encrypted: true, kmsKeyId: args.dataKeyArn, deleteOnTermination: true },
            ebsOptimized: true,
            monitoring: true,
            userDataBase64: userData,
            // A changed boot document means a new instance; the data volume and the address stay.
            userDataReplaceOnChange: true,
            // Refuses a termination by hand; the provider lifts it itself before a replacement
            // (terraform-provider-aws, ec2_instance.go resourceInstanceDelete:
            // disableInstanceAPITermination(ctx, conn, id, false) before terminating).
            disableApiTermination: args.protect,
            tags: { Name: `${args.namePrefix}-timescale` },
        }, {
            parent: this,
            // The volume and the network interface attach to one instance at a time.
            deleteBeforeReplace: true,
            // A new Ubuntu image must not replace the database: upgrades are deliberate (pulumi up --replace).
            ignoreChanges: ["ami"],
            // Not protected: the instance holds no state (the data is on the volume, the address on
            // the interface, the backups in the bucket, all three protected), and it must be
            // replaceable on a changed boot document and by the recovery step in docs/data.md.
        });

        new aws.ec2.VolumeAttachment(childName(name, "data-attachment"), {
            deviceName: DATA_DEVICE_NAME,
            volumeId: volume.id,
            instanceId: instance.id,
            // PostgreSQL is stopped cleanly before the volume is taken away.
            stopInstanceBeforeDetaching: true,
        }, { parent: this, deleteBeforeReplace: true });

        this.snapshotPolicy(name, args, snapshotTag, partition);

        notifyingAlarm(childName(name, "recover"), {
            alarmDescription: `${args.namePrefix} TimescaleDB: the host failed its system status check; EC2 recovers the instance onto healthy hardware`,
            namespace: "AWS/EC2",
            metricName: "StatusCheckFailed_System",
            dimensions: { InstanceId: instance.id },
            statistic: "Maximum",
            period: 60,
            evaluationPeriods: 2,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            alarmActions: [pulumi.interpolate`arn:${partition}:automate:${args.region}:ec2:recover`],
        }, args.notifications ?? NO_NOTIFICATIONS, { parent: this });

        this.instanceId = instance.id;
        this.volumeId = volume.id;
        this.backupBucketName = backups.bucketName;
        this.roleName = role.name;
        this.registerOutputs({ instanceId: this.instanceId, volumeId: this.volumeId, backupBucketName: this.backupBucketName });
    }

    /** Session Manager, its two credentials, its TLS certificate and key, and its backup bucket: nothing else. */
    private instanceRole(name: string, args: TimescaleInstanceArgs, backups: PrivateBucket): aws.iam.Role {
        const role = new aws.iam.Role(childName(name, "role"), {
            description: `TimescaleDB instance of ${args.namePrefix}`,
            assumeRolePolicy: serviceTrustJson("ec2.amazonaws.com", { parent: this }),
        }, { parent: this });
        new aws.iam.RolePolicy(childName(name, "policy"), {
            role: role.id,
            policy: policyJson([
                { sid: "SessionManagerOnly", actions: [...SESSION_MANAGER_ACTIONS], resources: ["*"] },
                { sid: "ReadItsCredentialsAtBoot", actions: ["secretsmanager:GetSecretValue"], resources: [args.adminSecretArn, args.appSecretArn] },
                { sid: "ReadItsTlsKeyAtBoot", actions: ["secretsmanager:GetSecretValue"], resources: [args.tlsSecretArn] },
                {
                    sid: "DecryptThemThroughSecretsManager",
                    actions: ["kms:Decrypt"],
                    resources: [args.secretsKeyArn],
                    conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${args.region}.amazonaws.com`] }],
                },
                { sid: "ListBackupBucket", actions: ["s3:ListBucket", "s3:GetBucketLocation"], resources: [backups.arn] },
                { sid: "ReadWriteBackups", actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [pulumi.interpolate`${backups.arn}/*`] },
                {
                    sid: "EncryptBackupsThroughS3",
                    actions: ["kms:Decrypt", "kms:GenerateDataKey"],
                    resources: [args.dataKeyArn],
                    conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [`s3.${args.region}.amazonaws.com`] }],
                },
            ], { parent: this }),
        }, { parent: this });
        return role;
    }

    /** Daily EBS snapshots of the data volume, by tag, kept `snapshotsKept` days. */
    private snapshotPolicy(name: string, args: TimescaleInstanceArgs, snapshotTag: string, partition: pulumi.Output<string>): void {
        const role = new aws.iam.Role(childName(name, "snapshots-role"), {
            description: `Data Lifecycle Manager: snapshots of ${args.namePrefix}'s TimescaleDB volume`,
            assumeRolePolicy: serviceTrustJson("dlm.amazonaws.com", { parent: this }),
        }, { parent: this });
        new aws.iam.RolePolicyAttachment(childName(name, "snapshots-policy"), {
            role: role.name,
            // AWS's own policy for Data Lifecycle Manager's EBS snapshot policies.
            policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole`,
        }, { parent: this });
        new aws.dlm.LifecyclePolicy(childName(name, "snapshots"), {
            description: `${args.namePrefix} TimescaleDB data volume, daily`,
            executionRoleArn: role.arn,
            state: "ENABLED",
            policyDetails: {
                policyType: "EBS_SNAPSHOT_MANAGEMENT",
                resourceTypes: ["VOLUME"],
                targetTags: { SnapshotPolicy: snapshotTag },
                schedules: [{
                    name: "daily",
                    createRule: { interval: 24, intervalUnit: "HOURS", times: "03:30" },
                    retainRule: { count: this.sizing.snapshotsKept },
                    copyTags: true,
                    tagsToAdd: { SnapshotOf: `${args.namePrefix}-timescale-data` },
                }],
            },
        }, { parent: this });
    }
}
