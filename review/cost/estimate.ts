// The monthly cost estimate of a stack from its declared resources (review/cost/README in
// docs/cost.md): one pricing function per resource type, usage from the stack's assumptions,
// a range (min..max) wherever the stack allows one, and every unpriced type listed.
import { FREE, isFree, PRICEABLE } from "./catalog";
import { priceInternetEgress } from "./network";
import { priceLogs } from "./platform";
import { HOURS_PER_MONTH, pricesFor } from "./prices";
import { savingsOf } from "./savings";
import { cents, CostAssumptions, CostEstimate, CostLine, CostResource, Priced, PricingContext, UnpricedEntry } from "./types";

export { FREE };

/** Types that cost money and that the table cannot price, with the reason. */
const KNOWN_UNPRICED: Readonly<Record<string, string>> = {
    "aws:s3/bucket:Bucket": "no sourced S3 storage price",
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": "deploys AWS's rotation function, whose memory, timeout and architecture the stack does not declare",
    "aws:servicediscovery/httpNamespace:HttpNamespace": "no sourced Cloud Map price",
    "aws:ecs/cluster:Cluster": "Container Insights metrics: no sourced price",
    "aws:eks/cluster:Cluster": "no sourced EKS control-plane price",
};

export function estimateCost(resources: readonly CostResource[], region: string, assumptions: CostAssumptions): CostEstimate {
    const stackPrices = pricesFor(region);
    const contextFor = (r?: CostResource): PricingContext => ({ prices: r?.region && r.region !== region ? pricesFor(r.region) : stackPrices, assumptions, all: resources });
    const lines: CostLine[] = [];
    const unpriced = new Map<string, { count: number; reasons: Set<string> }>();
    const report = (type: string, reasons: readonly string[]) => {
        const entry = unpriced.get(type) ?? { count: 0, reasons: new Set<string>() };
        entry.count += 1;
        reasons.forEach((r) => entry.reasons.add(r));
        unpriced.set(type, entry);
    };
    const take = (priced: Priced, type: string) => {
        lines.push(...priced.lines);
        if (priced.unpriced && priced.unpriced.length > 0) report(type, priced.unpriced);
    };

    for (const resource of resources) {
        const pricing = PRICEABLE[resource.type];
        if (pricing?.price) take(pricing.price(resource, contextFor(resource)), resource.type);
        else if (pricing || isFree(resource.type)) continue;
        else report(resource.type, [KNOWN_UNPRICED[resource.type] ?? "not in the price table (review/cost/catalog.ts)"]);
    }
    take(priceLogs(contextFor()), "aws:cloudwatch/logGroup:LogGroup");
    take(priceInternetEgress(contextFor()), "data-transfer");
    // Declaration order differs between the program and a recording (registrations are async): sort.
    lines.sort((a, b) => a.type.localeCompare(b.type) || a.resource.localeCompare(b.resource) || a.what.localeCompare(b.what));

    return {
        region,
        currency: "USD",
        hoursPerMonth: HOURS_PER_MONTH,
        lines,
        total: { min: cents(lines.reduce((s, l) => s + l.monthlyMin, 0)), max: cents(lines.reduce((s, l) => s + l.monthlyMax, 0)) },
        unpriced: [...unpriced].map(([type, e]): UnpricedEntry => ({ type, count: e.count, reasons: [...e.reasons] })).sort((a, b) => a.type.localeCompare(b.type)),
        assumptions,
        savings: savingsOf(lines, contextFor()),
    };
}
