// The edge: the WAF web ACL (per ACL, per rule, per million requests). CloudFront is not in
// the price table (no sourced price was found) and is reported unpriced by the estimator.
import { CostResource, line, missing, Priced, PricingContext } from "./types";

export function priceWebAcl(acl: CostResource, { prices, assumptions }: PricingContext): Priced {
    const { wafWebAclMonth: base, wafRuleMonth: rule, wafMillionRequests: requests } = prices;
    if (!base || !rule || !requests) return { lines: [], unpriced: [missing("AWS WAF")] };
    const rules = Array.isArray(acl.inputs.rules) ? acl.inputs.rules.length : 0;
    const monthly = base.usd + rules * rule.usd + assumptions.wafRequestsMillions * requests.usd;
    return { lines: [line(acl, `web ACL with ${rules} rules`, monthly, monthly, `$${base.usd} + ${rules} rules x $${rule.usd} + ${assumptions.wafRequestsMillions} M requests (assumption wafRequestsMillions) x $${requests.usd}`)] };
}
