// New deployments of the services that read a secret whenever its AWSCURRENT value changes and
// no function of ours redeploys them: after AWS's own rotation functions (database users) and
// after a person replaces a vendor key. ECS gives a task its secrets only when it starts, so
// without this, tasks would run on with a value that the next rotation invalidates.
// Source of the event: Secrets Manager publishes "Secret Label Updated" to the default event bus
// whenever a staging label other than AWSPENDING/AWSPREVIOUS moves, without CloudTrail
// (Secrets Manager user guide, "Secret event notifications", "Secret Label Updated event").
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleFunction } from "../shared/lambda-code";
import { childName, physicalName } from "../shared/naming";
import { FunctionPlacementArgs, VpcFunction } from "../shared/vpc-function";
import { RedeployedService } from "./rotation-function";

/** EventBridge rule names: 1-64 of letters, digits, . - _ (EventBridge API, PutRule). */
export const EVENT_RULE_NAME_MAX = 64;

export interface WatchedSecret {
    /** Short name (postgres, newrelic): names the rule and appears in the function's logs. */
    readonly name: string;
    /** The secret's full name, hse/<env>/<name>. */
    readonly secretName: string;
    readonly arn: pulumi.Input<string>;
    /** Services that read it; a secret no service reads is not watched. */
    readonly services: readonly RedeployedService[];
}

export interface SecretChangeRedeployArgs extends FunctionPlacementArgs {
    readonly namePrefix: string;
    readonly functionName: string;
    readonly secrets: readonly WatchedSecret[];
}

/** The event of a new AWSCURRENT value of one secret. */
export function currentValueChanged(secretArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.jsonStringify({
        source: ["aws.secretsmanager"],
        "detail-type": ["Secret Label Updated"],
        resources: [secretArn],
        detail: { labelUpdated: ["AWSCURRENT"] },
    });
}

export class SecretChangeRedeploy extends pulumi.ComponentResource {
    readonly functionName: pulumi.Output<string>;
    readonly ruleNames: pulumi.Output<string>[];

    constructor(name: string, args: SecretChangeRedeployArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:secrets:SecretChangeRedeploy", name, {}, opts);
        const watched = args.secrets.filter((s) => s.services.length > 0);
        const services = uniqueServices(watched.flatMap((s) => s.services));
        const fn = new VpcFunction(childName(name, "function"), {
            namePrefix: args.namePrefix,
            functionName: args.functionName,
            description: `redeploys the services that read ${watched.map((s) => s.name).join(", ")} when their value changes`,
            code: bundleFunction("redeploy/handler.ts"),
            statements: services.length > 0 ? [{ sid: "RedeployServicesThatReadTheSecrets", actions: ["ecs:UpdateService"], resources: services.map((s) => s.arn) }] : [],
            subnetIds: args.subnetIds,
            securityGroupIds: args.securityGroupIds,
            logsKeyArn: args.logsKeyArn,
            logRetentionInDays: args.logRetentionInDays,
            protect: args.protect,
            notifications: args.notifications,
        }, { parent: this });

        this.ruleNames = watched.map((secret) => {
            const rule = new aws.cloudwatch.EventRule(childName(name, `${secret.name}-changed`), {
                name: physicalName(args.namePrefix, `${secret.name}-secret-changed`, EVENT_RULE_NAME_MAX),
                description: `A new AWSCURRENT value of ${secret.secretName}: redeploy ${secret.services.length} service(s)`,
                eventPattern: currentValueChanged(secret.arn),
            }, { parent: this });
            new aws.cloudwatch.EventTarget(childName(name, `${secret.name}-redeploy`), {
                rule: rule.name,
                arn: fn.arn,
                input: pulumi.jsonStringify({ secret: secret.secretName, services: secret.services.map((s) => ({ cluster: s.cluster, service: s.service })) }),
            }, { parent: this });
            new aws.lambda.Permission(childName(name, `${secret.name}-invoke`), {
                function: fn.functionName,
                action: "lambda:InvokeFunction",
                principal: "events.amazonaws.com",
                sourceArn: rule.arn,
            }, { parent: this });
            return rule.name;
        });
        this.functionName = fn.functionName;
        this.registerOutputs({ functionName: this.functionName });
    }
}

/** Each service once, for the role's resources (a service can read several watched secrets). */
function uniqueServices(services: readonly RedeployedService[]): RedeployedService[] {
    const seen = new Map<string, RedeployedService>();
    for (const s of services) seen.set(`${s.cluster}/${s.service}`, s);
    return [...seen.values()];
}
