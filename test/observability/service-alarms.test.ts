// The services' alarms (issue 20): the availability burn alarms on the ALB, per environment:
// their metrics, statistic, periods, thresholds, dimensions (the declared ALB's ARN suffix) and
// actions; paging in production only; none in dev.
import { expect } from "chai";
import { buildStack, BuiltStack, DeclaredResource } from "../../offline/build";
import { editSection } from "../config/edit";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
const COMPONENT = "hse:observability:ServiceAlarms";
const WINDOWS = [
    { burn: "fast", factor: 14.4, periods: [3600, 300], suffixes: ["1h", "5min"] },
    { burn: "slow", factor: 6, periods: [21600, 1800], suffixes: ["6h", "30min"] },
];

const albArnSuffix = (built: BuiltStack) => built.ofType("aws:lb/loadBalancer:LoadBalancer").find((lb) => lb.inputs.loadBalancerType === "application")!.outputs!.arnSuffix as string;
const topicArn = (built: BuiltStack) => built.one("aws:sns/topic:Topic").outputs!.arn as string;
const alarmNamed = (built: BuiltStack, name: string): DeclaredResource => {
    const found = built.ofType(ALARM).filter((a) => a.inputs.name === name);
    expect(found, name).to.have.length(1);
    return found[0];
};

