// A rotation function of ours (functions/rotation/<behaviour>.ts on the shared protocol), for
// what AWS offers no deployable rotation for: bundled, in the private subnets, allowed to touch
// only its secrets, its key and the services it redeploys; Secrets Manager may invoke it for
// its own secrets only; its errors raise an alarm; every secret it owns rotates on a schedule.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Statement } from "../shared/iam";
import { bundleFunction } from "../shared/lambda-code";
import { childName } from "../shared/naming";
import { FunctionPlacementArgs, VpcFunction } from "../shared/vpc-function";

/** An ECS service the function redeploys after a rotation (its tasks read the secret at start). */
export interface RedeployedService {
    /** Physical names, known before the services exist (the function may be declared first). */
    readonly cluster: string;
    readonly service: string;
    /** ARN, for the role's permission. */
    readonly arn: pulumi.Input<string>;
}

export interface RotationFunctionArgs extends FunctionPlacementArgs {
    readonly namePrefix: string;
    readonly region: string;
    /** functions/rotation/<behaviour>.ts */
    readonly behaviour: "elasticache-user" | "jwt" | "postgres-single-user" | "postgres-multi-user";
    readonly functionName: string;
    readonly description: string;
    /**
     * Rotate as soon as each schedule is set (Secrets Manager's default), or false: at the first
     * scheduled date, where the rotated user is created later than the schedule (decision 0022).
     */
    readonly rotateImmediately?: boolean;
    /** The secrets it rotates: each gets a schedule. */
    readonly secretArns: pulumi.Input<string>[];
    readonly secretsKeyArn: pulumi.Input<string>;
    readonly rotationDays: number;
    /** What the behaviour needs beyond Secrets Manager (e.g. elasticache:ModifyUser on one user). */
    readonly statements: readonly Statement[];
    readonly environment?: Record<string, pulumi.Input<string>>;
    readonly redeployServices?: readonly RedeployedService[];
    /** How long one step may run. @default 60 */
    readonly timeoutSeconds?: number;
    /**
     * Earlier URNs of each secret's schedule (same order as secretArns), where a schedule moved
     * here from elsewhere: replacing a schedule would create the new one, then delete the old
     * one, and that delete cancels rotation on the secret.
     */
    readonly previousScheduleUrns?: readonly (pulumi.Input<string> | undefined)[];
}

/** GetRandomPassword, for behaviours that ask Secrets Manager for a password; it takes no resource (Secrets Manager service authorization reference). */
export const GENERATE_PASSWORDS: Statement = { sid: "GeneratePasswords", actions: ["secretsmanager:GetRandomPassword"], resources: ["*"] };

/** What every rotation of ours may do with its own secrets (Secrets Manager user guide, "Permissions for rotation"). */
export function rotationStatements(args: Pick<RotationFunctionArgs, "secretArns" | "secretsKeyArn" | "region" | "redeployServices">): Statement[] {
    const services = args.redeployServices ?? [];
    return [
        {
            sid: "RotateOwnSecrets",
            actions: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
            resources: [...args.secretArns],
        },
        {
            sid: "UseSecretsKeyThroughSecretsManager",
            actions: ["kms:Decrypt", "kms:GenerateDataKey"],
            resources: [args.secretsKeyArn],
            conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${args.region}.amazonaws.com`] }],
        },
        ...(services.length > 0 ? [{ sid: "RedeployServicesThatReadTheSecret", actions: ["ecs:UpdateService"], resources: services.map((s) => s.arn) }] : []),
    ];
}

export class RotationFunction extends pulumi.ComponentResource {
    readonly functionArn: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    readonly errorsAlarmName: pulumi.Output<string>;

    constructor(name: string, args: RotationFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:secrets:RotationFunction", name, {}, opts);
        const services = args.redeployServices ?? [];
        const fn = new VpcFunction(childName(name, "function"), {
            namePrefix: args.namePrefix,
            functionName: args.functionName,
            description: args.description,
            code: bundleFunction(`rotation/${args.behaviour}.ts`),
            environment: {
                ...args.environment,
                REDEPLOY_SERVICES: pulumi.jsonStringify(services.map((s) => ({ cluster: s.cluster, service: s.service }))),
            },
            statements: [...rotationStatements(args), ...args.statements],
            subnetIds: args.subnetIds,
            securityGroupIds: args.securityGroupIds,
            logsKeyArn: args.logsKeyArn,
            logRetentionInDays: args.logRetentionInDays,
            protect: args.protect,
            notifications: args.notifications,
            timeoutSeconds: args.timeoutSeconds ?? 60,
        }, { parent: this });

        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        args.secretArns.forEach((secretArn, i) => {
            // Secrets Manager may invoke the function for this secret of this account only: with
            // aws:SourceArn the function rotates only the secret named (Secrets Manager user
            // guide, "Permissions for rotation": aws:SourceAccount, and aws:SourceArn = the
            // secret's ARN, against the confused deputy). One permission per secret; the first
            // keeps the name the single permission had.
            const permission = new aws.lambda.Permission(childName(name, i === 0 ? "invoke" : `invoke-${i}`), {
                function: fn.functionName,
                action: "lambda:InvokeFunction",
                principal: "secretsmanager.amazonaws.com",
                sourceAccount: account,
                sourceArn: secretArn,
            }, { parent: this });
            const previous = args.previousScheduleUrns?.[i];
            new aws.secretsmanager.SecretRotation(childName(name, `schedule-${i}`), {
                secretId: secretArn,
                rotationLambdaArn: fn.arn,
                rotationRules: { automaticallyAfterDays: args.rotationDays },
                // The first rotation runs as soon as the schedule exists (the documented default,
                // stated), unless the rotated user is created later than the schedule (decision 0022).
                rotateImmediately: args.rotateImmediately ?? true,
            }, { parent: this, dependsOn: [permission], aliases: previous === undefined ? [] : [previous] });
        });

        this.functionArn = fn.arn;
        this.functionName = fn.functionName;
        this.roleName = fn.roleName;
        this.errorsAlarmName = fn.errorsAlarmName;
        this.registerOutputs({ functionArn: this.functionArn });
    }
}
