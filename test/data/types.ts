import * as pulumi from "@pulumi/pulumi";

// Resource types the data tier's tests read.
export const D = {
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    rds: "aws:rds/instance:Instance",
    rdsParams: "aws:rds/parameterGroup:ParameterGroup",
    backupReplication: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    profile: "aws:iam/instanceProfile:InstanceProfile",
    secret: "aws:secretsmanager/secret:Secret",
    secretPolicy: "aws:secretsmanager/secretPolicy:SecretPolicy",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    rotation: "aws:secretsmanager/secretRotation:SecretRotation",
    sar: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack",
    lambda: "aws:lambda/function:Function",
    invocation: "aws:lambda/invocation:Invocation",
    permission: "aws:lambda/permission:Permission",
    password: "random:index/randomPassword:RandomPassword",
    instance: "aws:ec2/instance:Instance",
    eni: "aws:ec2/networkInterface:NetworkInterface",
    volume: "aws:ebs/volume:Volume",
    volumeAttachment: "aws:ec2/volumeAttachment:VolumeAttachment",
    dlm: "aws:dlm/lifecyclePolicy:LifecyclePolicy",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    bucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
    bucketPublicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketOwnership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    bucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    replicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
    cacheParams: "aws:elasticache/parameterGroup:ParameterGroup",
    cacheUser: "aws:elasticache/user:User",
    cacheUserGroup: "aws:elasticache/userGroup:UserGroup",
} as const;

/** The statements of a rendered IAM policy, by Sid. */
export function statementsBySid(policyJson: string): Record<string, any> {
    const document = JSON.parse(policyJson);
    return Object.fromEntries(document.Statement.map((s: any) => [s.Sid, s]));
}

/** The plain value behind Pulumi's secret marker; throws if the value was not secret. */
export function secretValue(value: any): any {
    if (!pulumi.runtime.isRpcSecret(value)) throw new Error(`expected a secret, got ${JSON.stringify(value)}`);
    return pulumi.runtime.unwrapRpcSecret(value);
}
