// Lambda entry point of the database bootstrap. The stack invokes it (aws.lambda.Invocation)
// on create and whenever its input changes. It reads the master credentials (the secret RDS
// manages) and the application's initial password from Secrets Manager, connects over TLS
// that verifies the server (RDS CAs from the runtime: NODE_EXTRA_CA_CERTS), and prepares the
// server and the application database. It returns what it did, never a credential.
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Client } from "pg";
import { BootstrapPlan, BootstrapResult, prepareDatabase, prepareServer } from "./bootstrap";

export interface BootstrapEvent extends BootstrapPlan {
    readonly host: string;
    readonly port: number;
    /** The secret RDS manages for the master user: {username, password}. */
    readonly masterSecretArn: string;
    /** The application's secret: its password is the role's first password. */
    readonly appSecretArn: string;
}

const secrets = new SecretsManagerClient({});

async function credentials(secretId: string): Promise<{ username: string; password: string }> {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    const value = JSON.parse(SecretString ?? "{}") as { username?: unknown; password?: unknown };
    if (typeof value.username !== "string" || typeof value.password !== "string") {
        throw new Error(`secret ${secretId} has no username and password`);
    }
    return { username: value.username, password: value.password };
}

function log(message: string, fields: Record<string, string | boolean> = {}): void {
    console.log(JSON.stringify({ function: "db-bootstrap", message, ...fields }));
}

async function withClient<T>(event: BootstrapEvent, database: string, user: { username: string; password: string }, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ host: event.host, port: event.port, database, user: user.username, password: user.password, ssl: { rejectUnauthorized: true } });
    await client.connect();
    try {
        return await work(client);
    } finally {
        await client.end();
    }
}

export async function handler(event: BootstrapEvent): Promise<BootstrapResult & { database: string; role: string }> {
    const master = await credentials(event.masterSecretArn);
    const app = await credentials(event.appSecretArn);
    const server = await withClient(event, "postgres", master, (client) => prepareServer(client, event, app.password, log));
    const extensions = await withClient(event, event.database, master, (client) => prepareDatabase(client, event, log));
    return { ...server, extensions, database: event.database, role: event.role };
}
