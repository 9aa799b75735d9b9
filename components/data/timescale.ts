// TimescaleDB, self-managed: the instance of timescale-instance.ts, a network interface whose
// address the secrets carry (it survives instance replacement), a certificate chain of the
// stack's for that address (timescale-certificates.ts), the admin and application secrets
// (generated passwords, read by the instance at first boot), and our rotation of both, which
// verifies the server against that chain (docs/decisions/0021): single-user for the admin,
// multi-user for the application, which keeps the previous credentials valid through a rotation.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { PlatformSecret } from "../secrets/platform-secret";
import { GENERATE_PASSWORDS, RotationFunction } from "../secrets/rotation-function";
import { LogRetentionDays } from "../shared/logs";
import { childName, physicalName } from "../shared/naming";
import { stateful } from "../shared/protection";
import { PASSWORD_SPECIALS } from "./postgres-app-user";
import { TimescaleCertificates } from "./timescale-certificates";
import { TimescaleInstance, TimescaleInstanceArgs, TimescaleSizing } from "./timescale-instance";

export interface SelfManagedTimescaleArgs extends Omit<TimescaleInstanceArgs, "adminSecretArn" | "appSecretArn" | "tlsSecretArn" | "networkInterfaceId"> {
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
    /** PEM of the CA that signed the server's certificate: what clients trust. */
    readonly caCertificate: pulumi.Output<string>;
    readonly sizing: TimescaleSizing;

    constructor(name: string, args: SelfManagedTimescaleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:data:SelfManagedTimescale", name, {}, opts);
        const address = new aws.ec2.NetworkInterface(childName(name, "address"), {
            subnetId: args.subnetId,
            securityGroups: args.securityGroupIds,
            description: `${args.namePrefix} TimescaleDB: stable address across instance replacements`,
            tags: { Name: `${args.namePrefix}-timescale` },
        }, { parent: this, ...stateful(args.protect) });
        const host = address.privateIp;
        const certificates = new TimescaleCertificates(childName(name, "tls"), {
            namePrefix: args.namePrefix,
            environment: args.environment,
            serverIp: host,
            secretsKeyArn: args.secretsKeyArn,
            recoveryWindowInDays: args.recoveryWindowInDays,
            protect: args.protect,
        }, { parent: this });
        const caCertificate = certificates.caCertificate;

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
            engine: "postgres", host, port: args.port, username: args.adminUsername, password: password("admin"), dbname: "postgres", caCertificate,
        }), "TimescaleDB admin (creates and rotates the application user); rotated by our single-user function");
        const app = secret("app", pulumi.jsonStringify({
            engine: "postgres", host, port: args.port, username: args.appUsername, password: password("app"), dbname: args.database, masterarn: admin.arn, caCertificate,
        }), "TimescaleDB application user of the devices service; rotated by our multi-user function");

        const instance = new TimescaleInstance(childName(name, "server"), {
            ...args,
            adminSecretArn: admin.arn,
            appSecretArn: app.arn,
            tlsSecretArn: certificates.serverSecretArn,
            networkInterfaceId: address.id,
        }, { parent: this, dependsOn: [admin, app, certificates] });

        this.rotation(name, args, { admin, app, instance, caCertificate });

        this.host = host;
        this.port = args.port;
        this.database = args.database;
        this.adminSecretArn = admin.arn;
        this.appSecretArn = app.arn;
        this.instanceId = instance.instanceId;
        this.volumeId = instance.volumeId;
        this.backupBucketName = instance.backupBucketName;
        this.caCertificate = caCertificate;
        this.sizing = instance.sizing;
        this.registerOutputs({ host, appSecretArn: this.appSecretArn, instanceId: this.instanceId });
    }

    /**
     * Our rotation functions, trusting the stack's CA only. The schedules were AWS's functions'
     * (released as PostgresRotation children): aliased, so they are updated in place, not
     * replaced (a replaced schedule's delete would cancel rotation on the secret).
     */
    private rotation(name: string, args: SelfManagedTimescaleArgs, made: { admin: PlatformSecret; app: PlatformSecret; instance: TimescaleInstance; caCertificate: pulumi.Output<string> }): void {
        const { admin, app, instance, caCertificate } = made;
        const base = {
            namePrefix: args.namePrefix,
            region: args.region,
            secretsKeyArn: args.secretsKeyArn,
            rotationDays: args.rotationDays,
            environment: { DATABASE_CA_CERTIFICATE: caCertificate },
            // The roles are created by the boot document, after the instance exists: the first
            // rotation waits for the schedule rather than run at once (decision 0022).
            rotateImmediately: false,
            subnetIds: args.functionSubnetIds,
            securityGroupIds: args.functionSecurityGroupIds,
            logsKeyArn: args.logsKeyArn,
            logRetentionInDays: args.functionLogRetentionInDays,
            protect: args.protect,
            notifications: args.notifications,
        };
        const previous = (role: "admin" | "app") => {
            const component = pulumi.createUrn(childName(name, `${role}-rotation`), "hse:secrets:PostgresRotation", this);
            return { component, schedule: pulumi.createUrn(childName(name, `${role}-rotation-schedule`), "aws:secretsmanager/secretRotation:SecretRotation", component) };
        };
        const adminBefore = previous("admin");
        const appBefore = previous("app");
        // Rotation needs the roles, which the instance creates at first boot.
        new RotationFunction(childName(name, "admin-rotation"), {
            ...base,
            behaviour: "postgres-single-user",
            // Not AWS's function's name (rotate-timescale-admin): its stack is deleted only after this is created.
            functionName: physicalName(args.namePrefix, "timescale-admin-rotation", 64),
            description: "rotates the TimescaleDB admin's password (single user), verifying the server against the stack's CA",
            secretArns: [admin.arn],
            statements: [GENERATE_PASSWORDS],
            previousScheduleUrns: [adminBefore.schedule],
        }, { parent: this, dependsOn: [instance], aliases: [adminBefore.component] });
        new RotationFunction(childName(name, "app-rotation"), {
            ...base,
            behaviour: "postgres-multi-user",
            functionName: physicalName(args.namePrefix, "timescale-app-rotation", 64),
            description: "rotates the TimescaleDB application user (alternating users, set by the admin), verifying the server against the stack's CA",
            secretArns: [app.arn],
            statements: [
                GENERATE_PASSWORDS,
                // The admin's secret: its user sets the alternating users' passwords (decrypted through Secrets Manager, already granted).
                { sid: "ReadTheAdminSecret", actions: ["secretsmanager:GetSecretValue"], resources: [admin.arn] },
            ],
            previousScheduleUrns: [appBefore.schedule],
        }, { parent: this, dependsOn: [instance], aliases: [appBefore.component] });
    }
}
