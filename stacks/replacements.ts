// Resources the stacks create under a fixed physical name, and the inputs whose change makes the
// provider replace them (ForceNew in the Terraform provider's schema, which pulumi-aws bridges).
// Pulumi creates a replacement before it deletes the original, so a replacement under the same
// name fails half-way ("already exists", DuplicateTargetGroupName). Each input is handled one of
// four ways; test/platform/replacements.test.ts builds the stacks with config changes and fails
// when a change reaches such an input without its handling (decision 0027). `npm run docs`
// writes this table to docs/replacements.md.
import { GUARDED_INPUTS } from "./change-guard";

/** How a stack survives a change of the input. */
export type Handling =
    /** No config reaches it: the code sets a constant (or a resource the guard keeps, such as the VPC). */
    | { readonly kind: "constant"; readonly why: string }
    /** The input is part of the name (a replacementSuffix), so the replacement gets a new name. */
    | { readonly kind: "in-name" }
    /** The change guard refuses the config change, with the two-step procedure. */
    | { readonly kind: "guarded"; readonly key: (typeof GUARDED_INPUTS)[number]["key"] };

export interface ReplacingInput {
    /** The Pulumi input (camelCase) and its Terraform attribute. */
    readonly input: string;
    readonly attribute: string;
    readonly handling: Handling;
}

export interface FixedNameResource {
    readonly type: string;
    /** The input that holds the fixed name. */
    readonly nameInput: string;
    /** The provider schema the ForceNew attributes come from (hashicorp/terraform-provider-aws). */
    readonly source: string;
    readonly replacedBy: readonly ReplacingInput[];
}

const TF = "hashicorp/terraform-provider-aws";
const constant = (why: string): Handling => ({ kind: "constant", why });
const VPC_GUARDED = constant("the VPC; its CIDR change is refused by the change guard (network.vpcCidr)");
const KEY = constant("a KMS key of the stack, never replaced by config (deletion is scheduled, not immediate)");
const NAME_ONLY: readonly ReplacingInput[] = [];

