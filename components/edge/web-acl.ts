// The WAF web ACL in front of CloudFront (scope CLOUDFRONT, which lives in us-east-1): AWS's
// managed rule groups and a per-IP rate limit, every rule with its metrics, and logging to a
// log group whose name WAF requires to start with aws-waf-logs-, credentials redacted.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LogRetentionDays } from "../shared/logs";
import { childName } from "../shared/naming";
import { stateful } from "../shared/protection";

/** AWS managed rule groups (WAF developer guide, "AWS Managed Rules rule groups list"). */
export const MANAGED_RULE_GROUPS = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesSQLiRuleSet",
] as const;
export type ManagedRuleGroup = (typeof MANAGED_RULE_GROUPS)[number];

/**
 * Request headers whose values WAF writes to its logs as `REDACTED`: credentials must not sit in
 * logs for their retention. WAF can redact only UriPath, QueryString, SingleHeader and Method
 * (WAF API reference, LoggingConfiguration.RedactedFields); the provider wants header names in
 * lowercase (aws_wafv2_web_acl_logging_configuration, "Single Header").
 */
export const REDACTED_HEADERS = ["authorization", "cookie"] as const;

/** Rate-based rules: at least 10 requests per window; windows of 60, 120, 300 or 600 s (WAF developer guide). */
export const RATE_LIMIT_MIN = 10;
export const RATE_WINDOWS = [60, 120, 300, 600] as const;

export interface WebAclArgs {
    readonly namePrefix: string;
    readonly managedRuleGroups: readonly ManagedRuleGroup[];
    /** Requests one IP may make per window before it is blocked. */
    readonly rateLimit: number;
    readonly rateWindowSeconds: number;
    readonly logRetentionInDays: LogRetentionDays;
    /** The logs key, when it is in us-east-1 (the web ACL's region). */
    readonly logsKeyArn?: pulumi.Input<string>;
    /** Protect the log group (production): logs are evidence, like every other log group (decision 0010). */
    readonly protect: boolean;
}

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

export class WebAcl extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    /** WAF bills per web ACL and per rule (the `sizing` stack output). */
    readonly sizing: { readonly rules: number };

    constructor(name: string, args: WebAclArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:edge:WebAcl", name, {}, opts);
        const managed = args.managedRuleGroups.map((group, i) => ({
            name: group,
            priority: i,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            visibilityConfig: visibility(`${args.namePrefix}-${group}`),
        }));
        const rate = {
            name: "rate-limit-per-ip",
            priority: managed.length,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: args.rateLimit, aggregateKeyType: "IP", evaluationWindowSec: args.rateWindowSeconds } },
            visibilityConfig: visibility(`${args.namePrefix}-rate-limit`),
        };
        const rules = [...managed, rate];
        this.sizing = { rules: rules.length };
        const acl = new aws.wafv2.WebAcl(childName(name, "acl"), {
            name: `${args.namePrefix}-cdn`,
            description: `CloudFront of ${args.namePrefix}: AWS managed rules and a per-IP rate limit`,
            scope: "CLOUDFRONT",
            defaultAction: { allow: {} },
            rules,
            visibilityConfig: visibility(`${args.namePrefix}-cdn`),
        }, { parent: this });

        const logs = new aws.cloudwatch.LogGroup(childName(name, "logs"), {
            name: `aws-waf-logs-${args.namePrefix}-cdn`,
            retentionInDays: args.logRetentionInDays,
            kmsKeyId: args.logsKeyArn,
        }, { parent: this, ...stateful(args.protect) });
        new aws.wafv2.WebAclLoggingConfiguration(childName(name, "logging"), {
            resourceArn: acl.arn,
            logDestinationConfigs: [logs.arn],
            redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
        }, { parent: this });

        this.arn = acl.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
