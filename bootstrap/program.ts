// The bootstrap program: validated config in, the account's state backend out, and the two
// URLs every stack of the account is used with. index.ts exports it for `pulumi -C bootstrap up`;
// the tests run the same function under mocks.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BootstrapConfig, loadBootstrapConfig } from "./config";
import { SECRETS_KEY_ALIAS, StateBackend } from "./state-backend";
import { loginUrl, secretsProviderUrl } from "./urls";

export function runBootstrap() {
    const config = loadBootstrapConfig({ project: pulumi.getProject(), stack: pulumi.getStack(), values: pulumi.runtime.allConfig() });
    return buildBootstrap(config);
}

export function buildBootstrap(config: BootstrapConfig) {
    // The project disables the default provider, as the main one does: this one pins the
    // account, so credentials of another account fail before anything is read or changed.
    const provider = new aws.Provider(`hse-${config.stack}-bootstrap-aws`, {
        region: config.region,
        allowedAccountIds: [config.accountId],
        defaultTags: { tags: { ...config.defaultTags } },
    });
    const backend = new StateBackend("pulumi-state", {
        region: config.region,
        bucketName: config.bucketName,
        noncurrentVersionDays: config.noncurrentVersionDays,
        deployerRoleArns: config.deployerRoleArns,
        accessLogging: config.accessLogging,
    }, { providers: [provider] });
    return {
        /** `pulumi login '<loginUrl>'` (quoted: the URL has an `&`). */
        loginUrl: backend.bucketName.apply((bucket) => loginUrl(bucket, config.region)),
        /** `pulumi stack init <stack> --secrets-provider '<secretsProvider>'`. */
        secretsProvider: secretsProviderUrl(SECRETS_KEY_ALIAS, config.region),
        bucketName: backend.bucketName,
        secretsKeyArn: backend.secretsKey.arn,
        stateKeyArn: backend.stateKey.arn,
    };
}
