// Log groups keep their evidence for a bounded time and encrypt it with the stack's logs key
// (components/shared/log-group.ts builds them so; this holds every other path to a log group too).
import { hasKey, ResourceRule } from "./rule";

export const logGroupRetentionAndKey: ResourceRule = {
    name: "log-group-retention-and-key",
    description: "CloudWatch log groups have a retention period and a customer managed KMS key.",
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    check: ({ props }) => [
        ...(typeof props.retentionInDays === "number" && props.retentionInDays > 0 ? [] : ["retentionInDays must be set (never expire is not allowed)"]),
        ...(hasKey(props.kmsKeyId) ? [] : ["kmsKeyId must name the stack's logs key"]),
    ],
};

export const LOGS = [logGroupRetentionAndKey];
