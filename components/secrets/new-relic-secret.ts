// New Relic `hse/<env>/newrelic` (seed §10.2.6): the license key a person supplies once with
// `pulumi config set --secret`, and the app name from config. A vendor key cannot be rotated by
// us: the stack writes whatever config holds, so replacing the key is a config change and an
// update (docs/secrets.md, "Replacing the New Relic license key").
import * as pulumi from "@pulumi/pulumi";
import { PlatformSecret } from "./platform-secret";
import { childName } from "../shared/naming";

/** The JSON keys of the New Relic secret (seed §10.2.6). */
export const NEW_RELIC_SECRET_KEYS = ["licenseKey", "appName"] as const;

export interface NewRelicSecretArgs {
    /** hse/<env>/newrelic */
    readonly secretName: string;
    readonly secretsKeyArn: pulumi.Input<string>;
    readonly recoveryWindowInDays: number;
    /** Only ever a Pulumi secret. */
    readonly licenseKey: pulumi.Output<string>;
    readonly appName: string;
    readonly protect: boolean;
}

export class NewRelicSecret extends pulumi.ComponentResource {
    readonly secretArn: pulumi.Output<string>;

    constructor(name: string, args: NewRelicSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:secrets:NewRelicSecret", name, {}, opts);
        const secret = new PlatformSecret(childName(name, "secret"), {
            secretName: args.secretName,
            description: "New Relic license key and app name; the key is supplied with pulumi config set --secret and replaced by hand",
            kmsKeyArn: args.secretsKeyArn,
            recoveryWindowInDays: args.recoveryWindowInDays,
            protect: args.protect,
            value: pulumi.jsonStringify({ licenseKey: pulumi.secret(args.licenseKey), appName: args.appName }),
        }, { parent: this });
        this.secretArn = secret.arn;
        this.registerOutputs({ secretArn: this.secretArn });
    }
}
