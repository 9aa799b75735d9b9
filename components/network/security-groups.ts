// The security groups of the platform (ALB, NLB, services, database, Redis, ...) and one per
// service (decision 0039), with every rule of security-group-matrix.ts as its own resource. Groups are created with no inline rules,
// so AWS's default allow-all egress is removed and only the matrix applies.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GroupKey, MatrixArgs, Peer, RuleSpec, ruleName, SECURITY_GROUPS, SecurityGroupKey, serviceGroupKey, securityGroupRules } from "./security-group-matrix";

export interface SecurityGroupsArgs extends MatrixArgs {
    readonly namePrefix: string;
    readonly vpcId: pulumi.Input<string>;
}

// A description cannot change in place (the provider replaces the group), so these stay as
// released: since decision 0039 the database group is RDS's alone and the TimescaleDB host
// accepts its clients on database-host.
const PURPOSE: Record<SecurityGroupKey, string> = {
    alb: "Application load balancer",
    nlb: "Network load balancer for device TCP connections",
    services: "ECS Fargate service tasks",
    database: "PostgreSQL (RDS) and TimescaleDB",
    redis: "ElastiCache Redis",
    "data-functions": "Data tier functions (database bootstrap, rotation)",
    "database-host": "Self-managed database host (TimescaleDB): outbound for packages and AWS APIs",
};

/** AWS-managed list of CloudFront's origin-facing addresses (CloudFront developer guide). */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

/**
 * A service's group says whose it is, never what it reaches: the description cannot change in
 * place, so a new secret adds rules and leaves the group (and the ECS service) as they are.
 */
export function servicePurpose(service: string): string {
    return `ECS service ${service}: reaches only the data stores whose secrets it reads`;
}

export class SecurityGroups extends pulumi.ComponentResource {
    readonly ids: Record<SecurityGroupKey, pulumi.Output<string>>;
    /** Per service of config: its own group (decision 0039). */
    readonly serviceIds: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:network:SecurityGroups", name, {}, opts);
        // No physical name: AWS names each group after its resource name plus a random suffix,
        // so a replacement is created before the old group is deleted (decision 0027).
        const group = (key: GroupKey, description: string) => new aws.ec2.SecurityGroup(`${args.namePrefix}-${key}-sg`, {
            vpcId: args.vpcId,
            description: `${description} (${args.namePrefix})`,
            tags: { Name: `${args.namePrefix}-${key}` },
        }, { parent: this });
        const groups: Partial<Record<GroupKey, aws.ec2.SecurityGroup>> = {};
        for (const key of SECURITY_GROUPS) groups[key] = group(key, PURPOSE[key]);
        for (const service of args.services) groups[serviceGroupKey(service.name)] = group(serviceGroupKey(service.name), servicePurpose(service.name));
        this.ids = Object.fromEntries(SECURITY_GROUPS.map((key) => [key, groups[key]!.id])) as Record<SecurityGroupKey, pulumi.Output<string>>;
        this.serviceIds = Object.fromEntries(args.services.map((s) => [s.name, groups[serviceGroupKey(s.name)]!.id]));

        const rules = securityGroupRules(args);
        const cloudFrontPrefixListId = rules.some((r) => r.peer.kind === "cloudfront")
            ? aws.ec2.getManagedPrefixListOutput({ name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST }, { parent: this }).id
            : undefined;
        for (const rule of rules) {
            this.declareRule(args.namePrefix, rule, groups, cloudFrontPrefixListId);
        }
        this.registerOutputs({ ids: this.ids, serviceIds: this.serviceIds });
    }

    private declareRule(
        prefix: string,
        rule: RuleSpec,
        groups: Partial<Record<GroupKey, aws.ec2.SecurityGroup>>,
        cloudFrontPrefixListId: pulumi.Output<string> | undefined,
    ): void {
        const ruleArgs = {
            securityGroupId: groups[rule.group]!.id,
            description: rule.description,
            ...(rule.port === undefined ? { ipProtocol: "-1" } : { ipProtocol: "tcp", fromPort: rule.port, toPort: rule.port }),
            ...peerArgs(rule.peer, groups, cloudFrontPrefixListId),
        };
        const name = ruleName(prefix, rule);
        if (rule.direction === "ingress") {
            new aws.vpc.SecurityGroupIngressRule(name, ruleArgs, { parent: this });
        } else {
            new aws.vpc.SecurityGroupEgressRule(name, ruleArgs, { parent: this });
        }
    }
}

function peerArgs(peer: Peer, groups: Partial<Record<GroupKey, aws.ec2.SecurityGroup>>, cloudFrontPrefixListId?: pulumi.Output<string>) {
    switch (peer.kind) {
        case "cidr":
            return { cidrIpv4: peer.cidr };
        case "group":
            return { referencedSecurityGroupId: groups[peer.group]!.id };
        case "cloudfront":
            return { prefixListId: cloudFrontPrefixListId };
    }
}
