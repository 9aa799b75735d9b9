// Wiring of the edge tier: the certificate, the ALB (and its target groups, one per service it
// routes to), the NLB of the service that takes device connections, CloudFront with its WAF
// where enabled, and the public names. Returns what the services attach to.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ApplicationLoadBalancer, TargetGroupRef } from "../components/edge/alb";
import { ContentDeliveryNetwork } from "../components/edge/cdn";
import { DnsValidatedCertificate } from "../components/edge/certificate";
import { DnsRecords, AliasTarget } from "../components/edge/dns-records";
import { NetworkLoadBalancer } from "../components/edge/nlb";
import { OriginSecret } from "../components/edge/origin-secret";
import { WebAcl } from "../components/edge/web-acl";
import { nlbTargetGroupName } from "../components/compute/fixed-names";
import { physicalName } from "../components/shared/naming";
import { LoggedBucket } from "../components/shared/server-access-logs";
import { devicesDomainOf } from "./config/nlb";
import { createAwsProvider, TierContext } from "./context";
import { KeysTier } from "./keys";
import { NetworkTier } from "./network";
import { TierHandle } from "./tier";

export interface EdgeTier extends TierHandle {
    /** `app/<name>/<id>`: the LoadBalancer dimension of the ALB's CloudWatch metrics. */
    readonly albArnSuffix: pulumi.Output<string>;
    /** The ALB target group of each service the ALB routes to (with its ARN suffix, the TargetGroup dimension). */
    readonly albTargetGroups: Readonly<Record<string, TargetGroupRef>>;
    /** The NLB and its target group, with the service behind it; `arnSuffix` and `targetGroupArnSuffix` are their metrics' dimensions. */
    readonly nlb?: { readonly service: string; readonly targetGroupArn: pulumi.Output<string>; readonly arnSuffix: pulumi.Output<string>; readonly targetGroupArnSuffix: pulumi.Output<string>; readonly routedBy: pulumi.Resource[] };
    /** The tier's S3 buckets, whose requests the access-log bucket records. */
    readonly buckets: readonly LoggedBucket[];
}

/** CloudFront's origin: a name of ours for the ALB, covered by the ALB's certificate. */
export function originDomainOf(domain: string): string {
    return `origin-${domain}`;
}

export function buildEdgeTier(context: TierContext, { keys, network }: { keys: KeysTier; network: NetworkTier }): EdgeTier {
    const { config, namePrefix, providers } = context;
    const opts = { providers: [providers.aws] };
    const protect = config.protectStatefulResources;
    const cdnEnabled = config.cdn.enabled;
    const publicDomain = config.alb.domain;
    const zoneId = aws.route53.getZoneOutput({ name: config.alb.hostedZone, privateZone: false }, { provider: providers.aws }).zoneId;

    const services = Object.entries(config.services);
    const devices = services.find(([, s]) => s.nlb !== undefined);
    // The devices' own name, so the certificate the NLB presents can match what they dial
    // (decision 0026); listed last, so the other names keep their validation records.
    const devicesDomain = devices ? devicesDomainOf(publicDomain) : undefined;
    const certificateNames = [publicDomain, ...(cdnEnabled ? [originDomainOf(publicDomain)] : []), ...(devicesDomain ? [devicesDomain] : [])];
    const albCertificate = config.alb.certificateArn
        ? undefined
        : new DnsValidatedCertificate(`${namePrefix}-certificate`, { domainNames: certificateNames, hostedZoneId: zoneId }, opts);
    const certificateArn: pulumi.Input<string> = config.alb.certificateArn ?? albCertificate!.arn;
    const originSecret = cdnEnabled ? new OriginSecret(`${namePrefix}-origin-secret`, opts).value : undefined;

    const portOf = (service: (typeof services)[number][1], name: string) => service.ports.find((p) => p.name === name)!.port;
    const alb = new ApplicationLoadBalancer(`${namePrefix}-alb`, {
        namePrefix,
        loadBalancerName: physicalName(namePrefix, "alb", 32),
        vpcId: network.vpcId,
        subnetIds: network.subnetIds.public,
        securityGroupIds: [network.securityGroupIds.alb],
        certificateArn,
        tlsPolicy: config.alb.tlsPolicy,
        idleTimeoutSeconds: config.alb.idleTimeoutSeconds,
        desyncMitigationMode: config.alb.desyncMitigationMode,
        healthCheck: config.alb.healthCheck,
        deregistrationDelaySeconds: config.alb.deregistrationDelaySeconds,
        routes: services.flatMap(([name, s]) => (s.alb ? [{ service: name, port: portOf(s, s.alb.port), paths: s.alb.paths, isDefault: s.alb.default, priority: s.alb.priority }] : [])),
        originSecret,
        accessLogExpiryDays: config.alb.accessLogExpiryDays,
        protect,
    }, opts);

    const nlb = devices && new NetworkLoadBalancer(`${namePrefix}-nlb`, {
        namePrefix,
        loadBalancerName: physicalName(namePrefix, "nlb", 32),
        // Port and protocol replace a target group: in its name (see the ALB's, stacks/replacements.ts).
        targetGroupName: nlbTargetGroupName(namePrefix, devices[0], portOf(devices[1], devices[1].nlb!.port)),
        vpcId: network.vpcId,
        subnetIds: network.subnetIds.public,
        securityGroupIds: [network.securityGroupIds.nlb],
        port: portOf(devices[1], devices[1].nlb!.port),
        healthCheck: config.nlb.healthCheck,
        deregistrationDelaySeconds: config.nlb.deregistrationDelaySeconds,
        tls: config.nlb.protocol === "TLS" ? { certificateArn, policy: config.nlb.tlsPolicy } : undefined,
        protect,
    }, opts);

    const cdn = cdnEnabled ? buildCdn(context, keys, zoneId, { arn: certificateArn, validationRecords: albCertificate?.validationRecords }, originSecret!) : undefined;

    const aliases: AliasTarget[] = cdn
        ? [
              { name: publicDomain, dnsName: cdn.distribution.domainName, zoneId: cdn.distribution.hostedZoneId, ipv6: true },
              { name: originDomainOf(publicDomain), dnsName: alb.dnsName, zoneId: alb.zoneId, ipv6: false },
          ]
        : [{ name: publicDomain, dnsName: alb.dnsName, zoneId: alb.zoneId, ipv6: false }];
    if (nlb && devicesDomain) aliases.push({ name: devicesDomain, dnsName: nlb.dnsName, zoneId: nlb.zoneId, ipv6: false });
    new DnsRecords(`${namePrefix}-dns`, { hostedZoneId: zoneId, aliases }, opts);

    return {
        albArnSuffix: alb.arnSuffix,
        albTargetGroups: alb.targetGroups,
        nlb: devices && nlb ? { service: devices[0], targetGroupArn: nlb.targetGroupArn, arnSuffix: nlb.arnSuffix, targetGroupArnSuffix: nlb.targetGroupArnSuffix, routedBy: [nlb.listener] } : undefined,
        buckets: [{ name: "alb-logs", bucket: alb.accessLogBucket }],
        outputs: {
            publicUrl: `https://${publicDomain}`,
            /** What the deploy workflow checks after an update: the public name and the path the ALB's health check asks. */
            readinessUrl: `https://${publicDomain}${config.alb.healthCheck.path}`,
            albDnsName: alb.dnsName,
            albAccessLogBucket: alb.accessLogBucket,
            nlbDnsName: nlb?.dnsName ?? null,
            /** Where devices connect: the name the certificate covers, with the protocol they must speak. */
            devicesEndpoint: devices && devicesDomain ? `${config.nlb.protocol.toLowerCase()}://${devicesDomain}:${portOf(devices[1], devices[1].nlb!.port)}` : null,
            cloudFrontDomainName: cdn?.distribution.domainName ?? null,
            cloudFrontDistributionId: cdn?.distribution.distributionId ?? null,
            // What the tier costs by besides traffic, as its components declared it (docs/outputs.md).
            sizing: {
                applicationLoadBalancers: 1,
                networkLoadBalancers: nlb ? 1 : 0,
                cloudFront: cdn ? { ...cdn.distribution.sizing, webAclRules: cdn.webAcl.sizing.rules } : null,
            },
        },
    };
}

