// Lambda entry point of the database bootstrap. The stack invokes it (aws.lambda.Invocation)
// on create and whenever its input changes. It reads the master credentials (the secret RDS
// manages) and the application's initial password from Secrets Manager, connects over TLS
// that verifies the server (RDS CAs from the runtime: NODE_EXTRA_CA_CERTS), and prepares the
// server and the application database. It returns what it did, never a credential.
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Client, ClientConfig } from "pg";
import { BootstrapPlan, BootstrapResult, prepareDatabase, prepareServer } from "./bootstrap";

export interface BootstrapEvent extends BootstrapPlan {
    readonly host: string;
    readonly port: number;
    /** The secret RDS manages for the master user: {username, password}. */
    readonly masterSecretArn: string;
    /** The application's secret: its password is the role's first password. */
    readonly appSecretArn: string;
}

/** What the bootstrap reaches outside itself: Secrets Manager and PostgreSQL. Tests give their own. */
export interface BootstrapDependencies {
    /** The SecretString of a secret, if it has one. */
    getSecretString(secretId: string): Promise<string | undefined>;
    /** A connected client for these settings. */
    connect(settings: ClientConfig): Promise<Client>;
}

async function credentials(deps: BootstrapDependencies, secretId: string): Promise<{ username: string; password: string }> {
    const value = JSON.parse((await deps.getSecretString(secretId)) ?? "{}") as { username?: unknown; password?: unknown };
    if (typeof value.username !== "string" || typeof value.password !== "string") {
        throw new Error(`secret ${secretId} has no username and password`);
    }
    return { username: value.username, password: value.password };
}

function log(message: string, fields: Record<string, string | boolean> = {}): void {
    console.log(JSON.stringify({ function: "db-bootstrap", message, ...fields }));
}

/** How the bootstrap connects: TLS that verifies the server's certificate, always. */
export function connectionSettings(event: Pick<BootstrapEvent, "host" | "port">, database: string, user: { username: string; password: string }): ClientConfig {
    return { host: event.host, port: event.port, database, user: user.username, password: user.password, ssl: { rejectUnauthorized: true } };
}

async function withClient<T>(deps: BootstrapDependencies, settings: ClientConfig, work: (client: Client) => Promise<T>): Promise<T> {
    const client = await deps.connect(settings);
    try {
        return await work(client);
    } finally {
        await client.end();
    }
}

/** Prepares the server and the application database as the master user; returns what it did. */
export async function bootstrap(event: BootstrapEvent, deps: BootstrapDependencies): Promise<BootstrapResult & { database: string; role: string }> {
    const master = await credentials(deps, event.masterSecretArn);
    const app = await credentials(deps, event.appSecretArn);
    const server = await withClient(deps, connectionSettings(event, "postgres", master), (client) => prepareServer(client, event, app.password, log));
    const extensions = await withClient(deps, connectionSettings(event, event.database, master), (client) => prepareDatabase(client, event, log));
    return { ...server, extensions, database: event.database, role: event.role };
}

const secrets = new SecretsManagerClient({});

const AWS: BootstrapDependencies = {
    getSecretString: async (secretId) => (await secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString,
    connect: async (settings) => {
        const client = new Client(settings);
        await client.connect();
        return client;
    },
};

export const handler = (event: BootstrapEvent) => bootstrap(event, AWS);
