// The contract every tier's wiring follows: `build<Tier>Tier(context, deps)`, where deps holds the
// handles of the tiers it needs, by name; it returns its handle: the ids later tiers need, plus
// the tier's stack outputs (with a `sizing`). stacks/platform.ts lists the tiers in order.
import * as pulumi from "@pulumi/pulumi";
import { LoggedBucket } from "../components/shared/server-access-logs";

/** What a tier exports as stack outputs: anything plain or Output-valued, never a secret value. */
export type TierOutputs = Readonly<Record<string, unknown>>;

/** What every tier returns besides its own ids. */
export interface TierHandle<Outputs extends TierOutputs = TierOutputs> {
    /** The tier's stack outputs (docs/outputs.md), under the tier's key. */
    readonly outputs: Outputs;
    /** S3 buckets the tier makes: the access-log bucket records their requests (stacks/access-logs.ts). */
    readonly buckets?: readonly LoggedBucket[];
}

/** A secret the services read, by ARN (never its value). */
export interface SecretReference {
    readonly arn: pulumi.Output<string>;
    /** The JSON keys a service may inject (ECS `valueFrom` = `<arn>:<key>::`). */
    readonly keys: readonly string[];
}
