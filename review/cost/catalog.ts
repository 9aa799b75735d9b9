// Which resource types the estimate prices, which are free, and which inputs it reads of each.
// A type in neither list that costs money is reported unpriced: never a silent zero.
import { priceBackupReplication, priceRdsInstance } from "./rds";
import { priceReplicationGroup } from "./cache";
import { priceEbsVolume, priceEc2Instance, priceSnapshotPolicy } from "./ec2";
import { priceDistribution, priceWebAcl } from "./edge";
import { priceFargateService } from "./fargate";
import { priceElasticIp, priceLoadBalancer, priceNatGateway, priceVpcEndpoint } from "./network";
import { priceAlarm, priceCompositeAlarm, priceDashboard, priceKmsKey, priceLambda, priceRepository, priceSecret } from "./platform";
import { PricingFunction } from "./types";

interface Priceable {
    /** The inputs the pricing reads: the only ones the stack output ever carries (no secret among them). */
    readonly reads: readonly string[];
    readonly price?: PricingFunction;
}

/** Priced types, and types read by another type's pricing (a service reads its task definition). */
export const PRICEABLE: Readonly<Record<string, Priceable>> = {
    "aws:ecs/service:Service": { reads: ["name", "desiredCount", "capacityProviderStrategies"], price: priceFargateService },
    "aws:ecs/taskDefinition:TaskDefinition": { reads: ["family", "cpu", "memory", "runtimePlatform"] },
    "aws:appautoscaling/target:Target": { reads: ["resourceId", "minCapacity", "maxCapacity"] },
    "aws:rds/instance:Instance": { reads: ["identifier", "instanceClass", "multiAz", "allocatedStorage", "maxAllocatedStorage", "iops", "backupRetentionPeriod", "manageMasterUserPassword"], price: priceRdsInstance },
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": { reads: ["sourceDbInstanceArn", "retentionPeriod"], price: priceBackupReplication },
    "aws:elasticache/replicationGroup:ReplicationGroup": { reads: ["engine", "nodeType", "numNodeGroups", "replicasPerNodeGroup", "numCacheClusters"], price: priceReplicationGroup },
    "aws:ec2/instance:Instance": { reads: ["instanceType", "rootBlockDevice"], price: priceEc2Instance },
    "aws:ebs/volume:Volume": { reads: ["type", "size", "iops", "throughput", "tags"], price: priceEbsVolume },
    "aws:dlm/lifecyclePolicy:LifecyclePolicy": { reads: ["policyDetails"], price: priceSnapshotPolicy },
    "aws:ecr/repository:Repository": { reads: ["name"], price: priceRepository },
    "aws:ec2/natGateway:NatGateway": { reads: ["connectivityType"], price: priceNatGateway },
    "aws:ec2/eip:Eip": { reads: ["domain"], price: priceElasticIp },
    "aws:lb/loadBalancer:LoadBalancer": { reads: ["loadBalancerType", "internal", "subnets"], price: priceLoadBalancer },
    "aws:ec2/vpcEndpoint:VpcEndpoint": { reads: ["vpcEndpointType", "serviceName", "subnetIds"], price: priceVpcEndpoint },
    "aws:wafv2/webAcl:WebAcl": { reads: ["rules"], price: priceWebAcl },
    "aws:cloudfront/distribution:Distribution": { reads: ["enabled", "priceClass"], price: priceDistribution },
    "aws:lambda/function:Function": { reads: ["architectures", "memorySize", "timeout"], price: priceLambda },
    "aws:kms/key:Key": { reads: [], price: priceKmsKey },
    "aws:secretsmanager/secret:Secret": { reads: [], price: priceSecret },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { reads: ["metricQueries"], price: priceAlarm },
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": { reads: [], price: priceCompositeAlarm },
    "aws:cloudwatch/dashboard:Dashboard": { reads: [], price: priceDashboard },
    // Priced once for the whole stack (platform.ts, priceLogs).
    "aws:cloudwatch/logGroup:LogGroup": { reads: ["retentionInDays"] },
};

/**
 * Types that cost nothing by themselves. Where a related charge exists it is priced elsewhere,
 * as the comment says; anything not listed here or in PRICEABLE is reported unpriced.
 */
export const FREE: ReadonlySet<string> = new Set([
    // Networking primitives: VPC, subnets, routing, gateways to the internet and to S3.
    "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable", "aws:ec2/route:Route", "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/internetGateway:InternetGateway", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "aws:ec2/securityGroup:SecurityGroup",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    // A network interface's private address is free; an attachment is a link.
    "aws:ec2/networkInterface:NetworkInterface", "aws:ec2/volumeAttachment:VolumeAttachment",
    // Flow logs bill as CloudWatch Logs ingestion (the logIngestionGb assumption).
    "aws:ec2/flowLog:FlowLog",
    // IAM is free.
    "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/instanceProfile:InstanceProfile", "aws:iam/policy:Policy",
    // Key aliases are free; the key is priced.
    "aws:kms/alias:Alias",
    // Secret versions and policies are part of the secret's monthly price; a rotation schedule is free (its function runs as Lambda).
    "aws:secretsmanager/secretVersion:SecretVersion", "aws:secretsmanager/secretPolicy:SecretPolicy", "aws:secretsmanager/secretRotation:SecretRotation",
    // Parameter and subnet groups, users and user groups of the databases and cache are free.
    "aws:rds/parameterGroup:ParameterGroup", "aws:rds/subnetGroup:SubnetGroup",
    "aws:elasticache/parameterGroup:ParameterGroup", "aws:elasticache/subnetGroup:SubnetGroup", "aws:elasticache/user:User", "aws:elasticache/userGroup:UserGroup",
    // Listeners, rules and target groups are covered by the load balancer's hours and capacity units.
    "aws:lb/listener:Listener", "aws:lb/listenerRule:ListenerRule", "aws:lb/targetGroup:TargetGroup",
    // Public ACM certificates and their validation are free.
    "aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation",
    // ECS: capacity provider settings, scaling targets and policies; a task definition is priced through its service.
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "aws:appautoscaling/policy:Policy",
    // ECR lifecycle policies are free (the repository's storage is not: reported unpriced).
    "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    // S3 bucket settings are free; the bucket's storage is reported unpriced.
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketVersioning:BucketVersioning",
    // EventBridge rules on the default bus for AWS service events are free; a target is a link.
    "aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget",
    // Log delivery to CloudWatch Logs bills as ingestion (the logIngestionGb assumption); WAF logging likewise.
    "aws:cloudwatch/logDelivery:LogDelivery", "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    // A permission is a policy statement; an invocation runs a function once at deploy (Lambda requests, negligible).
    "aws:lambda/permission:Permission", "aws:lambda/invocation:Invocation",
    // Route 53 records of a hosted zone declared outside the stack; alias queries to AWS resources are free.
    "aws:route53/record:Record",
]);

/** Packages whose resources are not cloud resources: the engine's own, local generators, and our components. */
export const FREE_PACKAGES: ReadonlySet<string> = new Set(["pulumi", "random", "tls", "hse"]);

export const isFree = (type: string): boolean => FREE.has(type) || FREE_PACKAGES.has(type.split(":")[0]);

/** The inputs of a resource the estimate reads; nothing else ever leaves the program. */
export function costInputsOf(type: string, inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const reads = PRICEABLE[type]?.reads ?? [];
    return Object.fromEntries(reads.filter((k) => inputs[k] !== undefined).map((k) => [k, inputs[k]]));
}
