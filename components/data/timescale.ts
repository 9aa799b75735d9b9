// TimescaleDB, self-managed: the instance of timescale-instance.ts, a network interface whose
// address the secrets carry (it survives instance replacement), the admin and application
// secrets (generated passwords, read by the instance at first boot), and AWS's rotation of
// both every 30 days: single-user for the admin, multi-user for the application, which keeps
// the previous credentials valid through a rotation.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { PlatformSecret } from "../secrets/platform-secret";
import { PostgresRotation } from "../secrets/postgres-rotation";
import { LogRetentionDays } from "../shared/logs";
import { childName, physicalName } from "../shared/naming";
import { stateful } from "../shared/protection";
import { PASSWORD_SPECIALS } from "./postgres-app-user";
import { TimescaleInstance, TimescaleInstanceArgs } from "./timescale-instance";

export interface SelfManagedTimescaleArgs extends Omit<TimescaleInstanceArgs, "adminSecretArn" | "appSecretArn" | "networkInterfaceId"> {
    readonly environment: string;
    readonly adminUsername: string;
    readonly appUsername: string;
    readonly recoveryWindowInDays: number;
    readonly rotationDays: number;
    /** Where the rotation functions run, and their security groups (reach the database and AWS APIs). */
    readonly functionSubnetIds: pulumi.Input<string>[];
    readonly functionSecurityGroupIds: pulumi.Input<string>[];
    /** The rotation functions' logs. */
    readonly logsKeyArn: pulumi.Input<string>;
    readonly functionLogRetentionInDays: LogRetentionDays;
}

export class SelfManagedTimescale extends pulumi.ComponentResource {
    readonly host: pulumi.Output<string>;
    readonly port: number;
    readonly database: string;
    readonly adminSecretArn: pulumi.Output<string>;
    readonly appSecretArn: pulumi.Output<string>;
    readonly instanceId: pulumi.Output<string>;
    readonly volumeId: pulumi.Output<string>;
    readonly backupBucketName: pulumi.Output<string>;

    constructor(name: string, args: SelfManagedTimescaleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:data:SelfManagedTimescale", name, {}, opts);
        const address = new aws.ec2.NetworkInterface(childName(name, "address"), {
            subnetId: args.subnetId,
            securityGroups: args.securityGroupIds,
            description: `${args.namePrefix} TimescaleDB: stable address across instance replacements`,
            tags: { Name: `${args.namePrefix}-timescale` },
        }, { parent: this, ...stateful(args.protect) });
        const host = address.privateIp;

        const password = (role: string) =>
            new random.RandomPassword(childName(name, `${role}-initial-password`), {
                length: 32, special: true, overrideSpecial: PASSWORD_SPECIALS, minLower: 1, minUpper: 1, minNumeric: 1,
            }, { parent: this }).result;
        const secret = (role: "admin" | "app", value: pulumi.Input<string>, description: string) =>
            new PlatformSecret(childName(name, `${role}-secret`), {
                secretName: `hse/${args.environment}/timescale${role === "admin" ? "-admin" : ""}`,
                description,
                kmsKeyArn: args.secretsKeyArn,
                recoveryWindowInDays: args.recoveryWindowInDays,
                protect: args.protect,
                initialValue: value,
            }, { parent: this });

        const admin = secret("admin", pulumi.jsonStringify({
            engine: "postgres", host, port: args.port, username: args.adminUsername, password: password("admin"), dbname: "postgres",
        }), "TimescaleDB admin (creates and rotates the application user); rotated by AWS's single-user function");
        const app = secret("app", pulumi.jsonStringify({
            engine: "postgres", host, port: args.port, username: args.appUsername, password: password("app"), dbname: args.database, masterarn: admin.arn,
        }), "TimescaleDB application user of the devices service; rotated by AWS's multi-user function");

        const instance = new TimescaleInstance(childName(name, "server"), {
            ...args,
            adminSecretArn: admin.arn,
            appSecretArn: app.arn,
            networkInterfaceId: address.id,
        }, { parent: this, dependsOn: [admin, app] });

        const rotationBase = {
            region: args.region,
            kmsKeyArn: args.secretsKeyArn,
            subnetIds: args.functionSubnetIds,
            securityGroupIds: args.functionSecurityGroupIds,
            rotationDays: args.rotationDays,
            logs: { retentionInDays: args.functionLogRetentionInDays, kmsKeyArn: args.logsKeyArn, protect: args.protect },
            // The roles are created by the boot document, after the instance exists: the first
            // rotation waits for the schedule rather than run at once (decision 0022).
            rotateImmediately: false,
        };
        // Rotation needs the roles, which the instance creates at first boot.
        new PostgresRotation(childName(name, "admin-rotation"), {
            ...rotationBase,
            strategy: "singleUser",
            functionName: physicalName(args.namePrefix, "rotate-timescale-admin", 64),
            secretArn: admin.arn,
        }, { parent: this, dependsOn: [instance] });
        new PostgresRotation(childName(name, "app-rotation"), {
            ...rotationBase,
            strategy: "multiUser",
            functionName: physicalName(args.namePrefix, "rotate-timescale-app", 64),
            secretArn: app.arn,
            masterSecretArn: admin.arn,
            masterSecretKmsKeyArn: args.secretsKeyArn,
        }, { parent: this, dependsOn: [instance] });

        this.host = host;
        this.port = args.port;
        this.database = args.database;
        this.adminSecretArn = admin.arn;
        this.appSecretArn = app.arn;
        this.instanceId = instance.instanceId;
        this.volumeId = instance.volumeId;
        this.backupBucketName = instance.backupBucketName;
        this.registerOutputs({ host, appSecretArn: this.appSecretArn, instanceId: this.instanceId });
    }
}
