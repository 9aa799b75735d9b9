// The services' alarms (issue 20): the availability burn alarms on the ALB, per environment:
// their metrics, statistic, periods, thresholds, dimensions (the declared ALB's ARN suffix) and
// actions; paging in production only; none in dev.
import { expect } from "chai";
import { buildStack, BuiltStack, DeclaredResource } from "../../offline/build";

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

        it("the composites and windows are all named in the stack output", () => {
            const names: string[] = built.outputs.observability.alarmNames;
            for (const w of WINDOWS) {
                expect(names).to.include(`hse-${stack}-availability-burn-${w.burn}`);
                for (const s of w.suffixes) expect(names).to.include(`hse-${stack}-availability-burn-${w.burn}-${s}`);
            }
        });
    });
}

describe("service alarms of dev", () => {
    it("with observability off, none is declared", async () => {
        const built = await buildStack("dev");
        expect(built.ofType(COMPONENT)).to.deep.equal([]);
        expect(built.ofType(COMPOSITE)).to.deep.equal([]);
        expect(built.ofType(ALARM).filter((a) => String(a.inputs.name).includes("availability"))).to.deep.equal([]);
    });
});
