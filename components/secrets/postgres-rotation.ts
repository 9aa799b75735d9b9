// AWS's own PostgreSQL rotation function, deployed from the Serverless Application Repository
// into the private subnets, and the rotation schedule that uses it. Multi-user for application
// users (two users alternate, so the previous credentials keep working through a rotation);
// single-user for a self-managed server's admin. The function's log group is ours, made first.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/log-group";
import { LogRetentionDays } from "../shared/logs";
import { childName } from "../shared/naming";

/**
 * Application ids of AWS's rotation templates (Secrets Manager user guide, "Rotation function
 * templates") and the version this project deploys: 1.1.671, the version aws-cdk pins for both
 * (aws-cdk-lib/aws-secretsmanager/lib/secret-rotation.ts, POSTGRES_ROTATION_*_USER).
 */
export const POSTGRES_ROTATION_APPLICATIONS = {
    multiUser: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationMultiUser",
    singleUser: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser",
} as const;
export const POSTGRES_ROTATION_VERSION = "1.1.671";

/** The rotation functions' default, kept: characters that break connection strings and shells. */
export const ROTATION_EXCLUDED_CHARACTERS = `:/@"'\\`;

export interface PostgresRotationArgs {
    readonly strategy: keyof typeof POSTGRES_ROTATION_APPLICATIONS;
    /** Physical name of the function the application creates (at most 64 characters). */
    readonly functionName: string;
    readonly region: string;
    /** The secret to rotate and its key. */
    readonly secretArn: pulumi.Input<string>;
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Multi-user: the secret of the user that changes the others' passwords, and its key. */
    readonly masterSecretArn?: pulumi.Input<string>;
    readonly masterSecretKmsKeyArn?: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<string>[];
    readonly securityGroupIds: pulumi.Input<string>[];
    readonly rotationDays: number;
    /** The function's log group: its retention, the logs key, and protection. */
    readonly logs: { readonly retentionInDays: LogRetentionDays; readonly kmsKeyArn: pulumi.Input<string>; readonly protect: boolean };
    /**
     * Rotate as soon as the schedule is set (Secrets Manager's default) or at the first scheduled
     * date; false where the user is created later than this resource (decision 0022).
     */
    readonly rotateImmediately?: boolean;
}

/**
 * The log group Lambda writes the function's logs to. The templates name the function after
 * their `functionName` parameter (template.yml of each rotation application: `FunctionName:
 * !Ref functionName`), and Lambda logs to /aws/lambda/<function name> (Lambda developer guide,
 * "Working with Amazon CloudWatch Logs"). Left to Lambda, the group would have no key and
 * never expire.
 */
export function rotationLogGroupName(functionName: string): string {
    return `/aws/lambda/${functionName}`;
}

export class PostgresRotation extends pulumi.ComponentResource {
    readonly functionArn: pulumi.Output<string>;

    constructor(name: string, args: PostgresRotationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:secrets:PostgresRotation", name, {}, opts);
        if (args.strategy === "multiUser" && args.masterSecretArn === undefined) {
            throw new Error(`${name}: multi-user rotation needs the master secret`);
        }
        const logGroup = encryptedLogGroup(childName(name, "logs"), {
            name: rotationLogGroupName(args.functionName),
            retentionInDays: args.logs.retentionInDays,
            kmsKeyArn: args.logs.kmsKeyArn,
            protect: args.logs.protect,
        }, { parent: this });
        // Created after its log group, so the first invocation finds it rather than making one.
        const application = new aws.serverlessrepository.CloudFormationStack(childName(name, "application"), {
            name: args.functionName,
            applicationId: POSTGRES_ROTATION_APPLICATIONS[args.strategy],
            semanticVersion: POSTGRES_ROTATION_VERSION,
            capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
            parameters: {
                functionName: args.functionName,
                endpoint: `https://secretsmanager.${args.region}.amazonaws.com`,
                vpcSubnetIds: pulumi.output(args.subnetIds).apply((ids) => ids.join(",")),
                vpcSecurityGroupIds: pulumi.output(args.securityGroupIds).apply((ids) => ids.join(",")),
                kmsKeyArn: args.kmsKeyArn,
                excludeCharacters: ROTATION_EXCLUDED_CHARACTERS,
                ...(args.masterSecretArn !== undefined ? { masterSecretArn: args.masterSecretArn, masterSecretKmsKeyArn: args.masterSecretKmsKeyArn ?? args.kmsKeyArn } : {}),
            },
        }, { parent: this, dependsOn: [logGroup] });
        this.functionArn = application.outputs.apply((outputs) => outputs.RotationLambdaARN);

        new aws.secretsmanager.SecretRotation(childName(name, "schedule"), {
            secretId: args.secretArn,
            rotationLambdaArn: this.functionArn,
            rotationRules: { automaticallyAfterDays: args.rotationDays },
            ...(args.rotateImmediately !== undefined ? { rotateImmediately: args.rotateImmediately } : {}),
        }, { parent: this });
        this.registerOutputs({ functionArn: this.functionArn });
    }
}
