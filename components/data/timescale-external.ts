// TimescaleDB as a managed service reached by endpoint: no instance. The credentials are a
// Secrets Manager secret the service's owner keeps (given by ARN), or a Pulumi secret that the
// stack stores in a secret of ours in the same shape as the self-managed one. The provider of
// the service owns its credentials, so this stack does not rotate them.
import * as pulumi from "@pulumi/pulumi";
import { PlatformSecret } from "../secrets/platform-secret";
import { childName } from "../shared/naming";

export interface ExternalTimescaleArgs {
    readonly environment: string;
    readonly host: string;
    readonly port: number;
    readonly database: string;
    readonly username: string;
    /** Either an existing secret's ARN ... */
    readonly secretArn?: string;
    /** ... or the password, a Pulumi secret, stored in hse/<env>/timescale. */
    readonly password?: pulumi.Input<string>;
    readonly secretsKeyArn: pulumi.Input<string>;
    readonly recoveryWindowInDays: number;
    readonly protect: boolean;
}

export class ExternalTimescale extends pulumi.ComponentResource {
    readonly host: string;
    readonly port: number;
    readonly database: string;
    readonly appSecretArn: pulumi.Output<string>;

    constructor(name: string, args: ExternalTimescaleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:data:ExternalTimescale", name, {}, opts);
        if ((args.secretArn === undefined) === (args.password === undefined)) {
            throw new Error(`${name}: give exactly one of secretArn and password`);
        }
        this.appSecretArn = args.secretArn !== undefined
            ? pulumi.output(args.secretArn)
            : new PlatformSecret(childName(name, "secret"), {
                  secretName: `hse/${args.environment}/timescale`,
                  description: `Credentials of the managed TimescaleDB service at ${args.host}`,
                  kmsKeyArn: args.secretsKeyArn,
                  recoveryWindowInDays: args.recoveryWindowInDays,
                  protect: args.protect,
                  // The stack owns the value: a new password is set in config and written by `pulumi up`.
                  value: pulumi.jsonStringify({ engine: "postgres", host: args.host, port: args.port, username: args.username, password: args.password, dbname: args.database }),
              }, { parent: this }).arn;
        this.host = args.host;
        this.port = args.port;
        this.database = args.database;
        this.registerOutputs({ appSecretArn: this.appSecretArn });
    }
}
