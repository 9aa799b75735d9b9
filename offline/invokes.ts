// The invokes the program may make, answered as AWS would for the mocked account. An invoke
// that is not in this table fails the build: a new invoke cannot pass tests on an empty answer.
import { createHash } from "crypto";

export const MOCK_PARTITION = "aws";
/** The id AWS gives the CloudFront origin-facing managed prefix list in every region. */
export const MOCK_CLOUDFRONT_PREFIX_LIST_ID = "pl-3b927c52";
const CLOUDFRONT_ORIGIN_FACING = "com.amazonaws.global.cloudfront.origin-facing";

/** Public SSM parameters the program reads, with made-up but well-formed values. */
const PUBLIC_PARAMETERS: Record<string, string> = {
    "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id": "ami-0f1e2d3c4b5a69788",
};

export interface MockAccount {
    readonly region: string;
    readonly accountId: string;
    /** Availability zones the mocked account offers in the region. */
    readonly availabilityZones: readonly string[];
}

export type InvokeAnswer = (inputs: Record<string, any>, account: MockAccount) => Record<string, unknown>;

export function shortHash(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

type PolicyStatementInput = {
    sid?: string;
    effect?: string;
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principals?: { type: string; identifiers: string[] }[];
    conditions?: { test: string; variable: string; values: string[] }[];
};

const one = (values: string[]) => (values.length === 1 ? values[0] : values);

/**
 * `"Principal": "*"` is what the provider renders for type "*" with identifiers ["*"], the one
 * spelling its documentation gives for "anyone" (aws_iam_policy_document, principals); any other
 * identifiers under type "*" are refused here rather than guessed.
 */
function renderPrincipals(principals: NonNullable<PolicyStatementInput["principals"]>): string | Record<string, string | string[]> {
    const anyone = principals.filter((p) => p.type === "*");
    if (anyone.length === 0) return Object.fromEntries(principals.map((p) => [p.type, one(p.identifiers)]));
    if (principals.length !== 1 || anyone[0].identifiers.length !== 1 || anyone[0].identifiers[0] !== "*") {
        throw new Error(`getPolicyDocument: a principal of type "*" must stand alone with identifiers ["*"]; got ${JSON.stringify(principals)}`);
    }
    return "*";
}

/** Renders getPolicyDocument's arguments as the IAM JSON the real provider returns. */
export function renderPolicyDocument(statements: PolicyStatementInput[]): string {
    const statement = statements.map((s) => {
        const conditions: Record<string, Record<string, string | string[]>> = {};
        for (const c of s.conditions ?? []) {
            conditions[c.test] = { ...conditions[c.test], [c.variable]: one(c.values) };
        }
        return {
            ...(s.sid ? { Sid: s.sid } : {}),
            Effect: s.effect ?? "Allow",
            ...(s.actions ? { Action: one(s.actions) } : {}),
            ...(s.notActions ? { NotAction: one(s.notActions) } : {}),
            ...(s.resources ? { Resource: one(s.resources) } : {}),
            ...(s.notResources ? { NotResource: one(s.notResources) } : {}),
            ...(s.principals ? { Principal: renderPrincipals(s.principals) } : {}),
            ...(s.conditions ? { Condition: conditions } : {}),
        };
    });
    return JSON.stringify({ Version: "2012-10-17", Statement: statement }, null, 2);
}

/**
 * The AWS account each older Region's load balancers write access logs as (ELB user guide,
 * "Enable access logs": us-east-1 is 127311923021).
 */
const ELB_LOG_ACCOUNTS: Record<string, string> = { "us-east-1": "127311923021", "us-west-2": "797873946194", "eu-west-1": "156460612806" };

export const INVOKES: Readonly<Record<string, InvokeAnswer>> = {
    // The mocked account holds public zones only, as the stack files expect: a lookup without a
    // name, or of a private zone, finds nothing and fails as the real data source does.
    "aws:route53/getZone:getZone": (inputs) => {
        if (typeof inputs.name !== "string" || inputs.privateZone !== false) {
            throw new Error(`no matching Route 53 Hosted Zone found (name ${JSON.stringify(inputs.name)}, privateZone ${JSON.stringify(inputs.privateZone)}); the mocked account has public zones only, asked for with privateZone: false`);
        }
        const name = inputs.name.replace(/\.$/, "");
        return { id: `Z${shortHash(name).toUpperCase()}ABCDE`, zoneId: `Z${shortHash(name).toUpperCase()}ABCDE`, name: `${name}.`, privateZone: false, nameServers: [`ns-1.awsdns-01.org`] };
    },
    "aws:elb/getServiceAccount:getServiceAccount": (_, { region }) => {
        const account = ELB_LOG_ACCOUNTS[region];
        if (!account) throw new Error(`no ELB log-delivery account known for ${region}`);
        return { id: account, arn: `arn:${MOCK_PARTITION}:iam::${account}:root`, region };
    },
    "aws:ssm/getParameter:getParameter": (inputs) => {
        const value = PUBLIC_PARAMETERS[String(inputs.name)];
        if (value === undefined) throw new Error(`no SSM parameter is named ${String(inputs.name)}`);
        return { id: inputs.name, name: inputs.name, type: "String", value, insecureValue: value, version: 1, arn: `arn:aws:ssm:::parameter${String(inputs.name)}` };
    },
    "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs, { region, availabilityZones }) => ({
        id: region,
        names: [...availabilityZones],
        zoneIds: availabilityZones.map((_, i) => `use1-az${i + 1}`),
        groupNames: [region],
        state: inputs.state,
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": (_, { accountId }) => ({
        id: accountId,
        accountId,
        arn: `arn:${MOCK_PARTITION}:iam::${accountId}:user/mock`,
        userId: "AIDAMOCKUSER",
    }),
    "aws:index/getPartition:getPartition": () => ({ id: MOCK_PARTITION, partition: MOCK_PARTITION, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" }),
    "aws:index/getRegion:getRegion": (_, { region }) => ({ id: region, region, name: region, endpoint: `ec2.${region}.amazonaws.com`, description: region }),
    "aws:iam/getPolicyDocument:getPolicyDocument": (inputs) => {
        const json = renderPolicyDocument(inputs.statements ?? []);
        return { id: shortHash(json), json, minifiedJson: JSON.stringify(JSON.parse(json)) };
    },
    "aws:ec2/getManagedPrefixList:getManagedPrefixList": (inputs) => {
        // The only AWS-managed list the program reads; any other name does not exist.
        if (inputs.name !== CLOUDFRONT_ORIGIN_FACING) {
            throw new Error(`no managed prefix list is named ${String(inputs.name)}`);
        }
        return { id: MOCK_CLOUDFRONT_PREFIX_LIST_ID, name: inputs.name, addressFamily: "IPv4", maxEntries: 55, entries: [], ownerId: "AWS" };
    },
};
