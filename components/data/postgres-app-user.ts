// The application's own database user, so the monolith never connects as the master user:
// its secret (seed §10.2.6 shape plus engine and the master secret the rotation needs), the
// bootstrap function that creates the database, the role and the extensions (invoked by the
// stack on create and whenever its input changes), and AWS's multi-user rotation of the secret.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { PlatformSecret } from "../secrets/platform-secret";
import { PostgresRotation } from "../secrets/postgres-rotation";
import { bundleFunction } from "../shared/lambda-code";
import { AlarmNotifications } from "../observability/alarm-actions";
import { LogRetentionDays } from "../shared/logs";
import { childName, physicalName } from "../shared/naming";
import { VpcFunction } from "../shared/vpc-function";

/** Where the Lambda runtime keeps the Amazon (RDS) CA certificates (Lambda developer guide, "CA certificate loading"). */
export const LAMBDA_AMAZON_CA_BUNDLE = "/var/runtime/ca-cert.pem";

/** The JSON keys of the application's database secrets (seed §10.2.6 shape plus engine). */
export const DATABASE_SECRET_KEYS = ["host", "port", "username", "password", "dbname", "engine"] as const;

/** Special characters of generated database passwords: none the rotation functions exclude. */
export const PASSWORD_SPECIALS = "!#$%&*()-_=+[]{}<>?";

export interface PostgresAppUserArgs {
    readonly namePrefix: string;
    readonly region: string;
    /** hse/<env>/postgres */
    readonly secretName: string;
    readonly database: string;
    readonly role: string;
    readonly schema: string;
    readonly extensions: readonly string[];
    readonly host: pulumi.Input<string>;
    readonly port: pulumi.Input<number>;
    /** The RDS-managed master secret. */
    readonly masterSecretArn: pulumi.Input<string>;
    readonly secretsKeyArn: pulumi.Input<string>;
    readonly logsKeyArn: pulumi.Input<string>;
    readonly recoveryWindowInDays: number;
    readonly rotationDays: number;
    readonly subnetIds: pulumi.Input<string>[];
    /** Lets the functions reach the database and AWS APIs. */
    readonly functionSecurityGroupIds: pulumi.Input<string>[];
    readonly logRetentionInDays: LogRetentionDays;
    readonly protect: boolean;
    /** Who the component's alarms notify on alarm and on recovery (the alerts topic); none if not given. */
    readonly notifications?: AlarmNotifications;
}

export class PostgresAppUser extends pulumi.ComponentResource {
    readonly secretArn: pulumi.Output<string>;
    readonly bootstrapFunctionName: pulumi.Output<string>;
    readonly rotationFunctionArn: pulumi.Output<string>;

    constructor(name: string, args: PostgresAppUserArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:data:PostgresAppUser", name, {}, opts);
        const password = new random.RandomPassword(childName(name, "initial-password"), {
            length: 32,
            special: true,
            overrideSpecial: PASSWORD_SPECIALS,
            minLower: 1,
            minUpper: 1,
            minNumeric: 1,
        }, { parent: this });

        const secret = new PlatformSecret(childName(name, "secret"), {
            secretName: args.secretName,
            description: `Application user of ${args.database} (PostgreSQL on RDS); rotated by AWS's multi-user function`,
            kmsKeyArn: args.secretsKeyArn,
            recoveryWindowInDays: args.recoveryWindowInDays,
            protect: args.protect,
            initialValue: pulumi.jsonStringify({
                engine: "postgres",
                host: args.host,
                port: args.port,
                username: args.role,
                password: password.result,
                dbname: args.database,
                masterarn: args.masterSecretArn,
            }),
        }, { parent: this });

        const code = bundleFunction("db-bootstrap/handler.ts");
        const bootstrap = new VpcFunction(childName(name, "bootstrap"), {
            namePrefix: args.namePrefix,
            functionName: physicalName(args.namePrefix, "db-bootstrap", 64),
            description: `creates ${args.database}, its role and extensions (idempotent)`,
            code,
            environment: { NODE_EXTRA_CA_CERTS: LAMBDA_AMAZON_CA_BUNDLE },
            statements: [
                { sid: "ReadTheTwoSecrets", actions: ["secretsmanager:GetSecretValue"], resources: [args.masterSecretArn, secret.arn] },
                {
                    sid: "DecryptThemThroughSecretsManager",
                    actions: ["kms:Decrypt"],
                    resources: [args.secretsKeyArn],
                    conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${args.region}.amazonaws.com`] }],
                },
            ],
            subnetIds: args.subnetIds,
            securityGroupIds: args.functionSecurityGroupIds,
            logsKeyArn: args.logsKeyArn,
            logRetentionInDays: args.logRetentionInDays,
            protect: args.protect,
            notifications: args.notifications,
            timeoutSeconds: 120,
        }, { parent: this });

        // Re-run whenever what it is asked to do, or its code, changes; never otherwise.
        const run = new aws.lambda.Invocation(childName(name, "bootstrap-run"), {
            functionName: bootstrap.functionName,
            input: pulumi.jsonStringify({
                host: args.host,
                port: args.port,
                database: args.database,
                role: args.role,
                schema: args.schema,
                extensions: args.extensions,
                masterSecretArn: args.masterSecretArn,
                appSecretArn: secret.arn,
                codeSha256: code.sha256,
            }),
        }, { parent: this, dependsOn: secret.initialVersion ? [secret.initialVersion] : [] });

        // The first rotation runs at once, so the roles must exist first: it finds <role>_clone,
        // which the bootstrap created, and gives it a password (decision 0022).
        const rotation = new PostgresRotation(childName(name, "rotation"), {
            strategy: "multiUser",
            // Renamed from rotate-postgres-app, whose log group Lambda made at its first run: a log
            // group of ours (on the logs key, with retention) could not take that name. The new
            // application stack comes up beside the old one, and the schedule moves to it.
            functionName: physicalName(args.namePrefix, "rotate-postgres-app-user", 64),
            region: args.region,
            secretArn: secret.arn,
            kmsKeyArn: args.secretsKeyArn,
            masterSecretArn: args.masterSecretArn,
            masterSecretKmsKeyArn: args.secretsKeyArn,
            subnetIds: args.subnetIds,
            securityGroupIds: args.functionSecurityGroupIds,
            rotationDays: args.rotationDays,
            logs: { retentionInDays: args.logRetentionInDays, kmsKeyArn: args.logsKeyArn, protect: args.protect },
            rotateImmediately: true,
        }, { parent: this, dependsOn: [run] });

        this.secretArn = secret.arn;
        this.bootstrapFunctionName = bootstrap.functionName;
        this.rotationFunctionArn = rotation.functionArn;
        this.registerOutputs({ secretArn: this.secretArn });
    }
}
