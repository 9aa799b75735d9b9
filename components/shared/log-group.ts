// Every log group of the project: a retention CloudWatch Logs accepts, the logs KMS key, and
// protection in production (logs are evidence). One function, so none is created without them.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LogRetentionDays } from "./logs";
import { stateful } from "./protection";

export interface EncryptedLogGroupArgs {
    /** A fixed name (when a service writes to a name it chooses, e.g. /aws/rds/instance/<id>/postgresql)... */
    readonly name?: pulumi.Input<string>;
    /** ...or a prefix, so a group retained on delete never blocks a re-created stack. */
    readonly namePrefix?: string;
    readonly retentionInDays: LogRetentionDays;
    /** ARN of the logs key. */
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly protect: boolean;
    readonly tags?: Record<string, string>;
}

export function encryptedLogGroup(resourceName: string, args: EncryptedLogGroupArgs, opts: pulumi.CustomResourceOptions): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(resourceName, {
        ...(args.name !== undefined ? { name: args.name } : { namePrefix: args.namePrefix }),
        retentionInDays: args.retentionInDays,
        kmsKeyId: args.kmsKeyArn,
        tags: args.tags,
    }, { ...opts, ...stateful(args.protect) });
}
