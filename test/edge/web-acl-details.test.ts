// The web ACL in front of CloudFront in full: each managed group in order, counted not
// overridden, the per-IP rate limit last, every rule visible in metrics and samples.
import { expect } from "chai";
import { MANAGED_RULE_GROUPS, RATE_LIMIT_MIN, RATE_WINDOWS } from "../../components/edge/web-acl";
import { buildStack } from "../../offline/build";

describe("web ACL of production in full", () => {
    it("runs AWS's managed groups by their own actions, then blocks an IP past the rate limit, all visible", async () => {
        const built = await buildStack("production");
        const acl = built.subtree("hse-production-waf").one("aws:wafv2/webAcl:WebAcl");
        const visible = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
        expect(acl.inputs).to.deep.include({
            name: "hse-production-cdn",
            description: "CloudFront of hse-production: AWS managed rules and a per-IP rate limit",
            scope: "CLOUDFRONT",
            defaultAction: { allow: {} },
            visibilityConfig: visible("hse-production-cdn"),
        });
        expect(acl.inputs.rules).to.deep.equal([
            ...MANAGED_RULE_GROUPS.map((group, priority) => ({
                name: group,
                priority,
                overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
                visibilityConfig: visible(`hse-production-${group}`),
            })),
            {
                name: "rate-limit-per-ip",
                priority: 4,
                action: { block: {} },
                statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
                visibilityConfig: visible("hse-production-rate-limit"),
            },
        ]);
    });

    it("knows AWS's managed groups and rate limits by their documented names and values", () => {
        expect([...MANAGED_RULE_GROUPS]).to.deep.equal(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesSQLiRuleSet"]);
        expect([RATE_LIMIT_MIN, [...RATE_WINDOWS]]).to.deep.equal([10, [60, 120, 300, 600]]);
    });
});
