// CloudFront in front of the ALB (seed §10.1): viewers redirected to HTTPS on a current TLS
// policy with the environment's certificate, HTTPS only to the origin, the API not cached
// unless asked, every origin request carrying a secret header the ALB checks, a WAF web ACL,
// and standard logging to CloudWatch Logs. CloudFront is global; its certificate, web ACL and
// log delivery live in us-east-1 (the provider this component is given).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LogRetentionDays } from "../shared/logs";
import { childName } from "../shared/naming";
import { stateful } from "../shared/protection";
import { ORIGIN_VERIFY_HEADER } from "./alb";

/** Viewer TLS policies Security Hub CloudFront.15 accepts (cloudfront-controls). */
export const CLOUDFRONT_TLS_POLICIES = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"] as const;
export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;

/**
 * AWS managed policies (CloudFront developer guide, "Use managed cache policies" and "Use
 * managed origin request policies"): their ids are the same in every account.
 */
export const MANAGED_POLICIES = {
    cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

const ORIGIN_ID = "alb";

export interface CdnArgs {
    readonly namePrefix: string;
    /** The public name viewers use (covered by the certificate). */
    readonly aliases: readonly string[];
    /** The ALB's own name, covered by its certificate (HTTPS to the origin checks it). */
    readonly originDomain: string;
    /** The secret CloudFront sends in X-Origin-Verify. */
    readonly originSecret: pulumi.Input<string>;
    /** A us-east-1 certificate covering `aliases`. */
    readonly certificateArn: pulumi.Input<string>;
    readonly minimumProtocolVersion: string;
    readonly priceClass: string;
    /** Cache GET and HEAD responses by the managed CachingOptimized policy; default off for an API. */
    readonly cacheApi: boolean;
    readonly webAclArn: pulumi.Input<string>;
    readonly logRetentionInDays: LogRetentionDays;
    /** The logs key, when it is in us-east-1. */
    readonly logsKeyArn?: pulumi.Input<string>;
    /** Protect the log group (production): logs are evidence, like every other log group (decision 0010). */
    readonly protect: boolean;
}

export class ContentDeliveryNetwork extends pulumi.ComponentResource {
    readonly domainName: pulumi.Output<string>;
    readonly hostedZoneId: pulumi.Output<string>;
    readonly distributionId: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    /** What the distribution costs by besides traffic (the `sizing` stack output). */
    readonly sizing: { readonly priceClass: string };

    constructor(name: string, args: CdnArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:edge:ContentDeliveryNetwork", name, {}, opts);
        this.sizing = { priceClass: args.priceClass };
        const distribution = new aws.cloudfront.Distribution(childName(name, "distribution"), {
            enabled: true,
            comment: `${args.namePrefix} API`,
            aliases: [...args.aliases],
            httpVersion: "http2and3",
            isIpv6Enabled: true,
            priceClass: this.sizing.priceClass,
            webAclId: args.webAclArn,
            origins: [{
                originId: ORIGIN_ID,
                domainName: args.originDomain,
                customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"], originKeepaliveTimeout: 60, originReadTimeout: 60 },
                customHeaders: [{ name: ORIGIN_VERIFY_HEADER, value: args.originSecret }],
            }],
            defaultCacheBehavior: {
                targetOriginId: ORIGIN_ID,
                viewerProtocolPolicy: "redirect-to-https",
                allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
                cachedMethods: ["GET", "HEAD"],
                cachePolicyId: args.cacheApi ? MANAGED_POLICIES.cachingOptimized : MANAGED_POLICIES.cachingDisabled,
                originRequestPolicyId: MANAGED_POLICIES.allViewerExceptHostHeader,
                compress: true,
            },
            viewerCertificate: { acmCertificateArn: args.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: args.minimumProtocolVersion },
            restrictions: { geoRestriction: { restrictionType: "none" } },
        }, { parent: this });

        this.standardLogging(name, args, distribution);

        this.domainName = distribution.domainName;
        this.hostedZoneId = distribution.hostedZoneId;
        this.distributionId = distribution.id;
        this.arn = distribution.arn;
        this.registerOutputs({ domainName: this.domainName, distributionId: this.distributionId });
    }

    /** Standard logging (v2): access logs delivered to a CloudWatch log group with retention. */
    private standardLogging(name: string, args: CdnArgs, distribution: aws.cloudfront.Distribution): void {
        const logs = new aws.cloudwatch.LogGroup(childName(name, "access-logs"), {
            namePrefix: `/${args.namePrefix}/cloudfront/access-`,
            retentionInDays: args.logRetentionInDays,
            kmsKeyId: args.logsKeyArn,
        }, { parent: this, ...stateful(args.protect) });
        const source = new aws.cloudwatch.LogDeliverySource(childName(name, "log-source"), {
            name: `${args.namePrefix}-cdn-access`,
            logType: "ACCESS_LOGS",
            resourceArn: distribution.arn,
        }, { parent: this });
        const destination = new aws.cloudwatch.LogDeliveryDestination(childName(name, "log-destination"), {
            name: `${args.namePrefix}-cdn-access`,
            outputFormat: "json",
            deliveryDestinationConfiguration: { destinationResourceArn: logs.arn },
        }, { parent: this });
        new aws.cloudwatch.LogDelivery(childName(name, "log-delivery"), {
            deliverySourceName: source.name,
            deliveryDestinationArn: destination.arn,
        }, { parent: this });
    }
}
