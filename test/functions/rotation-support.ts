// Shared set-up for tests of our rotation functions: SDK clients mocked with
// aws-sdk-client-mock, a secret's stages as Secrets Manager describes them, captured logs.
import { ECSClient } from "@aws-sdk/client-ecs";
import { DescribeSecretCommand, GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { RotationEvent } from "../../functions/rotation/protocol";

export const SECRET_ID = "arn:aws:secretsmanager:us-east-1:111122223333:secret:hse/dev/cache-AbCdEf";
export const TOKEN = "token-2";
export const CURRENT_VERSION = "token-1";

/** What Secrets Manager sends for one step of the rotation to TOKEN. */
export const rotationEvent = (step: RotationEvent["Step"]): RotationEvent => ({ SecretId: SECRET_ID, ClientRequestToken: TOKEN, Step: step });

/** A secret mid-rotation: its current version, and TOKEN staged AWSPENDING. */
export const PENDING_STAGES = { [CURRENT_VERSION]: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] };

export function mockedClients() {
    const secrets = mockClient(SecretsManagerClient);
    const ecs = mockClient(ECSClient);
    return { secrets, ecs, clients: { secrets: new SecretsManagerClient({ region: "us-east-1" }), ecs: new ECSClient({ region: "us-east-1" }) } };
}

/** DescribeSecret's answer: rotation on or off, and the stages of each version. */
export function describe(mock: ReturnType<typeof mockedClients>["secrets"], stages: Record<string, string[]>, rotationEnabled = true): void {
    mock.on(DescribeSecretCommand).resolves({ ARN: SECRET_ID, RotationEnabled: rotationEnabled, VersionIdsToStages: stages });
}

/** GetSecretValue's answers: AWSCURRENT, and AWSPENDING for the token if given. */
export function values(mock: ReturnType<typeof mockedClients>["secrets"], current: object, pending?: object): void {
    mock.on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionStage: "AWSCURRENT" }).resolves({ SecretString: JSON.stringify(current) });
    if (pending) {
        mock.on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionStage: "AWSPENDING", VersionId: TOKEN }).resolves({ SecretString: JSON.stringify(pending) });
    } else {
        mock.on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionStage: "AWSPENDING", VersionId: TOKEN }).rejects(new ResourceNotFoundException({ message: "no such version", $metadata: {} }));
    }
}

/** Runs `work` with console.log captured; returns the lines. */
export async function capturingLogs(work: () => Promise<unknown>): Promise<{ lines: string[]; error?: Error }> {
    const lines: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    try {
        await work();
        return { lines };
    } catch (error) {
        return { lines, error: error as Error };
    } finally {
        console.log = original;
    }
}
