// The price table of the cost estimate: AWS list prices, on demand, in USD, per region. Every
// price names where it was found and when (the `search` tool, pages and code corpora, on
// 2026-12-06). A price the search did not find is absent, never guessed: the estimate then
// lists the resource as unpriced with the reason. A region without a table is an error.

/** Hours in the month the estimate uses (AWS's own calculators use 730). */
export const HOURS_PER_MONTH = 730;

export interface Price {
    readonly usd: number;
    /** What one `usd` buys, e.g. "per vCPU-hour". */
    readonly unit: string;
    /** Where the figure was read (an address). */
    readonly source: string;
    /** The day it was looked up. */
    readonly lookedUp: string;
}

const LOOKED_UP = "2026-12-06";
const price = (usd: number, unit: string, source: string): Price => ({ usd, unit, source, lookedUp: LOOKED_UP });

/** Every price the estimator can use; a region's table may lack some (then they are unpriced). */
export interface PriceTable {
    readonly fargate: { readonly x86: { vcpuHour: Price; gbHour: Price }; readonly arm: { vcpuHour: Price; gbHour: Price } };
    /** Fargate Spot's discount off on demand: AWS sets it between these bounds (a range, not one rate). */
    readonly fargateSpotDiscount: { readonly min: Price; readonly max: Price };
    readonly rdsInstanceHour: Readonly<Record<string, Price>>;
    readonly rdsGp3GbMonth: Price;
    readonly rdsIopsMonth: Price;
    readonly rdsBackupGbMonth: Price;
    /** Redis OSS node-hour by node type; Valkey is this less `valkeyNodeDiscount`. */
    readonly elasticacheRedisNodeHour: Readonly<Record<string, Price>>;
    readonly valkeyNodeDiscount: Price;
    readonly ec2InstanceHour: Readonly<Record<string, Price>>;
    readonly ebsGp3GbMonth: Price;
    readonly ebsGp3IopsMonth: Price;
    readonly ebsGp3ThroughputMonth: Price;
    readonly ebsSnapshotGbMonth: Price;
    readonly ecrGbMonth: Price;
    readonly natGatewayHour: Price;
    readonly natGatewayGb: Price;
    readonly publicIpv4Hour: Price;
    readonly albHour: Price;
    readonly albLcuHour: Price;
    readonly nlbHour: Price;
    readonly nlbNlcuHour: Price;
    readonly wafWebAclMonth: Price;
    readonly wafRuleMonth: Price;
    readonly wafMillionRequests: Price;
    readonly interfaceEndpointAzHour: Price;
    readonly interfaceEndpointGb: Price;
    readonly kmsKeyMonth: Price;
    readonly secretMonth: Price;
    /** Per metric an alarm reads: a metric-math alarm of three metrics costs three. */
    readonly alarmMonth: Price;
    readonly compositeAlarmMonth: Price;
    readonly dashboardMonth: Price;
    readonly logIngestionGb: Price;
    readonly logStorageGbMonth: Price;
    readonly internetEgressGb: Price;
    readonly cloudfrontGb: Price;
    /** CloudFront's always-free data out per month, account-wide. */
    readonly cloudfrontFreeGb: Price;
    readonly lambdaMillionRequests: Price;
    readonly lambdaArmGbSecond: Price;
    readonly lambdaX86GbSecond: Price;
    /** Free internet egress per month, account-wide. */
    readonly internetEgressFreeGb: Price;
    readonly interRegionTransferGb: Price;
    /** Savings rates of seed 10.4's optimizations (fractions of the on-demand price). */
    readonly savings: { readonly rdsReserved1yNoUpfront: Price; readonly computeSavingsPlan1yNoUpfront: Price };
}

