// Every alarm any stack declares notifies the alerts topic when it fires and when it recovers
// (issue 20), after its own actions; the stack output names every alarm, for the check in
// docs/observability.md. Walks all alarms: a future alarm declared without the topic fails here.
import { expect } from "chai";
import { buildStack, BuiltStack, DeclaredResource } from "../../offline/build";
import { editSection } from "../config/edit";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
const TOPIC = "aws:sns/topic:Topic";
const EC2_RECOVER = /^arn:aws:automate:us-east-1:ec2:recover$/;

const alarmsOf = (built: BuiltStack) => built.ofType(ALARM);
// The burn-rate alarms of service-alarms.ts: a composite of two window alarms.
const compositesOf = (built: BuiltStack) => built.ofType(COMPOSITE);
const topicArnOf = (built: BuiltStack) => built.one(TOPIC).outputs!.arn as string;
const isRecovery = (alarm: DeclaredResource) => alarm.inputs.metricName === "StatusCheckFailed_System";

function expectEveryAlarmNotifies(built: BuiltStack) {
    const topic = topicArnOf(built);
    const alarms = alarmsOf(built);
    // Today: the functions' error alarms and the TimescaleDB host's recovery alarm.
    expect(alarms.length).to.be.greaterThan(5);
    expect(alarms.filter(isRecovery)).to.have.length(1);
    for (const alarm of alarms) {
        const own = isRecovery(alarm) ? [alarm.inputs.alarmActions[0]] : [];
        expect(alarm.inputs.alarmActions, `${alarm.name} alarmActions`).to.deep.equal([...own, topic]);
        expect(alarm.inputs.okActions, `${alarm.name} okActions`).to.deep.equal([topic]);
        if (isRecovery(alarm)) expect(own[0]).to.match(EC2_RECOVER);
    }
    for (const composite of compositesOf(built)) {
        expect(composite.inputs.alarmActions, `${composite.name} alarmActions`).to.deep.equal([topic]);
        expect(composite.inputs.okActions, `${composite.name} okActions`).to.deep.equal([topic]);
    }
}

function expectOutputNamesEveryAlarm(built: BuiltStack) {
    const names = [...alarmsOf(built).map((a) => a.outputs!.name as string), ...compositesOf(built).map((a) => a.outputs!.alarmName as string)];
    expect(names.every((n) => typeof n === "string" && n.length > 0)).to.equal(true);
    expect(built.outputs.observability.alarmNames).to.have.members(names);
    expect(built.outputs.observability.alarmNames).to.have.length(names.length);
}

for (const stack of ["staging", "production"]) {
    describe(`alarms of ${stack}`, () => {
        let built: BuiltStack;
        before(async () => {
            built = await buildStack(stack);
        });

        it("every alarm notifies the alerts topic on alarm and on recovery, keeping its own actions first", () => expectEveryAlarmNotifies(built));
        it("the stack output names every alarm", () => expectOutputNamesEveryAlarm(built));
        it("names the alarms so the command of docs/observability.md finds an error alarm, and the recovery alarm is told apart", () => {
            const names: string[] = built.outputs.observability.alarmNames;
            const errors = names.filter((n) => n.includes("-errors"));
            const lambdaAlarms = alarmsOf(built).filter((a) => a.inputs.namespace === "AWS/Lambda");
            expect(lambdaAlarms.length).to.be.greaterThan(5);
            expect(errors).to.have.length(lambdaAlarms.length);
            expect(names.filter((n) => n.includes("timescale-server-recover"))).to.have.length(1);
            for (const name of errors) expect(alarmsOf(built).find((a) => a.outputs!.name === name)!.inputs.namespace).to.equal("AWS/Lambda");
        });
    });
}

describe("alarms of dev", () => {
    it("with observability off, keep only their own actions: EC2's recover action, nothing on recovery", async () => {
        const built = await buildStack("dev");
        expect(built.ofType(TOPIC)).to.deep.equal([]);
        const alarms = alarmsOf(built);
        expect(alarms.length).to.be.greaterThan(5);
        for (const alarm of alarms) {
            expect(alarm.inputs.okActions, alarm.name).to.equal(undefined);
            if (isRecovery(alarm)) {
                expect(alarm.inputs.alarmActions).to.have.length(1);
                expect(alarm.inputs.alarmActions[0]).to.match(EC2_RECOVER);
            } else {
                expect(alarm.inputs.alarmActions, alarm.name).to.equal(undefined);
            }
        }
        // Still named in the output: set-alarm-state works on them, it only reaches nobody.
        expectOutputNamesEveryAlarm(built);
    });

    it("with observability on, notify the topic like the other environments", async () => {
        const built = await buildStack("dev", { editConfig: editSection("observability", (o) => { o.enabled = true; }) });
        expect(built.one(TOPIC).inputs.name).to.equal("hse-dev-alerts");
        expectEveryAlarmNotifies(built);
        expectOutputNamesEveryAlarm(built);
    });
});
