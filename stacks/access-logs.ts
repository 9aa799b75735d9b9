// Wiring of S3 server access logging (Security Hub S3.9): after the tiers that make buckets, one
// log bucket receives the access logs of all of them. A tier that makes a bucket lists it in its
// `buckets`; test/platform/server-access-logs.test.ts fails for a bucket nobody logs.
import { LoggedBucket, ServerAccessLogs } from "../components/shared/server-access-logs";
import { TierContext } from "./context";

/** Days server access logs are kept: long enough to investigate a quarter's incidents. */
export const SERVER_ACCESS_LOG_DAYS = 90;

export function buildServerAccessLogs({ config, namePrefix, providers }: TierContext, sources: readonly LoggedBucket[]) {
    const logs = new ServerAccessLogs(`${namePrefix}-access-logs`, {
        namePrefix,
        sources,
        expireAfterDays: SERVER_ACCESS_LOG_DAYS,
        protect: config.protectStatefulResources,
    }, { providers: [providers.aws] });
    return { bucket: logs.bucketName };
}
