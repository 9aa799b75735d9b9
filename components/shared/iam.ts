// IAM building blocks shared by components: policy statements as data (rendered by
// getPolicyDocument, so tests read the exact JSON AWS receives) and service trust policies.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface Statement {
    readonly sid: string;
    readonly effect?: "Allow" | "Deny";
    readonly actions: string[];
    readonly resources: pulumi.Input<string>[];
    readonly conditions?: { readonly test: string; readonly variable: string; readonly values: pulumi.Input<string>[] }[];
}

/** The JSON of a policy made of `statements` (identity policies: no principals). */
export function policyJson(statements: readonly Statement[], opts: pulumi.InvokeOutputOptions): pulumi.Output<string> {
    return aws.iam.getPolicyDocumentOutput({ statements: statements.map((s) => ({ ...s, effect: s.effect ?? "Allow" })) }, opts).json;
}

/** A trust policy that lets one AWS service assume the role, optionally for this account only. */
export function serviceTrustJson(service: string, opts: pulumi.InvokeOutputOptions, sourceAccount?: pulumi.Input<string>): pulumi.Output<string> {
    return aws.iam.getPolicyDocumentOutput({
        statements: [{
            effect: "Allow",
            actions: ["sts:AssumeRole"],
            principals: [{ type: "Service", identifiers: [service] }],
            ...(sourceAccount ? { conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [sourceAccount] }] } : {}),
        }],
    }, opts).json;
}

/**
 * What a Lambda function in a VPC needs to manage its network interfaces (the actions of AWS's
 * AWSLambdaVPCAccessExecutionRole; EC2 offers no resource-level scoping for them).
 */
export const LAMBDA_VPC_ACTIONS = [
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
];
