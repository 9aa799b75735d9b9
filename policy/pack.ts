// The pack's policies, one list: index.ts serves them to the engine, the tests run the same
// objects against every stack's recorded resources and against broken fixtures.
import type { Policies } from "@pulumi/policy";
import { ENCRYPTION_AT_REST } from "./rules/encryption-at-rest";
import { ENCRYPTION_IN_TRANSIT } from "./rules/encryption-in-transit";
import { IAM } from "./rules/iam";
import { INSTANCES } from "./rules/instances";
import { LOGS } from "./rules/logs";
import { PROTECTION } from "./rules/protection";
import { PUBLIC_ACCESS_RESOURCE_RULES, PUBLIC_ACCESS_STACK_RULES } from "./rules/public-access";
import { RESILIENCE } from "./rules/resilience";
import { resourcePolicy, stackPolicy } from "./rules/rule";
import { SECRETS } from "./rules/secrets";
import { TAGS } from "./rules/tags";

export const PACK_NAME = "hse-platform-guardrails";

export const RESOURCE_RULES = [
    ...ENCRYPTION_AT_REST, ...ENCRYPTION_IN_TRANSIT, ...PUBLIC_ACCESS_RESOURCE_RULES, ...PROTECTION,
    ...SECRETS, ...LOGS, ...TAGS, ...INSTANCES, ...IAM, ...RESILIENCE,
];
export const STACK_RULES = [...PUBLIC_ACCESS_STACK_RULES];

export const policies: Policies = [...RESOURCE_RULES.map(resourcePolicy), ...STACK_RULES.map(stackPolicy)];
