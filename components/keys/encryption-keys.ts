// Customer-managed KMS keys of one environment, one per purpose (data at rest, secrets, logs),
// each with automatic rotation, an alias `alias/<prefix>-<purpose>` and a policy that lets the
// account administer it and only the services that use it use it, for the stack's resources
// where the service says which (key-policies.ts, KEY_CONSUMERS).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../shared/naming";
import { stateful } from "../shared/protection";
import { KEY_PURPOSES, keyPolicyStatements, KeyPurpose, StackNames } from "./key-policies";

/** What KMS accepts (KMS API reference: ScheduleKeyDeletion, EnableKeyRotation). */
export const KEY_DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;
export const KEY_ROTATION_PERIOD_DAYS = { min: 90, max: 2560 } as const;
export const KEY_DEFAULTS = { deletionWindowInDays: 30, rotationPeriodInDays: 365 } as const;

const PURPOSE_DESCRIPTION: Record<KeyPurpose, string> = {
    data: "data at rest (RDS, ElastiCache, EBS, S3, ECR)",
    secrets: "Secrets Manager secrets",
    logs: "CloudWatch Logs log groups",
};

export interface EncryptionKeysArgs {
    readonly namePrefix: string;
    /** How the stack names its buckets and secrets: the keys serve those only, where the service tells KMS which resource it serves. */
    readonly names: StackNames;
    /** @default 30 - days a deleted key can still be recovered (7-30). */
    readonly deletionWindowInDays?: number;
    /** @default 365 - days between automatic rotations of the key material (90-2560). */
    readonly rotationPeriodInDays?: number;
    /** Protect the keys and keep them on delete (data encrypted with a lost key is lost). @default false */
    readonly protect?: boolean;
}

export interface EncryptionKey {
    readonly arn: pulumi.Output<string>;
    readonly keyId: pulumi.Output<string>;
    readonly alias: string;
}

export interface DeclareKeyArgs {
    readonly description: string;
    readonly policy: pulumi.Input<string>;
    readonly deletionWindowInDays: number;
    readonly rotationPeriodInDays: number;
    readonly alias: string;
    readonly tags: Record<string, string>;
    readonly protect: boolean;
}

/** A symmetric key with rotation and its alias, as every key of the project is made. */
export function declareKey(name: string, args: DeclareKeyArgs, opts: pulumi.CustomResourceOptions): EncryptionKey {
    const key = new aws.kms.Key(`${name}-key`, {
        description: args.description,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        rotationPeriodInDays: args.rotationPeriodInDays,
        deletionWindowInDays: args.deletionWindowInDays,
        policy: args.policy,
        tags: args.tags,
    }, { ...opts, ...stateful(args.protect) });
    new aws.kms.Alias(`${name}-alias`, { name: args.alias, targetKeyId: key.keyId }, opts);
    return { arn: key.arn, keyId: key.keyId, alias: args.alias };
}

export class EncryptionKeys extends pulumi.ComponentResource {
    readonly keys: Record<KeyPurpose, EncryptionKey>;

    constructor(name: string, args: EncryptionKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:keys:EncryptionKeys", name, {}, opts);
        const invokeOpts = { parent: this };
        const context = {
            accountId: aws.getCallerIdentityOutput({}, invokeOpts).accountId,
            partition: aws.getPartitionOutput({}, invokeOpts).partition,
            region: aws.getRegionOutput({}, invokeOpts).region,
            names: args.names,
        };
        const entries = KEY_PURPOSES.map((purpose): [KeyPurpose, EncryptionKey] => [
            purpose,
            declareKey(childName(name, purpose), {
                description: `${args.namePrefix}: ${PURPOSE_DESCRIPTION[purpose]}`,
                policy: aws.iam.getPolicyDocumentOutput({ statements: keyPolicyStatements(purpose, context) }, invokeOpts).json,
                deletionWindowInDays: args.deletionWindowInDays ?? KEY_DEFAULTS.deletionWindowInDays,
                rotationPeriodInDays: args.rotationPeriodInDays ?? KEY_DEFAULTS.rotationPeriodInDays,
                alias: `alias/${args.namePrefix}-${purpose}`,
                tags: { Name: `${args.namePrefix}-${purpose}`, Purpose: purpose },
                protect: args.protect ?? false,
            }, { parent: this }),
        ]);
        this.keys = Object.fromEntries(entries) as Record<KeyPurpose, EncryptionKey>;
        this.registerOutputs({ keys: this.keys });
    }
}