/** CloudFront and its WAF, in us-east-1 (the main provider when the stack is already there). */
function buildCdn(
    context: TierContext,
    keys: KeysTier,
    zoneId: pulumi.Output<string>,
    albCertificate: { arn: pulumi.Input<string>; validationRecords?: Readonly<Record<string, pulumi.Output<string>>> },
    originSecret: pulumi.Output<string>,
) {
    const { config, namePrefix, providers } = context;
    const inUsEast1 = config.region === "us-east-1";
    const usEast1 = providers.awsUsEast1 ?? (inUsEast1 ? providers.aws : createAwsProvider(config, "us-east-1"));
    const opts = { providers: [usEast1] };
    // Outside us-east-1 the logs key is in another region; those log groups use CloudWatch's own key.
    const logsKeyArn = inUsEast1 ? keys.logs.arn : undefined;
    // Outside us-east-1, CloudFront needs a certificate there; its name's validation record is the
    // ALB certificate's when this stack made that one (ACM gives both the same record).
    const certificateArn = inUsEast1
        ? albCertificate.arn
        : new DnsValidatedCertificate(`${namePrefix}-cdn-certificate`, { domainNames: [config.alb.domain], hostedZoneId: zoneId, existingValidationRecords: albCertificate.validationRecords }, opts).arn;
    const waf = new WebAcl(`${namePrefix}-waf`, {
        namePrefix,
        managedRuleGroups: config.cdn.waf.managedRuleGroups,
        rateLimit: config.cdn.waf.rateLimit,
        rateWindowSeconds: config.cdn.waf.rateWindowSeconds,
        logRetentionInDays: config.cdn.logRetentionInDays,
        logsKeyArn,
        protect: config.protectStatefulResources,
    }, opts);
    const distribution = new ContentDeliveryNetwork(`${namePrefix}-cdn`, {
        namePrefix,
        aliases: [config.alb.domain],
        originDomain: originDomainOf(config.alb.domain),
        originSecret,
        certificateArn,
        minimumProtocolVersion: config.cdn.minimumProtocolVersion,
        priceClass: config.cdn.priceClass,
        cacheApi: config.cdn.cacheApi,
        webAclArn: waf.arn,
        logRetentionInDays: config.cdn.logRetentionInDays,
        logsKeyArn,
        protect: config.protectStatefulResources,
    }, opts);
    return { distribution, webAcl: waf };
}
