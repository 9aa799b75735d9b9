// The stack's side of a rotated secret's connection fields (docs/decisions/0023): one function
// per stack that merges fields into a secret's AWSCURRENT value, and per secret an invocation
// that re-runs whenever the fields change. Rotation keeps owning username and password.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleFunction } from "../shared/lambda-code";
import { childName, physicalName } from "../shared/naming";
import { FunctionPlacementArgs, VpcFunction } from "../shared/vpc-function";

export interface ConnectionOf {
    /** Stable name of the invocation: the secret's role (postgres, cache). */
    readonly name: string;
    readonly secretArn: pulumi.Input<string>;
    /** What the stack owns: host, port, dbname, tls... never username or password. */
    readonly fields: Record<string, pulumi.Input<string | number | boolean>>;
    /** The component that made the secret (its first version must exist). */
    readonly after: pulumi.Resource;
}

export interface SecretConnectionsArgs extends FunctionPlacementArgs {
    readonly namePrefix: string;
    readonly region: string;
    readonly secrets: readonly ConnectionOf[];
    readonly secretsKeyArn: pulumi.Input<string>;
}

export class SecretConnections extends pulumi.ComponentResource {
    readonly functionName: pulumi.Output<string>;

    constructor(name: string, args: SecretConnectionsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:secrets:SecretConnections", name, {}, opts);
        const code = bundleFunction("secret-connection/handler.ts");
        const arns = args.secrets.map((s) => s.secretArn);
        const fn = new VpcFunction(childName(name, "function"), {
            namePrefix: args.namePrefix,
            functionName: physicalName(args.namePrefix, "secret-connection", 64),
            description: "writes the stack's connection fields into rotated secrets, keeping their passwords",
            code,
            statements: [
                { sid: "MergeIntoTheSecrets", actions: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"], resources: arns },
                {
                    sid: "ThroughSecretsManagerOnly",
                    actions: ["kms:Decrypt", "kms:GenerateDataKey"],
                    resources: [args.secretsKeyArn],
                    conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${args.region}.amazonaws.com`] }],
                },
            ],
            subnetIds: args.subnetIds,
            securityGroupIds: args.securityGroupIds,
            logsKeyArn: args.logsKeyArn,
            logRetentionInDays: args.logRetentionInDays,
            protect: args.protect,
            notifications: args.notifications,
        }, { parent: this });
        for (const secret of args.secrets) {
            // Re-runs when the fields (or the code) change, never otherwise (aws.lambda.Invocation).
            new aws.lambda.Invocation(childName(name, secret.name), {
                functionName: fn.functionName,
                input: pulumi.jsonStringify({ secretId: secret.secretArn, fields: secret.fields, codeSha256: code.sha256 }),
            }, { parent: this, dependsOn: [secret.after] });
        }
        this.functionName = fn.functionName;
        this.registerOutputs({ functionName: this.functionName });
    }
}
