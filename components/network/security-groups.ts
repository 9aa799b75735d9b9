// The security groups of the platform (ALB, NLB, services, database, Redis) with every rule
// of security-group-matrix.ts as its own resource. Groups are created with no inline rules,
// so AWS's default allow-all egress is removed and only the matrix applies.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MatrixArgs, Peer, RuleSpec, ruleName, SECURITY_GROUPS, SecurityGroupKey, securityGroupRules } from "./security-group-matrix";

export interface SecurityGroupsArgs extends MatrixArgs {
    readonly namePrefix: string;
    readonly vpcId: pulumi.Input<string>;
}

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

export class SecurityGroups extends pulumi.ComponentResource {
    readonly ids: Record<SecurityGroupKey, pulumi.Output<string>>;

    constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:network:SecurityGroups", name, {}, opts);
        const groups = Object.fromEntries(
            SECURITY_GROUPS.map((key) => [key, new aws.ec2.SecurityGroup(`${args.namePrefix}-${key}-sg`, {
                vpcId: args.vpcId,
                description: `${PURPOSE[key]} (${args.namePrefix})`,
                tags: { Name: `${args.namePrefix}-${key}` },
            }, { parent: this })]),
        ) as Record<SecurityGroupKey, aws.ec2.SecurityGroup>;
        this.ids = Object.fromEntries(SECURITY_GROUPS.map((key) => [key, groups[key].id])) as Record<SecurityGroupKey, pulumi.Output<string>>;

        const rules = securityGroupRules(args);
        const cloudFrontPrefixListId = rules.some((r) => r.peer.kind === "cloudfront")
            ? aws.ec2.getManagedPrefixListOutput({ name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST }, { parent: this }).id
            : undefined;
        for (const rule of rules) {
            this.declareRule(args.namePrefix, rule, groups, cloudFrontPrefixListId);
        }
        this.registerOutputs({ ids: this.ids });
    }

    private declareRule(
        prefix: string,
        rule: RuleSpec,
        groups: Record<SecurityGroupKey, aws.ec2.SecurityGroup>,
        cloudFrontPrefixListId: pulumi.Output<string> | undefined,
    ): void {
        const ruleArgs = {
            securityGroupId: groups[rule.group].id,
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

function peerArgs(peer: Peer, groups: Record<SecurityGroupKey, aws.ec2.SecurityGroup>, cloudFrontPrefixListId?: pulumi.Output<string>) {
    switch (peer.kind) {
        case "cidr":
            return { cidrIpv4: peer.cidr };
        case "group":
            return { referencedSecurityGroupId: groups[peer.group].id };
        case "cloudfront":
            return { prefixListId: cloudFrontPrefixListId };
    }
}
