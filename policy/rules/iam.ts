// Least privilege: no identity policy allows every action on every resource, and nothing is
// given AWS's AdministratorAccess. Policy documents reach the engine as JSON text.
import { asArray, parsed, ResourceRule } from "./rule";

const FULL_ACTIONS = ["*", "*:*"];
const ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

function statements(document: unknown): any[] {
    return asArray((parsed(document) as { Statement?: unknown } | undefined)?.Statement as any[]);
}

function allowsEverything(statement: any): boolean {
    return statement.Effect === "Allow"
        && asArray(statement.Action).some((a) => FULL_ACTIONS.includes(a as string))
        && asArray(statement.Resource).some((r) => r === "*");
}

/** Every policy document a resource of these types carries, with where it is. */
function documents(type: string, props: Record<string, any>): { where: string; document: unknown }[] {
    if (type === "aws:iam/role:Role") {
        return asArray(props.inlinePolicies as any[]).map((p, i) => ({ where: `inlinePolicies[${i}] ${p.name ?? ""}`.trim(), document: p.policy }));
    }
    return [{ where: "policy", document: props.policy }];
}

function attachedArns(type: string, props: Record<string, any>): string[] {
    if (type === "aws:iam/role:Role") return asArray(props.managedPolicyArns as string[]);
    return type.endsWith("PolicyAttachment") ? [props.policyArn] : [];
}

export const noFullAdmin: ResourceRule = {
    name: "iam-least-privilege",
    description: "No IAM policy statement allows Action * on Resource *, and no principal is given AdministratorAccess.",
    types: [
        "aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy", "aws:iam/role:Role",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/userPolicyAttachment:UserPolicyAttachment", "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    ],
    check: ({ type, props }) => [
        ...(type.endsWith("PolicyAttachment") ? [] : documents(type, props))
            .flatMap(({ where, document }) => statements(document).filter(allowsEverything).map((s) => `${where}: statement ${s.Sid ?? "(no Sid)"} allows * on *`)),
        ...attachedArns(type, props).filter((arn) => arn === ADMINISTRATOR_ACCESS).map(() => "AdministratorAccess must not be attached"),
    ],
};

export const IAM = [noFullAdmin];
