// The Lambda code the program deploys is the bundle esbuild makes here: self-contained, and a
// handler that runs. Each bundle is loaded in a child process (its own copy of the AWS SDK),
// pointed at a local stand-in for Secrets Manager, and called.
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { builtinModules } from "module";
import { bundleFunction, OPTIONAL_MODULES } from "../../components/shared/lambda-code";
import { tempDir } from "../support/temp-dir";

/** An AWS JSON-protocol endpoint that records each request's target and answers `answer`. */
function fakeAwsEndpoint(answer: object): Promise<{ url: string; targets: string[]; close: () => void }> {
    const targets: string[] = [];
    const server = http.createServer((request, response) => {
        targets.push(String(request.headers["x-amz-target"]));
        request.resume();
        request.on("end", () => {
            response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
            response.end(JSON.stringify(answer));
        });
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        resolve({ url: `http://127.0.0.1:${port}`, targets, close: () => server.close() });
    }));
}

/** Loads a bundle in a fresh Node process and calls its handler with `event`; returns what it printed. */
function callBundle(source: string, event: object, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const file = path.join(tempDir("bundle"), "index.js");
    fs.writeFileSync(file, source);
    const script = `require(${JSON.stringify(file)}).handler(${JSON.stringify(event)}).then(() => console.log("RESULT ok"), (e) => console.log("RESULT " + e.message))`;
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["-e", script], { env: { PATH: process.env.PATH ?? "", ...env } });
        let output = "";
        child.stdout.on("data", (d) => (output += String(d)));
        child.stderr.on("data", (d) => (output += String(d)));
        child.on("close", (code) => resolve({ code, output }));
    });
}

/** Secrets Manager's DescribeSecret: rotation disabled. */
const ROTATION_DISABLED = { ARN: "arn:aws:secretsmanager:us-east-1:111122223333:secret:x", RotationEnabled: false, VersionIdsToStages: {} };

const AWS_ENV = { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "test-secret" };

describe("bundled Lambda code", function () {

    for (const entry of ["rotation/elasticache-user.ts", "rotation/jwt.ts", "rotation/postgres-single-user.ts", "rotation/postgres-multi-user.ts", "redeploy/handler.ts", "db-bootstrap/handler.ts", "secret-connection/handler.ts"]) {
        it(`${entry} is one self-contained file that needs only Node's own modules`, () => {
            const { source, sha256 } = bundleFunction(entry);
            expect(sha256).to.match(/^[0-9a-f]{64}$/);
            const required = [...source.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1].replace(/^node:/, ""));
            const foreign = required.filter((m) => !builtinModules.includes(m) && !(OPTIONAL_MODULES as readonly string[]).includes(m));
            expect(foreign).to.deep.equal([]);
        });
    }

    it("the ElastiCache rotation bundle runs its handler: the protocol's first check reaches Secrets Manager", async () => {
        const endpoint = await fakeAwsEndpoint(ROTATION_DISABLED);
        try {
            const { output } = await callBundle(bundleFunction("rotation/elasticache-user.ts").source, { SecretId: "x", ClientRequestToken: "t", Step: "createSecret" }, {
                ...AWS_ENV,
                AWS_ENDPOINT_URL: endpoint.url,
                ELASTICACHE_USER_ID: "hse-dev-app",
            });
            expect(output).to.include("RESULT rotation is not enabled on the secret");
            expect(endpoint.targets).to.deep.equal(["secretsmanager.DescribeSecret"]);
        } finally {
            endpoint.close();
        }
    });

    it("the JWT rotation bundle runs its handler: the protocol's first check reaches Secrets Manager", async () => {
        const endpoint = await fakeAwsEndpoint(ROTATION_DISABLED);
        try {
            const { output } = await callBundle(bundleFunction("rotation/jwt.ts").source, { SecretId: "x", ClientRequestToken: "t", Step: "createSecret" }, {
                ...AWS_ENV,
                AWS_ENDPOINT_URL: endpoint.url,
                JWT_EXPIRES_IN: "15m",
                JWT_REFRESH_EXPIRES_IN: "7d",
                REDEPLOY_SERVICES: JSON.stringify([{ cluster: "hse-dev", service: "hse-dev-monolith" }]),
            });
            expect(output).to.include("RESULT rotation is not enabled on the secret");
            expect(endpoint.targets).to.deep.equal(["secretsmanager.DescribeSecret"]);
        } finally {
            endpoint.close();
        }
    });

    for (const entry of ["rotation/postgres-single-user.ts", "rotation/postgres-multi-user.ts"]) {
        it(`the ${entry} bundle runs its handler: the protocol's first check reaches Secrets Manager`, async () => {
            const endpoint = await fakeAwsEndpoint(ROTATION_DISABLED);
            try {
                const { output } = await callBundle(bundleFunction(entry).source, { SecretId: "x", ClientRequestToken: "t", Step: "createSecret" }, {
                    ...AWS_ENV,
                    AWS_ENDPOINT_URL: endpoint.url,
                    DATABASE_CA_CERTIFICATE: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                });
                expect(output).to.include("RESULT rotation is not enabled on the secret");
                expect(endpoint.targets).to.deep.equal(["secretsmanager.DescribeSecret"]);
            } finally {
                endpoint.close();
            }
        });
    }

    it("the redeploy bundle runs its handler: one UpdateService per service its rule names", async () => {
        const endpoint = await fakeAwsEndpoint({ service: { serviceName: "hse-dev-monolith" } });
        try {
            const services = [{ cluster: "hse-dev", service: "hse-dev-monolith" }, { cluster: "hse-dev", service: "hse-dev-devices" }];
            const { output } = await callBundle(bundleFunction("redeploy/handler.ts").source, { secret: "hse/dev/newrelic", services }, { ...AWS_ENV, AWS_ENDPOINT_URL: endpoint.url });
            expect(output).to.include("RESULT ok");
            expect(endpoint.targets).to.deep.equal(Array(2).fill("AmazonEC2ContainerServiceV20141113.UpdateService"));
        } finally {
            endpoint.close();
        }
    });
});
