// A Secrets Manager of the test's own behind aws-sdk-client-mock: secrets with versions and
// stages that DescribeSecret, GetSecretValue, PutSecretValue and UpdateSecretVersionStage read
// and change as the service does (moving AWSCURRENT moves AWSPREVIOUS to the version it left;
// Secrets Manager user guide, "Rotation by Lambda function"; RotateSecret stages the new version
// AWSPENDING before createSecret gives it a value), so a whole rotation runs step by
// step against it, retries included.
import {
    DescribeSecretCommand,
    GetRandomPasswordCommand,
    GetSecretValueCommand,
    PutSecretValueCommand,
    ResourceNotFoundException,
    UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { randomBytes } from "crypto";
import { mockedClients } from "./rotation-support";

type SecretsMock = ReturnType<typeof mockedClients>["secrets"];

interface Version {
    /** None until PutSecretValue: RotateSecret stages the new version AWSPENDING before it has a value. */
    value?: string;
    stages: string[];
}

const notFound = (what: string) => new ResourceNotFoundException({ message: `Secrets Manager can't find ${what}`, $metadata: {} });

export class FakeSecretsManager {
    private readonly secrets = new Map<string, Map<string, Version>>();
    /** Every password GetRandomPassword handed out, in order. */
    readonly generated: string[] = [];

    constructor(mock: SecretsMock) {
        mock.on(DescribeSecretCommand).callsFake(({ SecretId }) => ({
            ARN: SecretId,
            RotationEnabled: true,
            VersionIdsToStages: Object.fromEntries([...this.versions(SecretId).entries()].map(([id, v]) => [id, [...v.stages]])),
        }));
        mock.on(GetSecretValueCommand).callsFake(({ SecretId, VersionId, VersionStage }) => {
            const found = [...this.versions(SecretId).entries()].find(([id, v]) => (VersionId === undefined || id === VersionId) && v.stages.includes(VersionStage ?? "AWSCURRENT"));
            if (!found || found[1].value === undefined) throw notFound(`the version of ${SecretId}`);
            return { ARN: SecretId, VersionId: found[0], SecretString: found[1].value, VersionStages: [...found[1].stages] };
        });
        mock.on(PutSecretValueCommand).callsFake(({ SecretId, ClientRequestToken, SecretString, VersionStages }) => {
            const versions = this.versions(SecretId);
            for (const stage of VersionStages ?? ["AWSCURRENT"]) this.removeStage(versions, stage);
            versions.set(ClientRequestToken, { value: SecretString, stages: [...(versions.get(ClientRequestToken)?.stages ?? []), ...(VersionStages ?? ["AWSCURRENT"])] });
            return { ARN: SecretId, VersionId: ClientRequestToken };
        });
        mock.on(UpdateSecretVersionStageCommand).callsFake(({ SecretId, VersionStage, MoveToVersionId, RemoveFromVersionId }) => {
            const versions = this.versions(SecretId);
            const target = versions.get(MoveToVersionId);
            if (!target) throw notFound(MoveToVersionId);
            if (RemoveFromVersionId !== undefined && !versions.get(RemoveFromVersionId)?.stages.includes(VersionStage)) throw new Error("RemoveFromVersionId does not hold the stage");
            if (VersionStage === "AWSCURRENT" && RemoveFromVersionId !== undefined) {
                this.removeStage(versions, "AWSPREVIOUS");
                versions.get(RemoveFromVersionId)!.stages.push("AWSPREVIOUS");
            }
            this.removeStage(versions, VersionStage);
            target.stages.push(VersionStage);
            return { ARN: SecretId };
        });
        mock.on(GetRandomPasswordCommand).callsFake(({ PasswordLength, ExcludeCharacters }) => {
            const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-_=".split("").filter((c) => !(ExcludeCharacters ?? "").includes(c));
            const password = [...randomBytes(PasswordLength ?? 32)].map((b) => alphabet[b % alphabet.length]).join("");
            this.generated.push(password);
            return { RandomPassword: password };
        });
    }

    /** A secret with one version, AWSCURRENT. */
    create(secretId: string, value: object): void {
        this.secrets.set(secretId, new Map([[`initial-${randomBytes(4).toString("hex")}`, { value: JSON.stringify(value), stages: ["AWSCURRENT"] }]]));
    }

    /** What Secrets Manager does before calling createSecret: a new version id, staged AWSPENDING when the value is put. */
    startRotation(secretId: string): string {
        const versions = this.versions(secretId);
        const token = `token-${randomBytes(6).toString("hex")}`;
        this.removeStage(versions, "AWSPENDING");
        versions.set(token, { stages: ["AWSPENDING"] });
        return token;
    }

    /** The JSON value of the version holding `stage`. */
    value(secretId: string, stage = "AWSCURRENT"): Record<string, unknown> {
        const version = [...this.versions(secretId).values()].find((v) => v.stages.includes(stage));
        if (version?.value === undefined) throw new Error(`${secretId} has no ${stage} version`);
        return JSON.parse(version.value) as Record<string, unknown>;
    }

    /** version id -> stages. */
    stages(secretId: string): Record<string, string[]> {
        return Object.fromEntries([...this.versions(secretId).entries()].map(([id, v]) => [id, [...v.stages]]));
    }

    private versions(secretId: string): Map<string, Version> {
        const versions = this.secrets.get(secretId);
        if (!versions) throw notFound(secretId);
        return versions;
    }

    private removeStage(versions: Map<string, Version>, stage: string): void {
        for (const version of versions.values()) version.stages = version.stages.filter((s) => s !== stage);
    }
}
