// Wiring of the application secrets (seed §10.2.6) after the data tier and before the services
// that read them: the JWT signing secret with its rotation, New Relic, and the redeploy that
// follows every change of a secret no function of ours redeploys after (AWS's database user
// rotations, a replaced vendor key).
import * as pulumi from "@pulumi/pulumi";
import { JwtSigningSecret } from "../components/secrets/jwt-signing-secret";
import { NEW_RELIC_SECRET_KEYS, NewRelicSecret } from "../components/secrets/new-relic-secret";
import { secretName } from "../components/secrets/platform-secret";
import { SecretChangeRedeploy } from "../components/secrets/secret-change-redeploy";
import { physicalName } from "../components/shared/naming";
import { JWT_SECRET_KEYS } from "../functions/rotation/jwt-value";
import { NEW_RELIC_LICENSE_KEY } from "./config/secrets";
import { awsCallerOf, TierContext } from "./context";
import { DataTier } from "./data";
import { KeysTier } from "./keys";
import { functionPlacement, NetworkTier } from "./network";
import { servicesReading } from "./service-names";
import { SecretReference, TierHandle } from "./tier";

export interface SecretsTier extends TierHandle {
    readonly jwt: SecretReference;
    readonly newrelic: SecretReference;
}

export function buildSecretsTier(context: TierContext, { keys, network, data }: { keys: KeysTier; network: NetworkTier; data: DataTier }): SecretsTier {
    const { config, namePrefix, providers } = context;
    const opts = { providers: [providers.aws] };
    const settings = config.secrets;
    const placement = functionPlacement(network);
    const caller = awsCallerOf(providers.aws);
    const readers = (secret: string) => servicesReading(config, secret, caller);
    const functionLogs = { logsKeyArn: keys.logs.arn, logRetentionInDays: settings.functionLogRetentionInDays };

    const jwt = new JwtSigningSecret(`${namePrefix}-jwt`, {
        namePrefix,
        region: config.region,
        secretName: secretName(config.environment, "jwt"),
        secretsKeyArn: keys.secrets.arn,
        recoveryWindowInDays: settings.recoveryWindowInDays,
        expiresIn: settings.jwt.expiresIn,
        refreshExpiresIn: settings.jwt.refreshExpiresIn,
        rotationDays: settings.jwt.rotationDays,
        redeployServices: readers("jwt"),
        functionSubnetIds: placement.subnetIds,
        functionSecurityGroupIds: placement.securityGroupIds,
        logsKeyArn: functionLogs.logsKeyArn,
        functionLogRetentionInDays: functionLogs.logRetentionInDays,
        protect: config.protectStatefulResources,
        notifications: context.notifications,
    }, opts);

    const newRelic = new NewRelicSecret(`${namePrefix}-newrelic`, {
        secretName: secretName(config.environment, "newrelic"),
        secretsKeyArn: keys.secrets.arn,
        recoveryWindowInDays: settings.recoveryWindowInDays,
        // Validated as required: loading the config fails without it.
        licenseKey: pulumi.secret(config.secretValues[NEW_RELIC_LICENSE_KEY]!),
        appName: settings.newRelic.appName,
        protect: config.protectStatefulResources,
    }, opts);

    // JWT and the cache user are rotated by functions of ours, which redeploy their readers themselves.
    const watched = [
        { name: "postgres", arn: data.postgres.secret.arn },
        { name: "timescale", arn: data.timescale.secret.arn },
        { name: "newrelic", arn: newRelic.secretArn },
    ].map((s) => ({ ...s, secretName: secretName(config.environment, s.name), services: readers(s.name) }));
    const redeploy = new SecretChangeRedeploy(`${namePrefix}-secret-change-redeploy`, {
        namePrefix,
        functionName: physicalName(namePrefix, "redeploy-on-secret-change", 64),
        secrets: watched,
        subnetIds: placement.subnetIds,
        securityGroupIds: placement.securityGroupIds,
        ...functionLogs,
        protect: config.protectStatefulResources,
        notifications: context.notifications,
    }, opts);

    return {
        jwt: { arn: jwt.secretArn, keys: JWT_SECRET_KEYS },
        newrelic: { arn: newRelic.secretArn, keys: NEW_RELIC_SECRET_KEYS },
        outputs: {
            jwt: { secretArn: jwt.secretArn, rotationFunction: jwt.rotationFunctionName, rotationDays: settings.jwt.rotationDays },
            newRelic: { secretArn: newRelic.secretArn, appName: settings.newRelic.appName },
            redeployOnChange: { function: redeploy.functionName, secrets: watched.filter((s) => s.services.length > 0).map((s) => s.secretName) },
            // What the tier is billed by (docs/outputs.md): secrets a month, and the functions it runs.
            sizing: {
                secrets: [jwt, newRelic].length,
                rotations: { jwt: { everyDays: settings.jwt.rotationDays } },
                functions: [jwt.rotationFunctionName, redeploy.functionName].length,
            },
        },
    };
}