// Sources, named once.
const FARGATE = "https://www.vantage.sh/blog/fargate-pricing (us-east-1 table quoting https://aws.amazon.com/fargate/pricing/)";
const FARGATE_SPOT = "https://fortem.dev/fargate-spot/ (Spot 50-70% off on demand, set by AWS; https://aws.amazon.com/fargate/pricing/)";
const RDS_T4G = "https://infratally.com/articles/aws-rds-pricing-explained-2026.html (us-east-1 PostgreSQL Single-AZ)";
const RDS_STORAGE = "https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/ (us-east-1, quoting https://aws.amazon.com/rds/pricing/)";
const ELASTICACHE = "https://aws.amazon.com/elasticache/pricing/ figures as quoted (the same value in several public price tables found by code search); the page itself came back without its table";
const VALKEY = "https://amazonaws.cn/en/elasticache/faqs (ElastiCache for Valkey node-based: up to 20% lower cost per node)";
const EC2 = "https://aws.amazon.com/ec2/pricing/on-demand/ figures as quoted (Linux, us-east-1; the same value in several public price tables found by code search)";
const EBS = "https://www.saisci.com/aws/gp3-throughput-explained/ (N. Virginia gp3 table)";
const NAT = "https://basavytix.com/blog/aws-nat-gateway-pricing (us-east-1, quoting https://aws.amazon.com/vpc/pricing/)";
const IPV4 = "https://cloudburn.io/blog/aws-nat-gateway-pricing (public IPv4 $0.005/hour; https://aws.amazon.com/vpc/pricing/)";
const ELB = "https://awsnegotiations.com/elastic-load-balancer-cost.html (us-east-1, quoting https://aws.amazon.com/elasticloadbalancing/pricing/)";
const WAF = "https://c3x.dev/blog/aws-waf-cost-explained/ (https://aws.amazon.com/waf/pricing/; WAF prices are the same in every region per the AWS networking blog)";
const ENDPOINT_HOUR = "https://www.factualminds.com/blog/amazon-vpc-pricing-endpoints-peering-transit-gateway/ (interface endpoint $0.01 per AZ-hour)";
const ENDPOINT_GB = "https://aws.amazon.com/privatelink/pricing/ (first 1 PB per region)";
const KMS = "https://www.wring.co/blog/aws-kms-pricing-guide (customer managed key $1.00 per month; https://aws.amazon.com/kms/pricing/)";
const SECRETS = "https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms ($0.40 per secret-month; https://aws.amazon.com/secrets-manager/pricing/)";
const ALARMS = "https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm (standard resolution)";
const CLOUDWATCH = "https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/ (us-east-1)";
const LOGS = "https://c3x.dev/blog/cloudwatch-logs-cost-optimization (us-east-1 standard log class)";
const EGRESS = "https://cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026/ (internet egress, first 10 TB tier; https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer)";
const EGRESS_FREE = "https://vuink.com/post/tvguho-d-dpbz/1debit/alternat (egress free tier of 100 GB a month)";
const INTER_REGION = "https://www.factualminds.com/blog/amazon-vpc-pricing-endpoints-peering-transit-gateway/ (inter-region data transfer)";
const CLOUDFRONT = "https://aws.amazon.com/cloudfront/pricing/ (read at http://aws.amazon.com/cloudfront/pricing; United States, Mexico, Canada; Europe: first 10 TB; always free 1 TB and 10 M requests a month)";
const LAMBDA = "https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html ($0.20 per 1 M requests, x86 $0.00001667 per GB-second; 1 M requests and 400,000 GB-seconds free a month)";
const LAMBDA_ARM = "https://cloudchipr.com/blog/aws-lambda-pricing (US East (N. Virginia), Arm first tier)";
const RDS_RI = "https://docs.archera.ai/help-center/cloud-service-intelligence/cloud-service-intelligence/aws/database/rds (RDS reserved, No Upfront 1-year: up to 30%)";
const FARGATE_SP = "https://vantage.sh/blog/what-is-an-aws-savings-plan (Fargate Compute Savings Plan, 1 year, No Upfront: ~20%)";

