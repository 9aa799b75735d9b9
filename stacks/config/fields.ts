// Field schemas shared by several sections: CIDRs, ports, tag values, booleans as Pulumi passes
// them, log retention. Each says what is allowed in the project's own words.
import { z } from "zod";
import { LOG_RETENTION_DAYS } from "../../components/shared/logs";
import { parseIpv4Block } from "./cidr";

// AWS accepts VPC and subnet CIDRs from /16 to /28 (Amazon VPC user guide, "VPC CIDR blocks").
export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 28;

/** Any IPv4 network in CIDR notation with no host bits set. */
export function cidr(kind: string) {
    return z
        .string()
        .check((ctx) => {
            if (!parseIpv4Block(ctx.value)) {
                ctx.issues.push({
                    code: "custom",
                    input: ctx.value,
                    message: `${JSON.stringify(ctx.value)} is not a valid IPv4 ${kind} CIDR; write the network address and prefix, e.g. 10.0.0.0/16 (no host bits set)`,
                });
            }
        })
        .meta({ "x-type": "IPv4 CIDR" });
}

/** A CIDR AWS accepts for a VPC or a subnet: /16 to /28. */
export function vpcRangeCidr(kind: string) {
    return cidr(kind).check((ctx) => {
        const block = parseIpv4Block(ctx.value);
        if (block && (block.prefixLength < MIN_VPC_PREFIX || block.prefixLength > MAX_VPC_PREFIX)) {
            ctx.issues.push({
                code: "custom",
                input: ctx.value,
                message: `${ctx.value} has prefix /${block.prefixLength}; AWS allows ${kind} CIDRs from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}`,
            });
        }
    }).meta({ "x-type": `IPv4 CIDR /${MIN_VPC_PREFIX}-/${MAX_VPC_PREFIX}` });
}

/**
 * A schema-level message that speaks only of the value's type: zod otherwise gives it to the
 * schema's checks too, and "must be a list" for a list that is merely too short misleads.
 */
export function typeError(message: string) {
    return { error: (issue: { code?: string }) => (issue.code === "invalid_type" ? message : undefined) };
}

export const port = z.int(typeError("must be a whole number from 1 to 65535 (a TCP port)")).min(1).max(65535);

// Tag values: up to 256 Unicode letters, digits, spaces and _ . : / = + - @ (AWS tagging rules).
const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;
export const tagValue = z
    .string({ error: "must be a tag value: 1-256 letters, digits, spaces or _ . : / = + - @" })
    .regex(TAG_VALUE_PATTERN, "must be 1-256 letters, digits, spaces or _ . : / = + - @ (AWS tag value rules)")
    .meta({ "x-type": "tag value (1-256 characters)" });

/**
 * Pulumi passes top-level scalars as strings, so booleans arrive as "true" / "false"; derive
 * turns them into booleans. (Not z.stringbool: a failing transform stops zod from running the
 * cross-field rules, and every problem must be reported at once.)
 */
export const configBoolean = z.enum(["true", "false"], { error: "must be true or false" }).meta({ "x-type": "boolean" });

export const logRetentionDays = z.literal(LOG_RETENTION_DAYS, {
    error: `must be one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`,
});
