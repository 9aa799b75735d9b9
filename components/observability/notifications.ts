// Where the environment's alarms go (issue 20, "Notifications"): one SNS topic,
// `<prefix>-alerts`, encrypted with a key of the stack, that only CloudWatch alarms and
// EventBridge rules of this account may publish to, over TLS only, with its subscribers
// (e-mail addresses, HTTPS webhooks; one of them may be a secret URL).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { childName } from "../shared/naming";

export interface NotificationsArgs {
    /** `hse-<env>`: the topic is `<namePrefix>-alerts`. */
    readonly namePrefix: string;
    /** The key the topic is encrypted with; its policy must let cloudwatch.amazonaws.com and events.amazonaws.com use it (key-policies.ts). */
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly emails: readonly string[];
    readonly httpsEndpoints: readonly string[];
    /** A webhook whose URL carries a token: subscribed like the others, kept a Pulumi secret. */
    readonly secretHttpsEndpoint?: pulumi.Input<string>;
}

/** The topic's physical name. */
export function alertsTopicName(namePrefix: string): string {
    return `${namePrefix}-alerts`;
}

export interface TopicPolicyContext {
    readonly topicArn: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
}

/**
 * Who may publish: CloudWatch for this account's alarms and EventBridge for this account's rules
 * (aws:SourceAccount and aws:SourceArn keep another account's alarm or rule from using the topic
 * through the same service: SNS developer guide, "Example cases for Amazon SNS access control",
 * "aws:SourceAccount and aws:SourceOwner"); and nobody without TLS (aws:SecureTransport).
 */
export function topicPolicy({ topicArn, accountId, partition, region }: TopicPolicyContext) {
    const fromThisAccount = (service: string, sourceArn: pulumi.Input<string>) => ({
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": sourceArn } },
    });
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "CloudWatchAlarmsOfThisAccountPublish", ...fromThisAccount("cloudwatch.amazonaws.com", pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*`) },
            { Sid: "EventBridgeRulesOfThisAccountPublish", ...fromThisAccount("events.amazonaws.com", pulumi.interpolate`arn:${partition}:events:${region}:${accountId}:rule/*`) },
            {
                Sid: "DenyPublishingWithoutTls",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/** A stable resource name for a subscriber: editing the list never renames another one. */
function subscriberName(endpoint: string): string {
    return createHash("sha256").update(endpoint).digest("hex").slice(0, 10);
}

export class Notifications extends pulumi.ComponentResource {
    readonly topicArn: pulumi.Output<string>;
    readonly topicName: string;

    constructor(name: string, args: NotificationsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:observability:Notifications", name, {}, opts);
        const invokeOpts = { parent: this };
        this.topicName = alertsTopicName(args.namePrefix);
        const topic = new aws.sns.Topic(childName(name, "topic"), {
            name: this.topicName,
            displayName: `${args.namePrefix} alerts`,
            kmsMasterKeyId: args.kmsKeyArn,
        }, { parent: this });
        new aws.sns.TopicPolicy(childName(name, "policy"), {
            arn: topic.arn,
            policy: pulumi.jsonStringify(topicPolicy({
                topicArn: topic.arn,
                accountId: aws.getCallerIdentityOutput({}, invokeOpts).accountId,
                partition: aws.getPartitionOutput({}, invokeOpts).partition,
                region: aws.getRegionOutput({}, invokeOpts).region,
            })),
        }, { parent: this });

        const subscribe = (suffix: string, protocol: "email" | "https", endpoint: pulumi.Input<string>) =>
            new aws.sns.TopicSubscription(childName(name, suffix), { topic: topic.arn, protocol, endpoint }, { parent: this });
        for (const email of args.emails) subscribe(`email-${subscriberName(email)}`, "email", email);
        for (const url of args.httpsEndpoints) subscribe(`https-${subscriberName(url)}`, "https", url);
        // One fixed name: the URL is a secret, and its hash would be stored in plain text in the URN.
        if (args.secretHttpsEndpoint !== undefined) subscribe("https-secret", "https", pulumi.secret(args.secretHttpsEndpoint));

        this.topicArn = topic.arn;
        this.registerOutputs({ topicArn: this.topicArn });
    }
}