function expectWindowAlarm(alarm: DeclaredResource, built: BuiltStack, factor: number, period: number) {
    expect(alarm.inputs.threshold).to.equal(factor);
    expect(alarm.inputs.comparisonOperator).to.equal("GreaterThanOrEqualToThreshold");
    expect(alarm.inputs.evaluationPeriods).to.equal(1);
    expect(alarm.inputs.treatMissingData).to.equal("notBreaching");
    expect(alarm.inputs.alarmActions).to.deep.equal([topicArn(built)]);
    expect(alarm.inputs.okActions).to.deep.equal([topicArn(built)]);
    const queries: any[] = alarm.inputs.metricQueries;
    const metrics = queries.filter((q) => q.metric);
    expect(metrics.map((q) => q.metric.metricName)).to.deep.equal(["RequestCount", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count"]);
    for (const q of metrics) {
        expect(q.metric).to.deep.equal({ namespace: "AWS/ApplicationELB", metricName: q.metric.metricName, dimensions: { LoadBalancer: albArnSuffix(built) }, stat: "Sum", period });
        expect(q.returnData).to.equal(false);
    }
    const returned = queries.filter((q) => q.returnData);
    expect(returned).to.have.length(1);
    expect(returned[0].expression).to.equal("(FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests / 0.001");
}

for (const [stack, paging] of [["staging", false], ["production", true]] as const) {
    describe(`service alarms of ${stack}`, () => {
        let built: BuiltStack;
        before(async () => {
            built = await buildStack(stack);
        });

        it("are one ServiceAlarms component", () => {
            expect(built.ofType(COMPONENT)).to.have.length(1);
        });

        for (const w of WINDOWS) {
            it(`the ${w.burn} burn: two windows at ${w.factor}x on the ALB's counts, summed over ${w.periods.join(" s and ")} s`, () => {
                w.periods.forEach((period, i) => expectWindowAlarm(alarmNamed(built, `hse-${stack}-availability-burn-${w.burn}-${w.suffixes[i]}`), built, w.factor, period));
            });

            it(`the ${w.burn} burn fires when both windows do, and notifies the topic on alarm and recovery`, () => {
                const composite = built.ofType(COMPOSITE).find((c) => c.inputs.alarmName === `hse-${stack}-availability-burn-${w.burn}`)!;
                expect(composite.inputs.alarmRule).to.equal(w.suffixes.map((s) => `ALARM("hse-${stack}-availability-burn-${w.burn}-${s}")`).join(" AND "));
                expect(composite.inputs.alarmActions).to.deep.equal([topicArn(built)]);
                expect(composite.inputs.okActions).to.deep.equal([topicArn(built)]);
                const pages = w.burn === "fast" && paging;
                expect(composite.inputs.alarmDescription).to.match(pages ? /^PAGE: / : /^WARN: /);
                expect(composite.inputs.alarmDescription).to.include("Look first at");
            });
        }

        it("each ALB target group has a p99 latency alarm above 500 ms and an unhealthy-targets alarm, on its own dimensions", () => {
            const groups = built.ofType("aws:lb/targetGroup:TargetGroup").filter((g) => g.inputs.protocol === "HTTP" || g.inputs.protocol === "HTTPS");
            expect(groups.length).to.be.greaterThan(0);
            const suffixes = groups.map((g) => g.outputs!.arnSuffix as string);
            const latency = built.ofType(ALARM).filter((a) => a.inputs.metricName === "TargetResponseTime");
            const unhealthy = built.ofType(ALARM).filter((a) => a.inputs.metricName === "UnHealthyHostCount");
            for (const [alarms, check] of [
                [latency, (a: DeclaredResource) => {
                    expect(a.inputs.extendedStatistic).to.equal("p99");
                    expect(a.inputs.statistic).to.equal(undefined);
                    expect(a.inputs.threshold).to.equal(0.5);
                    expect(a.inputs.name).to.match(new RegExp(`^hse-${stack}-[a-z0-9-]+-p99-latency$`));
                }],
                [unhealthy, (a: DeclaredResource) => {
                    expect(a.inputs.statistic).to.equal("Maximum");
                    expect(a.inputs.threshold).to.equal(0);
                    expect(a.inputs.name).to.match(new RegExp(`^hse-${stack}-[a-z0-9-]+-unhealthy-targets$`));
                }],
            ] as const) {
                expect(alarms.map((a) => a.inputs.dimensions.TargetGroup)).to.have.members(suffixes);
                for (const a of alarms) {
                    check(a);
                    expect(a.inputs.namespace).to.equal("AWS/ApplicationELB");
                    expect(a.inputs.dimensions).to.deep.equal({ LoadBalancer: albArnSuffix(built), TargetGroup: a.inputs.dimensions.TargetGroup });
                    expect(a.inputs.comparisonOperator).to.equal("GreaterThanThreshold");
                    expect(a.inputs.period).to.equal(300);
                    expect(a.inputs.evaluationPeriods).to.equal(3);
                    expect(a.inputs.treatMissingData).to.equal("notBreaching");
                    expect(a.inputs.alarmActions).to.deep.equal([topicArn(built)]);
                    expect(a.inputs.okActions).to.deep.equal([topicArn(built)]);
                    expect(a.inputs.alarmDescription).to.include("Look first at");
                }
            }
        });

        it("each ECS service has a tasks-below-desired alarm on Container Insights' counts, with its cluster and service names", () => {
            const cluster = built.one("aws:ecs/cluster:Cluster");
            const services = built.ofType("aws:ecs/service:Service");
            const alarms = built.ofType(ALARM).filter((a) => String(a.inputs.name).endsWith("-tasks-below-desired"));
            expect(services.length).to.be.greaterThan(0);
            expect(alarms).to.have.length(services.length);
            const dimensionsOf = (a: DeclaredResource) => a.inputs.metricQueries.find((q: any) => q.metric).metric.dimensions;
            expect(alarms.map((a) => dimensionsOf(a).ServiceName)).to.have.members(services.map((sv) => sv.outputs!.name as string));
            for (const a of alarms) {
                const queries: any[] = a.inputs.metricQueries;
                expect(queries.filter((q) => q.metric).map((q) => q.metric)).to.deep.equal(["DesiredTaskCount", "RunningTaskCount"].map((metricName) => (
                    { namespace: "ECS/ContainerInsights", metricName, dimensions: { ClusterName: cluster.outputs!.name, ServiceName: dimensionsOf(a).ServiceName }, stat: "Average", period: 60 })));
                expect(queries.filter((q) => q.returnData).map((q) => q.expression)).to.deep.equal(["desired - running"]);
                expect(a.inputs.threshold).to.equal(0);
                expect(a.inputs.comparisonOperator).to.equal("GreaterThanThreshold");
                expect(a.inputs.evaluationPeriods).to.equal(10);
                expect(a.inputs.treatMissingData).to.equal("missing");
                expect(a.inputs.alarmActions).to.deep.equal([topicArn(built)]);
                expect(a.inputs.okActions).to.deep.equal([topicArn(built)]);
            }
        });

        it("a failed ECS deployment of the cluster's services reaches the topic through an EventBridge rule", () => {
            const cluster = built.one("aws:ecs/cluster:Cluster").outputs!.name as string;
            const rule = built.ofType("aws:cloudwatch/eventRule:EventRule").find((r) => r.inputs.name === `hse-${stack}-deployment-failed`)!;
            expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal({
                source: ["aws.ecs"],
                "detail-type": ["ECS Deployment State Change"],
                resources: [{ wildcard: `arn:*:ecs:*:*:service/${cluster}/*` }],
                detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
            });
            const targets = built.ofType("aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.inputs.rule === rule.outputs!.name);
            expect(targets.map((t) => t.inputs.arn)).to.deep.equal([topicArn(built)]);
        });

        it("the composites and windows are all named in the stack output", () => {
            const names: string[] = built.outputs.observability.alarmNames;
            for (const w of WINDOWS) {
                expect(names).to.include(`hse-${stack}-availability-burn-${w.burn}`);
                for (const s of w.suffixes) expect(names).to.include(`hse-${stack}-availability-burn-${w.burn}-${s}`);
            }
        });
    });
}

describe("service alarms from config", () => {
    it("take the p99 threshold from observability.p99LatencyMs, in seconds", async () => {
        const built = await buildStack("staging", { editConfig: editSection("observability", (o) => { o.p99LatencyMs = 800; }) });
        const latency = built.ofType(ALARM).filter((a) => a.inputs.metricName === "TargetResponseTime");
        expect(latency.length).to.be.greaterThan(0);
        for (const a of latency) expect(a.inputs.threshold).to.equal(0.8);
    });

    it("take the objective and burn factors from config", async () => {
        const built = await buildStack("staging", { editConfig: editSection("observability", (o) => { o.availabilityObjectivePercent = 99.5; o.burnRates = { fast: 10, slow: 3 }; }) });
        const fast = alarmNamed(built, "hse-staging-availability-burn-fast-1h");
        expect(fast.inputs.threshold).to.equal(10);
        expect(fast.inputs.metricQueries.find((q: any) => q.returnData).expression).to.equal("(FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests / 0.005");
        expect(alarmNamed(built, "hse-staging-availability-burn-slow-6h").inputs.threshold).to.equal(3);
    });
});

describe("service alarms of dev", () => {
    it("with observability off, none is declared", async () => {
        const built = await buildStack("dev");
        expect(built.ofType(COMPONENT)).to.deep.equal([]);
        expect(built.ofType(COMPOSITE)).to.deep.equal([]);
        expect(built.ofType(ALARM).filter((a) => /availability|p99-latency|unhealthy-targets|tasks-below-desired/.test(String(a.inputs.name)))).to.deep.equal([]);
        expect(built.ofType("aws:cloudwatch/eventRule:EventRule").filter((r) => r.inputs.name === "hse-dev-deployment-failed")).to.deep.equal([]);
    });
});
