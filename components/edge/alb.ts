// The public application load balancer (seed §10.2.4): HTTPS on 443 with a current TLS 1.3
// policy, HTTP on 80 redirected to HTTPS, one `ip` target group per service that takes HTTP,
// path rules to the services, invalid headers dropped, desync mitigation, access logs to a
// private bucket. With CloudFront in front, a request must carry CloudFront's secret origin
// header, or the ALB answers 403.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { albTargetGroupName } from "../compute/fixed-names";
import { childName } from "../shared/naming";
import { PrivateBucket } from "../shared/private-bucket";

/**
 * TLS policies Security Hub ELB.17 accepts (elb-controls), TLS 1.3 with 1.2 for older clients.
 * The API's own default (ELBSecurityPolicy-2016-08) is not among them, so the policy is always set.
 */
export const ELB_TLS_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
] as const;
export const DESYNC_MITIGATION_MODES = ["defensive", "strictest"] as const;

/** The header CloudFront adds to every origin request; its value is a secret only the two share. */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";

/** ALB rules: at most 5 condition values per rule (ELB user guide, "Listener rules"). */
export const MAX_RULE_VALUES = 5;
/** Rule priorities AWS accepts (ELB API reference, CreateRule: Priority, valid range 1-50000). */
export const RULE_PRIORITY_RANGE = [1, 50000] as const;
/** Behind CloudFront, the last rule (CloudFront's requests no path rule took) takes the highest. */
export const ORIGIN_DEFAULT_PRIORITY = RULE_PRIORITY_RANGE[1];

export interface AlbHealthCheck {
    readonly path: string;
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
    readonly matcher: string;
}

export interface AlbRoute {
    /** Service name; the target group is named <prefix>-<service>. */
    readonly service: string;
    readonly port: number;
    /** Path patterns sent to this service (none: only as the default). */
    readonly paths: readonly string[];
    /** The service that gets every request no path rule takes. */
    readonly isDefault: boolean;
    /** Priority of the service's path rule (its own, from config): required when it has paths. */
    readonly priority?: number;
}

export interface AlbArgs {
    readonly namePrefix: string;
    readonly loadBalancerName: string;
    readonly vpcId: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<string>[];
    readonly securityGroupIds: pulumi.Input<string>[];
    readonly certificateArn: pulumi.Input<string>;
    readonly tlsPolicy: string;
    readonly idleTimeoutSeconds: number;
    readonly desyncMitigationMode: string;
    readonly healthCheck: AlbHealthCheck;
    readonly deregistrationDelaySeconds: number;
    readonly routes: readonly AlbRoute[];
    /** CloudFront's origin secret: set, requests without it are refused. */
    readonly originSecret?: pulumi.Input<string>;
    readonly accessLogExpiryDays: number;
    readonly protect: boolean;
}

export interface TargetGroupRef {
    readonly arn: pulumi.Output<string>;
    readonly arnSuffix: pulumi.Output<string>;
    /**
     * The listener and rules that forward to the group. ECS attaches a service to a target group
     * only once a load balancer forwards to it, so a service waits for these.
     */
    readonly routedBy: pulumi.Resource[];
}

/**
 * Path rules, each at its service's own priority (a longer path list continues at the next ones).
 * Priorities and rule names come from each service alone, never from its position among the
 * others, so adding a service never moves another's rule (`PriorityInUse`).
 */
export function pathRules(routes: readonly AlbRoute[], withOriginHeader: boolean): { service: string; paths: string[]; priority: number }[] {
    const perRule = MAX_RULE_VALUES - (withOriginHeader ? 1 : 0);
    return routes
        .filter((route) => route.paths.length > 0)
        .flatMap((route) => {
            if (route.priority === undefined) throw new Error(`ALB route ${route.service}: path rules need the service's priority`);
            const priority = route.priority;
            return Array.from({ length: Math.ceil(route.paths.length / perRule) }, (_, chunk) => ({
                service: route.service,
                paths: route.paths.slice(chunk * perRule, (chunk + 1) * perRule),
                priority: priority + chunk,
            }));
        })
        .sort((a, b) => a.priority - b.priority);
}

