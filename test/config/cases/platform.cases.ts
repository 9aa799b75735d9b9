// Invalid values of the platform keys (environment, region, account, tags, protection).
import { Edit, InvalidCase, PROJECT, setKey } from "../edit";

const key = (k: string) => `${PROJECT}:${k}`;
const raw = (change: Edit): Edit => change;

export const PLATFORM_CASES: InvalidCase[] = [
    { title: "unknown environment", edit: setKey("environment", "qa"), key: key("environment"), says: "dev, staging, production" },
    { title: "environment of another stack", edit: setKey("environment", "staging"), key: key("environment"), says: 'the stack is "dev"' },
    { title: "missing environment", edit: setKey("environment", undefined), key: key("environment"), says: "is required" },
    { title: "malformed region", edit: setKey("region", "useast1"), key: key("region"), says: "must be an AWS region name such as us-east-1" },
    { title: "cost center with a forbidden character", edit: setKey("costCenter", "hse#1"), key: key("costCenter"), says: "tag value" },
    { title: "empty owner", edit: setKey("owner", ""), key: key("owner"), says: "tag value" },
    { title: "protection flag that is not a boolean", edit: setKey("protectStatefulResources", "yes"), key: key("protectStatefulResources"), says: "true or false" },
    { title: "unprotected production", stack: "production", edit: setKey("protectStatefulResources", "false"), key: key("protectStatefulResources"), says: "production" },
    { title: "account id that is not 12 digits", edit: setKey("accountId", "12345"), key: key("accountId"), says: "must be a 12-digit AWS account id, e.g. 123456789012" },
    { title: "account id with a prefix before its 12 digits", edit: setKey("accountId", "x123456789012"), key: key("accountId"), says: "must be a 12-digit AWS account id, e.g. 123456789012" },
    { title: "account id with a 13th digit", edit: setKey("accountId", "1234567890123"), key: key("accountId"), says: "must be a 12-digit AWS account id, e.g. 123456789012" },
    { title: "region that is not a text", edit: setKey("region", "[1]"), key: key("region"), says: "must be an AWS region name such as us-east-1" },
    { title: "tag value with a character AWS refuses", edit: setKey("owner", "platform<team>"), key: key("owner"), says: "must be 1-256 letters, digits, spaces or _ . : / = + - @ (AWS tag value rules)" },
    { title: "production without an account", stack: "production", edit: setKey("accountId", undefined), key: key("accountId"), says: "is required in production" },
    { title: "staging without an account", stack: "staging", edit: setKey("accountId", undefined), key: key("accountId"), says: "is required in staging" },
    { title: "misspelt top-level key", edit: setKey("netwrok", "{}"), key: key("netwrok"), says: "unknown key" },
    { title: "aws:region, which the program would ignore", edit: raw((v) => { v["aws:region"] = "eu-west-1"; }), key: "aws:region", says: `set ${PROJECT}:region` },
    { title: "key of a foreign namespace", edit: raw((v) => { v["kubernetes:context"] = "x"; }), key: "kubernetes:context", says: "unknown config namespace" },
];
