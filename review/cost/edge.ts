// The edge: the WAF web ACL (per ACL, per rule, per million requests) and CloudFront's data
// out (its requests have no sourced price beyond the free 10 M a month).
import { CostResource, line, missing, Priced, PricingContext } from "./types";

export function priceWebAcl(acl: CostResource, { prices, assumptions }: PricingContext): Priced {
    const { wafWebAclMonth: base, wafRuleMonth: rule, wafMillionRequests: requests } = prices;
    if (!base || !rule || !requests) return { lines: [], unpriced: [missing("AWS WAF")] };
    const rules = Array.isArray(acl.inputs.rules) ? acl.inputs.rules.length : 0;
    const monthly = base.usd + rules * rule.usd + assumptions.wafRequestsMillions * requests.usd;
    return { lines: [line(acl, `web ACL with ${rules} rules`, monthly, monthly, `$${base.usd} + ${rules} rules x $${rule.usd} + ${assumptions.wafRequestsMillions} M requests (assumption wafRequestsMillions) x $${requests.usd}`)] };
}

/** CloudFront data out, from an assumption; the always-free terabyte gives the range's low end. */
export function priceDistribution(cdn: CostResource, { prices, assumptions }: PricingContext): Priced {
    const { cloudfrontGb: gb, cloudfrontFreeGb: free } = prices;
    if (!gb || !free) return { lines: [], unpriced: [missing("CloudFront")] };
    const billed = Math.max(0, assumptions.cloudfrontGb - free.usd);
    return {
        lines: [line(cdn, `CloudFront ${assumptions.cloudfrontGb} GB out`, billed * gb.usd, assumptions.cloudfrontGb * gb.usd,
            `${assumptions.cloudfrontGb} GB (assumption cloudfrontGb) x $${gb.usd}/GB; the minimum takes off the ${free.usd} GB free each month (account-wide). Requests: 10 M a month free, no sourced price beyond`)],
    };
}
