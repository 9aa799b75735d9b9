// What every tier's wiring receives: the validated config, the name prefix and the providers.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AlarmNotifications } from "../components/observability/alarm-actions";
import { PlatformConfig } from "./config/load";

export interface Providers {
    /** The environment's provider: its region, its account, the default tags. */
    readonly aws: aws.Provider;
    /** us-east-1, for what must live there (CloudFront certificates, CLOUDFRONT web ACLs); added by the tier that needs it. */
    readonly awsUsEast1?: aws.Provider;
    /** The GitOps cluster; added by the GitOps tier. */
    readonly kubernetes?: k8s.Provider;
}

export interface TierContext {
    readonly config: PlatformConfig;
    /** `hse-<env>`. */
    readonly namePrefix: string;
    readonly providers: Providers;
    /** What every alarm of every tier notifies (stacks/observability.ts). */
    readonly notifications: AlarmNotifications;
}

/**
 * An AWS provider of the environment: its account, its default tags, and its region (or another
 * one, for what must live elsewhere: us-east-1 for CloudFront, a second region for backups).
 */
export function createAwsProvider(config: PlatformConfig, region = config.region): aws.Provider {
    const name = region === config.region ? `${config.namePrefix}-aws` : `${config.namePrefix}-aws-${region}`;
    return new aws.Provider(name, {
        region,
        // A wrong AWS profile fails before anything is read or changed in another account.
        ...(config.accountId ? { allowedAccountIds: [config.accountId] } : {}),
        defaultTags: { tags: { ...config.defaultTags } },
    });
}

/** The account and partition the environment's provider deploys into, for ARNs built by hand. */
export interface AwsCaller {
    readonly accountId: pulumi.Output<string>;
    readonly partition: pulumi.Output<string>;
}

export function awsCallerOf(provider: aws.Provider): AwsCaller {
    return {
        accountId: aws.getCallerIdentityOutput({}, { provider }).accountId,
        partition: aws.getPartitionOutput({}, { provider }).partition,
    };
}
