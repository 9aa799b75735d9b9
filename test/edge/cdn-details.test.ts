// CloudFront in full: every setting of the production distribution asserted exactly, and the
// cache switch a stack file may turn on.
import { expect } from "chai";
import { MANAGED_POLICIES } from "../../components/edge/cdn";
import { buildStack, BuiltStack } from "../../offline/build";
import { editSection } from "../config/edit";
import { secretValue } from "../data/types";

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

describe("CloudFront of production in full", () => {
    let built: BuiltStack;
    before(async () => {
        built = await buildStack("production");
    });
    const distribution = () => built.subtree("hse-production-cdn").one(DISTRIBUTION);

    it("serves api-production.hse.com over HTTP/2 and HTTP/3, IPv6 too, everywhere, behind the web ACL", () => {
        const d = distribution();
        expect(d.inputs).to.deep.include({
            enabled: true,
            comment: "hse-production API",
            aliases: ["api-production.hse.com"],
            httpVersion: "http2and3",
            isIpv6Enabled: true,
            priceClass: "PriceClass_100",
            restrictions: { geoRestriction: { restrictionType: "none" } },
        });
        expect(d.inputs.webAclId).to.equal(built.subtree("hse-production-waf").one("aws:wafv2/webAcl:WebAcl").outputs!.arn);
    });

    it("passes every method of the API to the origin over HTTPS only, caching nothing and compressing responses", () =>
        expect(distribution().inputs.defaultCacheBehavior).to.deep.equal({
            targetOriginId: "alb",
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
            cachedMethods: ["GET", "HEAD"],
            cachePolicyId: MANAGED_POLICIES.cachingDisabled,
            originRequestPolicyId: MANAGED_POLICIES.allViewerExceptHostHeader,
            compress: true,
        }));

    it("reaches the ALB by its own name on 443 with TLS 1.2, keeping connections 60 s", () => {
        const [origin] = secretValue(distribution().inputs.origins);
        expect(origin.customOriginConfig).to.deep.equal({ httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"], originKeepaliveTimeout: 60, originReadTimeout: 60 });
    });

    it("delivers its access logs as JSON from a named source to a named destination", () => {
        const cdn = built.subtree("hse-production-cdn");
        expect(cdn.one("aws:cloudwatch/logDeliverySource:LogDeliverySource").inputs).to.deep.include({ name: "hse-production-cdn-access", logType: "ACCESS_LOGS" });
        const destination = cdn.one("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination");
        expect(destination.inputs).to.deep.equal({
            name: "hse-production-cdn-access",
            outputFormat: "json",
            deliveryDestinationConfiguration: { destinationResourceArn: cdn.one("aws:cloudwatch/logGroup:LogGroup").outputs!.arn },
        });
        expect(cdn.one("aws:cloudwatch/logDelivery:LogDelivery").inputs.deliveryDestinationArn).to.equal(destination.outputs!.arn);
        expect(cdn.one("aws:cloudwatch/logGroup:LogGroup").inputs.namePrefix).to.equal("/hse-production/cloudfront/access-");
    });

    it("uses AWS's managed policies by their documented ids", () =>
        expect(MANAGED_POLICIES).to.deep.equal({
            cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
            cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
            allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
        }));

    it("caches GET and HEAD by CachingOptimized when the stack file asks for it", async () => {
        const cached = await buildStack("production", { editConfig: editSection("cdn", (c) => { c.cacheApi = true; }) });
        expect(cached.subtree("hse-production-cdn").one(DISTRIBUTION).inputs.defaultCacheBehavior.cachePolicyId).to.equal(MANAGED_POLICIES.cachingOptimized);
    });
});