const US_EAST_1: PriceTable = {
    fargate: {
        x86: { vcpuHour: price(0.04048, "per vCPU-hour", FARGATE), gbHour: price(0.004445, "per GB-hour", FARGATE) },
        arm: { vcpuHour: price(0.03238, "per vCPU-hour", FARGATE), gbHour: price(0.00356, "per GB-hour", FARGATE) },
    },
    fargateSpotDiscount: { min: price(0.5, "fraction off on demand", FARGATE_SPOT), max: price(0.7, "fraction off on demand", FARGATE_SPOT) },
    // db.r6g.xlarge is absent on purpose: the public tables found disagree ($0.418-$0.48) and no
    // AWS page answered; it is listed as unpriced until someone reads https://aws.amazon.com/rds/postgresql/pricing/.
    rdsInstanceHour: {
        "db.t4g.micro": price(0.016, "per instance-hour", RDS_T4G),
        "db.t4g.small": price(0.032, "per instance-hour", RDS_T4G),
        "db.t4g.medium": price(0.065, "per instance-hour", RDS_T4G),
    },
    rdsGp3GbMonth: price(0.115, "per GB-month", RDS_STORAGE),
    rdsIopsMonth: price(0.02, "per IOPS-month above the gp3 baseline", RDS_STORAGE),
    rdsBackupGbMonth: price(0.095, "per GB-month beyond 100% of provisioned storage", RDS_STORAGE),
    elasticacheRedisNodeHour: {
        "cache.t4g.micro": price(0.016, "per node-hour (Redis OSS)", ELASTICACHE),
        "cache.t4g.small": price(0.032, "per node-hour (Redis OSS)", ELASTICACHE),
        "cache.r6g.large": price(0.206, "per node-hour (Redis OSS)", ELASTICACHE),
    },
    valkeyNodeDiscount: price(0.2, "fraction off the Redis OSS node price", VALKEY),
    // t4g.small and t4g.medium agree across every public table found; r6g.large likewise.
    ec2InstanceHour: {
        "t4g.small": price(0.0168, "per instance-hour", EC2),
        "t4g.medium": price(0.0336, "per instance-hour", EC2),
        "r6g.large": price(0.1008, "per instance-hour", EC2),
    },
    ebsGp3GbMonth: price(0.08, "per GB-month", EBS),
    // The page prints $0.05, a slip of one digit: AWS's own EU example (https://aws.eu/ebs/pricing,
    // EUR 0.00592 per IOPS-month) and the AWS pricing page give $0.005.
    ebsGp3IopsMonth: price(0.005, "per IOPS-month above 3,000", "https://aws.eu/ebs/pricing (gp3 worked example) and https://aws.amazon.com/ebs/pricing/"),
    ebsGp3ThroughputMonth: price(0.04, "per MiB/s-month above 125", EBS),
    ebsSnapshotGbMonth: price(0.05, "per GB-month (standard tier)", "https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-archive-pricing.html (the standard rate for snapshots)"),
    ecrGbMonth: price(0.1, "per GB-month (private repositories)", "https://cloudburn.io/blog/amazon-ecr-pricing (US East, quoting https://aws.amazon.com/ecr/pricing/)"),
    natGatewayHour: price(0.045, "per NAT gateway-hour", NAT),
    natGatewayGb: price(0.045, "per GB processed", NAT),
    publicIpv4Hour: price(0.005, "per public IPv4 address-hour", IPV4),
    albHour: price(0.0225, "per ALB-hour", ELB),
    albLcuHour: price(0.008, "per LCU-hour", ELB),
    nlbHour: price(0.0225, "per NLB-hour", ELB),
    nlbNlcuHour: price(0.006, "per NLCU-hour", ELB),
    wafWebAclMonth: price(5, "per web ACL-month", WAF),
    wafRuleMonth: price(1, "per rule-month", WAF),
    wafMillionRequests: price(0.6, "per million requests", WAF),
    interfaceEndpointAzHour: price(0.01, "per endpoint per AZ-hour", ENDPOINT_HOUR),
    interfaceEndpointGb: price(0.01, "per GB processed", ENDPOINT_GB),
    kmsKeyMonth: price(1, "per customer managed key-month", KMS),
    secretMonth: price(0.4, "per secret-month", SECRETS),
    alarmMonth: price(0.1, "per standard alarm metric-month", ALARMS),
    compositeAlarmMonth: price(0.5, "per composite alarm-month", ALARMS),
    dashboardMonth: price(3, "per dashboard-month", CLOUDWATCH),
    logIngestionGb: price(0.5, "per GB ingested", LOGS),
    logStorageGbMonth: price(0.03, "per GB-month stored", LOGS),
    internetEgressGb: price(0.09, "per GB to the internet", EGRESS),
    internetEgressFreeGb: price(100, "GB a month free", EGRESS_FREE),
    cloudfrontGb: price(0.085, "per GB out (first 10 TB)", CLOUDFRONT),
    cloudfrontFreeGb: price(1024, "GB a month free", CLOUDFRONT),
    lambdaMillionRequests: price(0.2, "per million requests", LAMBDA),
    lambdaArmGbSecond: price(0.0000133334, "per GB-second (Arm)", LAMBDA_ARM),
    lambdaX86GbSecond: price(0.00001667, "per GB-second (x86)", LAMBDA),
    interRegionTransferGb: price(0.02, "per GB between regions", INTER_REGION),
    savings: {
        rdsReserved1yNoUpfront: price(0.3, "fraction off on demand (up to)", RDS_RI),
        computeSavingsPlan1yNoUpfront: price(0.2, "fraction off on demand (about)", FARGATE_SP),
    },
};

/**
 * us-west-2 holds only what production declares there (decision 0031): the replicated
 * automated backups of RDS and their KMS key. Only the key's price was found for the region
 * (KMS keys cost the same everywhere per the KMS page); backup storage there is unpriced.
 */
const US_WEST_2: Partial<PriceTable> = {
    kmsKeyMonth: price(1, "per customer managed key-month", KMS),
    interRegionTransferGb: US_EAST_1.interRegionTransferGb,
};

const TABLES: Readonly<Record<string, Partial<PriceTable>>> = { "us-east-1": US_EAST_1, "us-west-2": US_WEST_2 };

export class UnknownRegionError extends Error {
    constructor(readonly region: string) {
        super(`no prices for region ${region}: the cost table (review/cost/prices.ts) has ${Object.keys(TABLES).join(", ")}; add the region's prices with their sources`);
        this.name = "UnknownRegionError";
    }
}

/** The price table of `region`; throws UnknownRegionError for a region without one. */
export function pricesFor(region: string): Partial<PriceTable> {
    const table = TABLES[region];
    if (!table) throw new UnknownRegionError(region);
    return table;
}

export const PRICED_REGIONS = Object.keys(TABLES);
