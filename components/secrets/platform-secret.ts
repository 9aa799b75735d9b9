// One Secrets Manager secret of the platform: named `hse/<env>/<name>`, encrypted with the
// secrets key, a recovery window, a resource policy that refuses every principal outside the
// account and every request without TLS, and protection in production. Its value, when the
// stack sets one, is only ever a Pulumi secret: either a first value rotation owns afterwards,
// or a value the stack keeps writing (a vendor key a person supplies).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../shared/naming";
import { stateful } from "../shared/protection";

/**
 * Secrets Manager: 7-30 days before a deleted secret is gone (DeleteSecret, RecoveryWindowInDays),
 * or `none` (0): the provider then deletes with ForceDeleteWithoutRecovery, so the name is free at
 * once (@pulumi/aws secretsmanager.Secret, recoveryWindowInDays: "0 to force deletion without
 * recovery or range from 7 to 30 days").
 */
export const SECRET_RECOVERY_WINDOW_DAYS = { none: 0, min: 7, max: 30 } as const;
/** Secrets Manager rotation rules: AutomaticallyAfterDays is 1-1000 (RotateSecret API). */
export const SECRET_ROTATION_DAYS = { min: 1, max: 1000 } as const;
/** The seed's rotation interval (seed §10.2.6). */
export const DEFAULT_ROTATION_DAYS = 30;

/** `hse/<env>/<name>`: the path every secret of the platform lives under. */
export function secretName(environment: string, name: string): string {
    return `hse/${environment}/${name}`;
}

export interface PlatformSecretArgs {
    /** Full name, from secretName(). */
    readonly secretName: string;
    readonly description: string;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly recoveryWindowInDays: number;
    readonly protect: boolean;
    /**
     * The first value, as JSON. Written once: rotation (or a person, for a vendor key) owns the
     * value afterwards, so later differences are ignored rather than written back.
     */
    readonly initialValue?: pulumi.Input<string>;
    /**
     * The value, as JSON, owned by the stack: every change is written as a new version (a vendor
     * key replaced with `pulumi config set --secret`). Not with initialValue.
     */
    readonly value?: pulumi.Input<string>;
}

export class PlatformSecret extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly name: pulumi.Output<string>;
    /** The version written by the stack, if any (rotation depends on it existing). */
    readonly initialVersion?: aws.secretsmanager.SecretVersion;
    /** The stack-owned version, if any. */
    readonly version?: aws.secretsmanager.SecretVersion;

    constructor(name: string, args: PlatformSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:secrets:PlatformSecret", name, {}, opts);
        if (args.initialValue !== undefined && args.value !== undefined) {
            throw new Error(`${args.secretName}: give initialValue (rotation owns the value) or value (the stack owns it), not both`);
        }
        const invokeOpts = { parent: this };
        const account = aws.getCallerIdentityOutput({}, invokeOpts).accountId;
        const secret = new aws.secretsmanager.Secret(childName(name, "secret"), {
            name: args.secretName,
            description: args.description,
            kmsKeyId: args.kmsKeyArn,
            recoveryWindowInDays: args.recoveryWindowInDays,
        }, { parent: this, ...stateful(args.protect) });

        new aws.secretsmanager.SecretPolicy(childName(name, "policy"), {
            secretArn: secret.arn,
            blockPublicPolicy: true,
            policy: aws.iam.getPolicyDocumentOutput({
                statements: [
                    {
                        sid: "DenyPrincipalsOutsideTheAccount",
                        effect: "Deny",
                        principals: [{ type: "*", identifiers: ["*"] }],
                        actions: ["secretsmanager:*"],
                        resources: ["*"],
                        conditions: [
                            { test: "StringNotEquals", variable: "aws:PrincipalAccount", values: [account] },
                            { test: "BoolIfExists", variable: "aws:PrincipalIsAWSService", values: ["false"] },
                        ],
                    },
                    {
                        sid: "DenyRequestsWithoutTls",
                        effect: "Deny",
                        principals: [{ type: "*", identifiers: ["*"] }],
                        actions: ["secretsmanager:*"],
                        resources: ["*"],
                        conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
                    },
                ],
            }, invokeOpts).json,
        }, { parent: this });

        if (args.initialValue !== undefined) {
            this.initialVersion = new aws.secretsmanager.SecretVersion(childName(name, "initial"), {
                secretId: secret.id,
                secretString: pulumi.secret(args.initialValue),
            }, { parent: this, ignoreChanges: ["secretString", "versionStages"] });
        }
        if (args.value !== undefined) {
            this.version = new aws.secretsmanager.SecretVersion(childName(name, "value"), {
                secretId: secret.id,
                secretString: pulumi.secret(args.value),
            }, { parent: this });
        }
        this.arn = secret.arn;
        this.name = secret.name;
        this.registerOutputs({ arn: this.arn, name: this.name });
    }
}
