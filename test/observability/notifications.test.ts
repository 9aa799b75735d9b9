// The alerts topic (issue 20, "Notifications"): one per environment, encrypted with the data key
// whose policy lets CloudWatch and EventBridge use it for the stack's topics, a policy that lets
// only this account's alarms and rules publish and nobody without TLS, and its subscribers from
// config, a secret webhook staying secret.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { buildStack, BuiltStack } from "../../offline/build";
import { editSection } from "../config/edit";

const ACCOUNTS: Record<string, string> = { staging: "444455556666", production: "777788889999" };
const T = { topic: "aws:sns/topic:Topic", policy: "aws:sns/topicPolicy:TopicPolicy", subscription: "aws:sns/topicSubscription:TopicSubscription", key: "aws:kms/key:Key" };

const isSecret = (value: unknown) => pulumi.runtime.isRpcSecret(value);

for (const stack of ["staging", "production"]) {
    describe(`the alerts topic of ${stack}`, () => {
        let built: BuiltStack;
        const account = ACCOUNTS[stack];
        const topicArn = `arn:aws:sns:us-east-1:${account}:hse-${stack}-alerts`;
        before(async () => {
            built = await buildStack(stack);
        });

        it("is one topic, hse-<env>-alerts, encrypted with the data key", () => {
            const [topic] = built.ofType(T.topic);
            expect(built.ofType(T.topic)).to.have.length(1);
            expect(topic.parentUrn).to.match(/hse:observability:Notifications::hse-\w+-alerts$/);
            expect(topic.inputs.name).to.equal(`hse-${stack}-alerts`);
            const dataKey = built.subtree(`hse-${stack}-keys`).ofType(T.key).find((k) => k.name === `hse-${stack}-keys-data-key`)!;
            expect(topic.inputs.kmsMasterKeyId).to.equal(dataKey.outputs!.arn);
        });

        it("lets only CloudWatch alarms and EventBridge rules of this account publish, and nobody without TLS", () => {
            const policy = JSON.parse(built.one(T.policy).inputs.policy);
            expect(built.one(T.policy).inputs.arn).to.equal(topicArn);
            expect(policy.Statement).to.deep.equal([
                {
                    Sid: "CloudWatchAlarmsOfThisAccountPublish", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn,
                    Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${account}:alarm:*` } },
                },
                {
                    Sid: "EventBridgeRulesOfThisAccountPublish", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn,
                    Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:aws:events:us-east-1:${account}:rule/*` } },
                },
                { Sid: "DenyPublishingWithoutTls", Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: topicArn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
            ]);
        });

        it("has its key let CloudWatch (this account's alarms) and EventBridge use it, for the stack's topics only", () => {
            const dataKey = built.ofType(T.key).find((k) => k.name === `hse-${stack}-keys-data-key`)!;
            const statements = Object.fromEntries(JSON.parse(dataKey.inputs.policy).Statement.map((s: { Sid: string }) => [s.Sid, s]));
            const topics = { ArnLike: { "kms:EncryptionContext:aws:sns:topicArn": `arn:aws:sns:us-east-1:${account}:hse-${stack}-*` } };
            expect(statements.CloudWatchAlarmsOfThisAccountPublishToTheStacksTopics).to.deep.equal({
                Sid: "CloudWatchAlarmsOfThisAccountPublishToTheStacksTopics", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*", Condition: { ...topics, StringEquals: { "aws:SourceAccount": account } },
            });
            expect(statements.EventBridgePublishesToTheStacksTopics).to.deep.equal({
                Sid: "EventBridgePublishesToTheStacksTopics", Effect: "Allow", Principal: { Service: "events.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*", Condition: topics,
            });
            // The topic's own name falls under the bound: SNS sends its ARN as the encryption context.
            expect(topicArn.startsWith(topics.ArnLike["kms:EncryptionContext:aws:sns:topicArn"].slice(0, -1))).to.equal(true);
        });

        it("subscribes the stack file's e-mail addresses and nothing else", () => {
            const emails = built.config.values["hse-platform:observability"] ? JSON.parse(built.config.values["hse-platform:observability"]).notifications.emails : [];
            expect(emails).to.have.length.greaterThan(0);
            const subscriptions = built.ofType(T.subscription);
            expect(subscriptions.map((s) => [s.inputs.protocol, s.inputs.endpoint, s.inputs.topic])).to.have.deep.members(emails.map((e: string) => ["email", e, topicArn]));
        });

        it("outputs the topic's ARN", () => {
            expect(built.outputs.observability.topicArn).to.equal(topicArn);
        });
    });
}

describe("subscriptions from config", () => {
    const WEBHOOK = "https://hooks.example.com/services/T000/B000/sEcReTtOkEn";
    let built: BuiltStack;
    before(async () => {
        built = await buildStack("staging", {
            editConfig: editSection("observability", (o) => {
                o.notifications = { emails: ["a@example.com", "b@example.com"], httpsEndpoints: ["https://chat.example.com/hook"] };
            }),
            secretConfig: { "hse-platform:alertsWebhookUrl": WEBHOOK },
        });
    });

    it("subscribes every e-mail address and HTTPS endpoint, each under a name of its own", () => {
        const plain = built.ofType(T.subscription).filter((s) => !isSecret(s.inputs.endpoint)).map((s) => [s.inputs.protocol, s.inputs.endpoint]);
        expect(plain).to.have.deep.members([["email", "a@example.com"], ["email", "b@example.com"], ["https", "https://chat.example.com/hook"]]);
        const names = built.ofType(T.subscription).map((s) => s.name);
        expect(new Set(names).size).to.equal(names.length);
    });

    it("keeps a secret webhook secret: a secret endpoint, and its URL in no name and no other input", () => {
        const secret = built.ofType(T.subscription).filter((s) => isSecret(s.inputs.endpoint));
        expect(secret).to.have.length(1);
        expect(secret[0].inputs.protocol).to.equal("https");
        expect(secret[0].inputs.endpoint.value).to.equal(WEBHOOK);
        const token = "sEcReTtOkEn";
        for (const r of built.resources) {
            expect(r.urn, r.urn).to.not.include(token);
            const plainInputs = JSON.stringify(r.inputs, (_k, v) => (isSecret(v) ? "[secret]" : v));
            expect(plainInputs, r.urn).to.not.include(token);
        }
        expect(JSON.stringify(built.outputs)).to.not.include(token);
    });

    it("does not rename a subscriber when another one is removed", async () => {
        const fewer = await buildStack("staging", {
            editConfig: editSection("observability", (o) => { o.notifications = { emails: ["b@example.com"] }; }),
        });
        const nameOf = (set: BuiltStack, endpoint: string) => set.ofType(T.subscription).find((s) => s.inputs.endpoint === endpoint)!.name;
        expect(nameOf(fewer, "b@example.com")).to.equal(nameOf(built, "b@example.com"));
    });
});

describe("dev with observability off", () => {
    it("declares no topic, no policy and no subscription, and outputs no topic", async () => {
        const built = await buildStack("dev");
        for (const type of [T.topic, T.policy, T.subscription]) expect(built.ofType(type), type).to.deep.equal([]);
        expect(built.outputs.observability.topicArn).to.equal(null);
    });
});
