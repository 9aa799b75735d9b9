// Network: NAT gateways (hours and data processed), public IPv4 addresses, load balancers
// (hours, an assumed capacity-unit load, and their public addresses), interface endpoints
// (per zone-hour and data), and internet egress of the whole stack.
import { HOURS_PER_MONTH } from "./prices";
import { CostResource, line, missing, Priced, PricingContext } from "./types";

const NAT = "aws:ec2/natGateway:NatGateway";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const count = (all: readonly CostResource[], type: string, keep: (r: CostResource) => boolean = () => true) => all.filter((r) => r.type === type && keep(r)).length;

export function priceNatGateway(nat: CostResource, { prices, assumptions, all }: PricingContext): Priced {
    const { natGatewayHour: hour, natGatewayGb: gb } = prices;
    if (!hour || !gb) return { lines: [], unpriced: [missing("NAT gateways")] };
    // The assumed NAT traffic is spread evenly over the stack's gateways.
    const share = assumptions.natProcessedGb / Math.max(1, count(all, NAT));
    const monthly = hour.usd * HOURS_PER_MONTH + share * gb.usd;
    return { lines: [line(nat, "NAT gateway hours + data processed", monthly, monthly, `$${hour.usd}/h x ${HOURS_PER_MONTH} h + ${Math.round(share)} GB (assumption natProcessedGb, shared by the gateways) x $${gb.usd}/GB`)] };
}

export function priceElasticIp(eip: CostResource, { prices }: PricingContext): Priced {
    const ipv4 = prices.publicIpv4Hour;
    if (!ipv4) return { lines: [], unpriced: [missing("public IPv4 addresses")] };
    const monthly = ipv4.usd * HOURS_PER_MONTH;
    return { lines: [line(eip, "public IPv4 address", monthly, monthly, `$${ipv4.usd}/h x ${HOURS_PER_MONTH} h`)] };
}

export function priceLoadBalancer(lb: CostResource, { prices, assumptions }: PricingContext): Priced {
    const network = lb.inputs.loadBalancerType === "network";
    const hour = network ? prices.nlbHour : prices.albHour;
    const unit = network ? prices.nlbNlcuHour : prices.albLcuHour;
    const units = network ? assumptions.nlbNlcu : assumptions.albLcu;
    if (!hour || !unit) return { lines: [], unpriced: [missing(network ? "NLB" : "ALB")] };
    const zones = Array.isArray(lb.inputs.subnets) ? lb.inputs.subnets.length : 1;
    // An internet-facing load balancer holds one public IPv4 address per zone.
    const publicIps = lb.inputs.internal === true ? 0 : zones;
    const ipv4 = prices.publicIpv4Hour?.usd ?? 0;
    const monthly = (hour.usd + units * unit.usd + publicIps * ipv4) * HOURS_PER_MONTH;
    const name = network ? "NLB" : "ALB";
    return {
        lines: [line(lb, `${name} hours + ${units} ${network ? "NLCU" : "LCU"} + ${publicIps} public IPv4`, monthly, monthly,
            `($${hour.usd} + ${units} ${network ? "NLCU (assumption nlbNlcu)" : "LCU (assumption albLcu)"} x $${unit.usd} + ${publicIps} IPv4 x $${ipv4}) per hour x ${HOURS_PER_MONTH} h`)],
        unpriced: publicIps > 0 && !prices.publicIpv4Hour ? [missing("public IPv4 addresses")] : [],
    };
}

export function priceVpcEndpoint(endpoint: CostResource, { prices, assumptions, all }: PricingContext): Priced {
    // Gateway endpoints (S3, DynamoDB) are free; interface endpoints bill per zone-hour.
    if (endpoint.inputs.vpcEndpointType !== "Interface") return { lines: [] };
    const { interfaceEndpointAzHour: hour, interfaceEndpointGb: gb } = prices;
    if (!hour || !gb) return { lines: [], unpriced: [missing("interface VPC endpoints")] };
    const zones = Array.isArray(endpoint.inputs.subnetIds) ? endpoint.inputs.subnetIds.length : 1;
    const share = assumptions.interfaceEndpointGb / Math.max(1, count(all, ENDPOINT, (r) => r.inputs.vpcEndpointType === "Interface"));
    const monthly = zones * hour.usd * HOURS_PER_MONTH + share * gb.usd;
    return { lines: [line(endpoint, `interface endpoint in ${zones} zones`, monthly, monthly, `${zones} zones x $${hour.usd}/h x ${HOURS_PER_MONTH} h + ${Math.round(share)} GB (assumption interfaceEndpointGb, shared) x $${gb.usd}/GB`)] };
}

/** Internet egress of the whole stack: not a resource, an assumption priced with the free tier as the range. */
export function priceInternetEgress({ prices, assumptions }: PricingContext): Priced {
    const stack: CostResource = { type: "data-transfer", name: "internet egress", inputs: {} };
    const { internetEgressGb: gb, internetEgressFreeGb: free } = prices;
    if (!gb || !free) return { lines: [], unpriced: [missing("internet data transfer")] };
    const billed = Math.max(0, assumptions.internetEgressGb - free.usd);
    return { lines: [line(stack, `${assumptions.internetEgressGb} GB out to the internet`, billed * gb.usd, assumptions.internetEgressGb * gb.usd,
        `${assumptions.internetEgressGb} GB (assumption internetEgressGb) x $${gb.usd}/GB; the minimum takes off the ${free.usd} GB free each month (account-wide, so maybe used elsewhere)`)] };
}
