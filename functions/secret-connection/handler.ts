// Lambda entry point that keeps the connection fields of a rotated secret (host, port, dbname,
// ...) what the stack says, without touching what rotation owns (username, password). The stack
// invokes it (aws.lambda.Invocation) on create and whenever the fields change; it reads the
// AWSCURRENT value, and if a field differs, puts a new version with the fields merged in, which
// Secrets Manager stages AWSCURRENT. So the stack never writes a password (a version written by
// the stack would bring back the first one), and the next rotation copies the new fields on.
// Docs/decisions/0023. It returns what it did, never a value.
import { DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createHash } from "crypto";

export type ConnectionFields = Record<string, string | number | boolean>;

export interface ConnectionEvent {
    readonly secretId: string;
    readonly fields: ConnectionFields;
}

/** Keys rotation owns: the stack may never set them. */
export const ROTATION_OWNED_KEYS = ["username", "password"] as const;

export interface ConnectionDependencies {
    /** Version ids by their staging labels. */
    stages(secretId: string): Promise<Record<string, string[]>>;
    currentValue(secretId: string): Promise<string | undefined>;
    put(secretId: string, token: string, value: string): Promise<void>;
}

export interface ConnectionResult {
    readonly changed: readonly string[];
}

function log(message: string, fields: Record<string, unknown> = {}): void {
    console.log(JSON.stringify({ function: "secret-connection", message, ...fields }));
}

/** Refuses a rotation in flight: its AWSPENDING version was copied from the old fields. */
function assertNoRotationInFlight(stages: Record<string, string[]>): void {
    const pending = Object.entries(stages).find(([, labels]) => labels.includes("AWSPENDING") && !labels.includes("AWSCURRENT"));
    if (pending) throw new Error("a rotation is in progress (a version is AWSPENDING only); let it finish, then run pulumi up again");
}

export async function syncConnection(deps: ConnectionDependencies, event: ConnectionEvent): Promise<ConnectionResult> {
    const owned = ROTATION_OWNED_KEYS.filter((key) => key in event.fields);
    if (owned.length > 0) throw new Error(`${owned.join(", ")} belong to rotation; the stack sets connection fields only`);
    const text = await deps.currentValue(event.secretId);
    let current: Record<string, unknown>;
    try {
        current = JSON.parse(text ?? "") as Record<string, unknown>;
    } catch {
        // Never echo the text: it holds a password.
        throw new Error(`secret ${event.secretId}: its AWSCURRENT value is not a JSON object`);
    }
    if (typeof current !== "object" || current === null || Array.isArray(current)) throw new Error(`secret ${event.secretId}: its AWSCURRENT value is not a JSON object`);
    const changed = Object.keys(event.fields).filter((key) => current[key] !== event.fields[key]).sort();
    if (changed.length === 0) {
        log("the connection fields are already current", { secretId: event.secretId });
        return { changed };
    }
    // Only a change needs the versions quiet: an unchanged secret may rotate meanwhile.
    const stages = await deps.stages(event.secretId);
    assertNoRotationInFlight(stages);
    const merged = JSON.stringify({ ...current, ...event.fields });
    // The same merge onto the same current version gives the same token, so a retried invocation
    // makes no second version; the current version is in it because a change back (A, B, then A
    // again) merges to an earlier version's text, whose token Secrets Manager would take as done.
    const currentVersion = Object.entries(stages).find(([, labels]) => labels.includes("AWSCURRENT"))?.[0] ?? "";
    const token = createHash("sha256").update(event.secretId).update(currentVersion).update(merged).digest("hex").slice(0, 64);
    await deps.put(event.secretId, token, merged);
    log("wrote the connection fields into a new AWSCURRENT version", { secretId: event.secretId, changed });
    return { changed };
}

const client = new SecretsManagerClient({});

export const awsDependencies: ConnectionDependencies = {
    async stages(secretId) {
        const { VersionIdsToStages = {} } = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
        return VersionIdsToStages;
    },
    async currentValue(secretId) {
        return (await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: "AWSCURRENT" }))).SecretString;
    },
    async put(secretId, token, value) {
        await client.send(new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: value }));
    },
};

export const handler = (event: ConnectionEvent): Promise<ConnectionResult> => syncConnection(awsDependencies, event);
