// Wiring of S3 server access logging (Security Hub S3.9): after every other tier, one log bucket
// receives the access logs of the buckets they all make. A tier that makes a bucket lists it in
// its handle's `buckets`; test/platform/server-access-logs.test.ts fails for a bucket nobody logs.
import * as pulumi from "@pulumi/pulumi";
import { ServerAccessLogs } from "../components/shared/server-access-logs";
import { TierContext } from "./context";
import { TierHandle } from "./tier";

/** Days server access logs are kept: long enough to investigate a quarter's incidents. */
export const SERVER_ACCESS_LOG_DAYS = 90;

export function buildAccessLogsTier({ config, namePrefix, providers }: TierContext, { tiers }: { tiers: readonly TierHandle[] }): TierHandle<{ bucket: pulumi.Output<string> }> {
    const logs = new ServerAccessLogs(`${namePrefix}-access-logs`, {
        namePrefix,
        sources: tiers.flatMap((tier) => tier.buckets ?? []),
        expireAfterDays: SERVER_ACCESS_LOG_DAYS,
        protect: config.protectStatefulResources,
    }, { providers: [providers.aws] });
    return { outputs: { bucket: logs.bucketName } };
}