export class ApplicationLoadBalancer extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly arnSuffix: pulumi.Output<string>;
    readonly dnsName: pulumi.Output<string>;
    readonly zoneId: pulumi.Output<string>;
    readonly targetGroups: Record<string, TargetGroupRef>;
    readonly accessLogBucket: pulumi.Output<string>;

    constructor(name: string, args: AlbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:edge:ApplicationLoadBalancer", name, {}, opts);
        const logs = this.accessLogBucket_(name, args);

        const alb = new aws.lb.LoadBalancer(childName(name, "lb"), {
            name: args.loadBalancerName,
            loadBalancerType: "application",
            internal: false,
            ipAddressType: "ipv4",
            subnets: args.subnetIds,
            securityGroups: args.securityGroupIds,
            idleTimeout: args.idleTimeoutSeconds,
            dropInvalidHeaderFields: true,
            desyncMitigationMode: args.desyncMitigationMode,
            enableDeletionProtection: args.protect,
            accessLogs: { bucket: logs.bucketName, prefix: "alb", enabled: true },
        }, { parent: this, dependsOn: [logs] });

        this.targetGroups = Object.fromEntries(args.routes.map((route) => [route.service, this.targetGroup(name, args, route)]));

        const defaultRoute = args.routes.find((r) => r.isDefault);
        const forward = (service: string) => ({ type: "forward", targetGroupArn: this.targetGroups[service].arn });
        const https = new aws.lb.Listener(childName(name, "https"), {
            loadBalancerArn: alb.arn,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: args.tlsPolicy,
            certificateArn: args.certificateArn,
            // Behind CloudFront, only requests with the origin secret get through (rules below).
            defaultActions: [
                args.originSecret !== undefined || !defaultRoute
                    ? { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: "Forbidden" } }
                    : forward(defaultRoute.service),
            ],
        }, { parent: this });
        for (const group of Object.values(this.targetGroups)) group.routedBy.push(https);
        new aws.lb.Listener(childName(name, "http"), {
            loadBalancerArn: alb.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        }, { parent: this });

        const originHeader = args.originSecret !== undefined ? [{ httpHeader: { httpHeaderName: ORIGIN_VERIFY_HEADER, values: [args.originSecret] } }] : [];
        for (const rule of pathRules(args.routes, args.originSecret !== undefined)) {
            // Named after the service and its own priority: stable while the config is (the released
            // rule-devices-100 keeps its URN at priority 100); a changed priority creates the rule
            // at the new, free priority before deleting the old one.
            const listenerRule = new aws.lb.ListenerRule(childName(name, `rule-${rule.service}-${rule.priority}`), {
                listenerArn: https.arn,
                priority: rule.priority,
                conditions: [{ pathPattern: { values: rule.paths } }, ...originHeader],
                actions: [forward(rule.service)],
            }, { parent: this });
            this.targetGroups[rule.service].routedBy.push(listenerRule);
        }
        if (args.originSecret !== undefined && defaultRoute) {
            // The last rule: CloudFront's requests that no path rule took go to the default service.
            const originDefault = new aws.lb.ListenerRule(childName(name, "rule-origin-default"), {
                listenerArn: https.arn,
                priority: ORIGIN_DEFAULT_PRIORITY,
                conditions: originHeader,
                actions: [forward(defaultRoute.service)],
            }, { parent: this });
            this.targetGroups[defaultRoute.service].routedBy.push(originDefault);
        }

        this.arn = alb.arn;
        this.arnSuffix = alb.arnSuffix;
        this.dnsName = alb.dnsName;
        this.zoneId = alb.zoneId;
        this.accessLogBucket = logs.bucketName;
        this.registerOutputs({ arn: this.arn, dnsName: this.dnsName });
    }

    private targetGroup(name: string, args: AlbArgs, route: AlbRoute): TargetGroupRef {
        const group = new aws.lb.TargetGroup(childName(name, `${route.service}-tg`), {
            // Port and protocol replace a target group (stacks/replacements.ts): in the name, so a
            // changed port gets a new group beside the old one instead of DuplicateTargetGroupName.
            name: albTargetGroupName(args.namePrefix, route.service, route.port),
            port: route.port,
            protocol: "HTTP",
            targetType: "ip",
            vpcId: args.vpcId,
            deregistrationDelay: args.deregistrationDelaySeconds,
            healthCheck: {
                protocol: "HTTP",
                port: "traffic-port",
                path: args.healthCheck.path,
                interval: args.healthCheck.intervalSeconds,
                timeout: args.healthCheck.timeoutSeconds,
                healthyThreshold: args.healthCheck.healthyThreshold,
                unhealthyThreshold: args.healthCheck.unhealthyThreshold,
                matcher: args.healthCheck.matcher,
            },
        }, { parent: this });
        return { arn: group.arn, arnSuffix: group.arnSuffix, routedBy: [] };
    }

    /**
     * ALB access logs support S3-managed encryption only (ELB user guide, "Enable access logs").
     * In Regions older than August 2022 (us-east-1 among them) the log delivery writes as the
     * Region's ELB account; in newer ones as a service principal. The policy allows both.
     */
    private accessLogBucket_(name: string, args: AlbArgs): PrivateBucket {
        const invokeOpts = { parent: this };
        const account = aws.getCallerIdentityOutput({}, invokeOpts).accountId;
        const elbAccount = aws.elb.getServiceAccountOutput({}, invokeOpts).arn;
        const logPath = pulumi.interpolate`/alb/AWSLogs/${account}/*`;
        return new PrivateBucket(childName(name, "access-logs"), {
            bucketPrefix: `${args.namePrefix}-alb-logs-`,
            purpose: "ALB access logs",
            encryption: { kind: "s3" },
            noncurrentVersionDays: 7,
            expireAfterDays: args.accessLogExpiryDays,
            protect: args.protect,
            statements: [
                { sid: "ElbAccountWritesLogs", principals: [{ type: "AWS", identifiers: [elbAccount] }], actions: ["s3:PutObject"], resourceSuffixes: [logPath] },
                { sid: "ElbLogDeliveryWritesLogs", principals: [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }], actions: ["s3:PutObject"], resourceSuffixes: [logPath] },
            ],
        }, { parent: this });
    }
}