export const FIXED_NAME_RESOURCES: readonly FixedNameResource[] = [
    {
        type: "aws:lb/targetGroup:TargetGroup",
        nameInput: "name",
        source: `${TF} internal/service/elbv2/target_group.go (name, port, protocol, protocol_version, target_type, vpc_id, ip_address_type: ForceNew)`,
        replacedBy: [
            { input: "port", attribute: "port", handling: { kind: "in-name" } },
            { input: "protocol", attribute: "protocol", handling: { kind: "in-name" } },
            { input: "targetType", attribute: "target_type", handling: constant("always ip (Fargate tasks)") },
            { input: "vpcId", attribute: "vpc_id", handling: VPC_GUARDED },
        ],
    },
    {
        type: "aws:lb/loadBalancer:LoadBalancer",
        nameInput: "name",
        source: `${TF} internal/service/elbv2/load_balancer.go (name, internal, load_balancer_type: ForceNew)`,
        replacedBy: [
            { input: "internal", attribute: "internal", handling: constant("always internet-facing") },
            { input: "loadBalancerType", attribute: "load_balancer_type", handling: constant("application or network, by component") },
        ],
    },
    {
        type: "aws:rds/instance:Instance",
        nameInput: "identifier",
        source: `${TF} internal/service/rds/instance.go (identifier, username, db_name, kms_key_id, storage_encrypted: ForceNew)`,
        replacedBy: [
            { input: "username", attribute: "username", handling: { kind: "guarded", key: "postgres.masterUsername" } },
            { input: "dbName", attribute: "db_name", handling: { kind: "guarded", key: "postgres.databaseName" } },
            { input: "kmsKeyId", attribute: "kms_key_id", handling: KEY },
            { input: "storageEncrypted", attribute: "storage_encrypted", handling: constant("always true") },
        ],
    },
    {
        type: "aws:elasticache/replicationGroup:ReplicationGroup",
        nameInput: "replicationGroupId",
        source: `${TF} internal/service/elasticache/replication_group.go (replication_group_id, port, kms_key_id, at_rest_encryption_enabled, subnet_group_name: ForceNew; engine on downgrade; cluster-enabled cannot change on a parameter group in use)`,
        replacedBy: [
            { input: "port", attribute: "port", handling: { kind: "guarded", key: "cache.port" } },
            { input: "engine", attribute: "engine", handling: { kind: "guarded", key: "cache.engine" } },
            { input: "clusterMode", attribute: "cluster_mode", handling: { kind: "guarded", key: "cache.clusterMode" } },
            { input: "kmsKeyId", attribute: "kms_key_id", handling: KEY },
            { input: "atRestEncryptionEnabled", attribute: "at_rest_encryption_enabled", handling: constant("always true") },
            { input: "subnetGroupName", attribute: "subnet_group_name", handling: constant("the network tier's fixed subnet group") },
        ],
    },
    {
        type: "aws:elasticache/user:User",
        nameInput: "userId",
        source: `${TF} internal/service/elasticache/user.go (user_id, user_name: ForceNew)`,
        replacedBy: [{ input: "userName", attribute: "user_name", handling: { kind: "guarded", key: "cache.appUsername" } }],
    },
    {
        type: "aws:elasticache/userGroup:UserGroup",
        nameInput: "userGroupId",
        source: `${TF} internal/service/elasticache/user_group.go (user_group_id: ForceNew)`,
        replacedBy: NAME_ONLY,
    },
    { type: "aws:ecs/cluster:Cluster", nameInput: "name", source: `${TF} internal/service/ecs/cluster.go (name: ForceNew)`, replacedBy: NAME_ONLY },
    {
        type: "aws:ecs/service:Service",
        nameInput: "name",
        source: `${TF} internal/service/ecs/service.go (name, cluster, launch_type, scheduling_strategy: ForceNew)`,
        replacedBy: [{ input: "cluster", attribute: "cluster", handling: constant("the stack's one cluster, of fixed name") }],
    },
    {
        type: "aws:ecr/repository:Repository",
        nameInput: "name",
        source: `${TF} internal/service/ecr/repository.go (name, encryption_configuration: ForceNew)`,
        replacedBy: [{ input: "encryptionConfigurations", attribute: "encryption_configuration", handling: KEY }],
    },
    { type: "aws:cloudwatch/logGroup:LogGroup", nameInput: "name", source: `${TF} internal/service/logs/group.go (name, log_group_class: ForceNew)`, replacedBy: NAME_ONLY },
    { type: "aws:kms/alias:Alias", nameInput: "name", source: `${TF} internal/service/kms/alias.go (name: ForceNew)`, replacedBy: NAME_ONLY },
    { type: "aws:lambda/function:Function", nameInput: "name", source: `${TF} internal/service/lambda/function.go (function_name: ForceNew)`, replacedBy: NAME_ONLY },
    { type: "aws:secretsmanager/secret:Secret", nameInput: "name", source: `${TF} internal/service/secretsmanager/secret.go (name: ForceNew)`, replacedBy: NAME_ONLY },
    // fifo_topic is never set: the alerts topic is a standard topic.
    // The availability burn alarms (service-alarms.ts) are named so the composite's rule and the
    // set-alarm-state check can name them; only the name replaces them.
    { type: "aws:cloudwatch/metricAlarm:MetricAlarm", nameInput: "name", source: `${TF} internal/service/cloudwatch/metric_alarm.go (alarm_name: ForceNew)`, replacedBy: NAME_ONLY },
    { type: "aws:cloudwatch/compositeAlarm:CompositeAlarm", nameInput: "alarmName", source: `${TF} internal/service/cloudwatch/composite_alarm.go (alarm_name: ForceNew)`, replacedBy: NAME_ONLY },
    { type: "aws:sns/topic:Topic", nameInput: "name", source: `${TF} internal/service/sns/topic.go (name, fifo_topic: ForceNew)`, replacedBy: NAME_ONLY },
    {
        type: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack",
        nameInput: "name",
        source: `${TF} internal/service/serverlessrepo/cloudformation_stack.go (name, application_id: ForceNew)`,
        replacedBy: [{ input: "applicationId", attribute: "application_id", handling: constant("AWS's rotation application, pinned in code") }],
    },
    { type: "aws:servicediscovery/httpNamespace:HttpNamespace", nameInput: "name", source: `${TF} internal/service/servicediscovery/http_namespace.go (name: ForceNew)`, replacedBy: NAME_ONLY },
    {
        type: "aws:wafv2/webAcl:WebAcl",
        nameInput: "name",
        source: `${TF} internal/service/wafv2/web_acl.go (name, scope: ForceNew)`,
        replacedBy: [{ input: "scope", attribute: "scope", handling: constant("always CLOUDFRONT") }],
    },
    {
        type: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
        nameInput: "name",
        source: `${TF} internal/service/logs/delivery_source.go (name, log_type, resource_arn: RequiresReplace)`,
        replacedBy: [{ input: "logType", attribute: "log_type", handling: constant("always ACCESS_LOGS") }],
    },
    { type: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", nameInput: "name", source: `${TF} internal/service/logs/delivery_destination.go (name: RequiresReplace)`, replacedBy: NAME_ONLY },
    {
        type: "aws:appautoscaling/policy:Policy",
        nameInput: "name",
        source: `${TF} internal/service/appautoscaling/policy.go (name, resource_id, scalable_dimension, service_namespace: ForceNew)`,
        replacedBy: [{ input: "resourceId", attribute: "resource_id", handling: constant("service/<cluster>/<service>, both of fixed name") }],
    },
    { type: "aws:cloudwatch/eventRule:EventRule", nameInput: "name", source: `${TF} internal/service/events/rule.go (name, event_bus_name: ForceNew)`, replacedBy: NAME_ONLY },
    {
        type: "aws:route53/record:Record",
        nameInput: "name",
        source: `${TF} internal/service/route53/record.go (name, type, zone_id, set_identifier: ForceNew; allow_overwrite lets validation records take over)`,
        replacedBy: [{ input: "zoneId", attribute: "zone_id", handling: constant("the hosted zone is looked up, not created") }],
    },
];

/** Inputs that name another resource rather than give this one a name: not fixed names. */
export const NAME_REFERENCES: Readonly<Record<string, string>> = {
    "aws:lambda/invocation:Invocation": "functionName names the function invoked",
};

function handlingText(h: Handling): string {
    switch (h.kind) {
        case "constant":
            return `not from config: ${h.why}`;
        case "in-name":
            return "in the name (replacementSuffix): a change creates a new one beside the old";
        case "guarded":
            return `refused by the change guard (\`${h.key}\`) with the two-step procedure`;
    }
}

/** docs/replacements.md, generated by `npm run docs`. */
export function replacementsMarkdown(): string {
    const lines = [
        "# Resources of fixed name and what replaces them",
        "",
        "Generated from `stacks/replacements.ts` by `npm run docs`; do not edit. Decision 0027 says why.",
        "",
        "| resource type | name input | input that replaces it | handling | source |",
        "|---|---|---|---|---|",
    ];
    for (const r of FIXED_NAME_RESOURCES) {
        const rows = r.replacedBy.length > 0 ? r.replacedBy : [undefined];
        for (const i of rows) {
            lines.push(`| \`${r.type}\` | \`${r.nameInput}\` | ${i ? `\`${i.input}\` (${i.attribute})` : "only the name (fixed in code)"} | ${i ? handlingText(i.handling) : "-"} | ${r.source} |`);
        }
    }
    return `${lines.join("\n")}\n`;
}
