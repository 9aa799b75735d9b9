// No secret in a plain environment value. Policies see secrets already unwrapped, so the pack
// cannot tell a Pulumi secret from plain text by its value (test/platform/no-plain-secrets.test.ts
// does that offline, knowing the values); what it can see is a secret-looking variable name in the
// plain `environment` of a container or a function, where ECS task definitions and Lambda
// configurations show it to anyone allowed to describe them. Secrets belong in `secrets`
// (valueFrom Secrets Manager) instead.
import { asArray, parsed, ResourceRule } from "./rule";

/** Variable names that carry a credential (AWS Config's ecs-no-environment-secrets takes such a list). */
export const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_?KEY|API_?KEY|LICENSE_?KEY|ACCESS_?KEY|CREDENTIAL/i;

function secretLooking(names: readonly string[]): string[] {
    return names.filter((n) => SECRET_NAME.test(n));
}

export const noPlainSecretEnvironment: ResourceRule = {
    name: "no-secret-in-plain-environment",
    description: "No container or function environment variable whose name looks like a credential is given a plain value (use the task's secrets, read from Secrets Manager).",
    types: ["aws:ecs/taskDefinition:TaskDefinition", "aws:lambda/function:Function"],
    check: ({ type, props }) => {
        if (type === "aws:lambda/function:Function") {
            return secretLooking(Object.keys(props.environment?.variables ?? {})).map((n) => `environment variable ${n} looks like a secret: read it from Secrets Manager`);
        }
        return asArray(parsed(props.containerDefinitions) as any[]).flatMap((c) =>
            secretLooking(asArray(c.environment as any[]).map((e) => String(e.name)))
                .map((n) => `container ${c.name}: environment variable ${n} looks like a secret: move it to secrets (valueFrom)`));
    },
};

export const SECRETS = [noPlainSecretEnvironment];
