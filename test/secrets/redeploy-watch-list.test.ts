// Which secrets the redeploy-on-change function watches: only those some service reads. A rule for
// a secret nobody reads would redeploy nothing, and a role allowed ecs:UpdateService on no service
// is a statement AWS refuses (an empty Resource), so both the component and the stack drop them.
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { SecretChangeRedeploy, WatchedSecret } from "../../components/secrets/secret-change-redeploy";
import { buildProgram, buildStack } from "../../offline/build";
import { editSection } from "../config/edit";
import { D, statementsBySid } from "../data/types";

const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";

const service = (name: string) => ({ cluster: "hse-qa", service: `hse-qa-${name}`, arn: `arn:aws:ecs:us-east-1:123456789012:service/hse-qa/hse-qa-${name}` });
const secret = (name: string, readers: string[]): WatchedSecret => ({
    name,
    secretName: `hse/qa/${name}`,
    arn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:hse/qa/${name}-AbCdEf`,
    services: readers.map(service),
});

function buildAlone(secrets: WatchedSecret[]) {
    return buildProgram(() => {
        new SecretChangeRedeploy("watch", {
            namePrefix: "hse-qa",
            functionName: "hse-qa-redeploy",
            secrets,
            subnetIds: ["subnet-1"],
            securityGroupIds: ["sg-1"],
            logsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs",
            logRetentionInDays: 7,
            protect: false,
        }, { providers: [new aws.Provider("hse-test-aws", { region: "us-east-1" })] });
        return {};
    });
}

describe("SecretChangeRedeploy built alone", () => {
    it("watches only the secrets some service reads, and may redeploy only those readers", async () => {
        const built = await buildAlone([secret("postgres", ["api"]), secret("unread", []), secret("newrelic", ["api", "worker"])]);
        expect(built.ofType(RULE).map((r) => r.inputs.name)).to.have.members(["hse-qa-postgres-secret-changed", "hse-qa-newrelic-secret-changed"]);
        expect(built.ofType(TARGET)).to.have.length(2);
        expect(built.ofType(D.permission)).to.have.length(2);
        expect(built.one(D.lambda).inputs.description).to.equal("redeploys the services that read postgres, newrelic when their value changes");
        const policy = statementsBySid(built.one(D.rolePolicy).inputs.policy);
        expect(policy.RedeployServicesThatReadTheSecrets).to.deep.equal({
            Sid: "RedeployServicesThatReadTheSecrets",
            Effect: "Allow",
            Action: "ecs:UpdateService",
            Resource: [service("api").arn, service("worker").arn],
        });
    });

    it("with no secret read by any service: no rule, and a role without any ECS permission", async () => {
        const built = await buildAlone([secret("unread", []), secret("orphan", [])]);
        expect(built.ofType(RULE)).to.deep.equal([]);
        expect(built.ofType(TARGET)).to.deep.equal([]);
        const policy = statementsBySid(built.one(D.rolePolicy).inputs.policy);
        expect(Object.keys(policy)).to.have.members(["WriteOwnLogs", "ManageOwnNetworkInterfaces"]);
        expect(built.one(D.rolePolicy).inputs.policy).not.to.include("ecs:");
    });
});

describe("a stack in which no service reads the TimescaleDB secret", () => {
    it("neither watches it nor lists it among the secrets whose change redeploys", async () => {
        const dropTimescale = editSection("services", (services) => {
            for (const s of Object.values(services) as { secrets?: Record<string, string> }[]) {
                for (const [variable, ref] of Object.entries(s.secrets ?? {})) if (ref.startsWith("timescale.")) delete s.secrets![variable];
            }
        });
        const built = await buildStack("dev", { editConfig: dropTimescale });
        const redeploy = built.subtree("hse-dev-secret-change-redeploy");
        expect(redeploy.ofType(RULE).map((r) => r.inputs.name)).to.have.members(["hse-dev-postgres-secret-changed", "hse-dev-newrelic-secret-changed"]);
        expect(built.outputs.secrets.redeployOnChange.secrets).to.deep.equal(["hse/dev/postgres", "hse/dev/newrelic"]);
    });
});
