// The one way to mark what must survive a mistake. Components take a `protect` flag (derived
// from `protectStatefulResources`, which must be true in production) and apply it through
// these helpers, never by hand.
import * as pulumi from "@pulumi/pulumi";

type Protection = Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete">;

/**
 * A resource that holds data (database, volume, bucket, log group, key, secret) or an identity
 * others depend on (an Elastic IP a partner allowlists): when protected, `pulumi destroy` and
 * replacements refuse to touch it (`protect`), and removing it from the program leaves it in
 * AWS (`retainOnDelete`).
 */
export function stateful(protect: boolean): Protection {
    return { protect, retainOnDelete: protect };
}

/**
 * A resource that holds no data but is hard to recreate (the VPC, its subnets): protected
 * from deletion and replacement, yet deleted for real once it is unprotected on purpose.
 */
export function hardToRecreate(protect: boolean): Protection {
    return { protect };
}
