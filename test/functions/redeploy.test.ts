// The redeploy that follows a secret's change, shared by our rotation functions and the function
// EventBridge calls for every other change: exactly the services named, a service that is not
// running skipped, any other failure raised, malformed lists refused.
import { ClusterNotFoundException, ECSClient, ServiceNotActiveException, ServiceNotFoundException, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { redeployHandler } from "../../functions/redeploy/handler";
import { parseServices, redeployServices } from "../../functions/shared/redeploy";
import { capturingLogs } from "./rotation-support";

const SERVICES = [{ cluster: "hse-dev", service: "hse-dev-monolith" }, { cluster: "hse-dev", service: "hse-dev-devices" }];

describe("redeploy of the services that read a secret", () => {
    let ecs: ReturnType<typeof mockClient>;
    const client = new ECSClient({ region: "us-east-1" });
    beforeEach(() => (ecs = mockClient(ECSClient)));
    afterEach(() => ecs.restore());

    it("starts a new deployment of each service, in order", async () => {
        ecs.on(UpdateServiceCommand).resolves({});
        const lines: string[] = [];
        const result = await redeployServices(client, SERVICES, (m, f) => lines.push(`${m} ${JSON.stringify(f)}`));
        expect(result).to.deep.equal({ redeployed: 2, skipped: 0 });
        expect(ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).to.deep.equal(SERVICES.map((s) => ({ ...s, forceNewDeployment: true })));
        expect(lines).to.have.length(2);
    });

    for (const [name, error] of [
        ["ServiceNotFoundException", new ServiceNotFoundException({ message: "Service not found.", $metadata: {} })],
        ["ServiceNotActiveException", new ServiceNotActiveException({ message: "Service was not ACTIVE.", $metadata: {} })],
        ["ClusterNotFoundException", new ClusterNotFoundException({ message: "Cluster not found.", $metadata: {} })],
    ] as const) {
        it(`skips a service that is not running (${name}) and redeploys the others`, async () => {
            ecs.on(UpdateServiceCommand, { service: "hse-dev-monolith" }).rejects(error).on(UpdateServiceCommand, { service: "hse-dev-devices" }).resolves({});
            const lines: string[] = [];
            const result = await redeployServices(client, SERVICES, (m, f) => lines.push(`${m} ${JSON.stringify(f)}`));
            expect(result).to.deep.equal({ redeployed: 1, skipped: 1 });
            expect(lines[0]).to.include("the service is not running").and.include(name);
            expect(ecs.commandCalls(UpdateServiceCommand)).to.have.length(2);
        });
    }

    it("raises any other failure, so the function's error alarm fires", async () => {
        ecs.on(UpdateServiceCommand).rejects(new Error("AccessDeniedException: not authorized"));
        let message = "";
        await redeployServices(client, SERVICES, () => undefined).catch((e: Error) => (message = e.message));
        expect(message).to.equal("AccessDeniedException: not authorized");
        expect(ecs.commandCalls(UpdateServiceCommand)).to.have.length(1);
    });

    it("reads a list of {cluster, service}, refusing anything else with the source named", () => {
        expect(parseServices(undefined)).to.deep.equal([]);
        expect(parseServices("  ")).to.deep.equal([]);
        expect(parseServices("[]")).to.deep.equal([]);
        expect(parseServices(JSON.stringify(SERVICES))).to.deep.equal(SERVICES);
        expect(() => parseServices('[{"cluster":"a"}]')).to.throw("REDEPLOY_SERVICES must be a JSON list of {cluster, service}");
        expect(() => parseServices('{"cluster":"a","service":"b"}')).to.throw(/must be a JSON list/);
        expect(() => parseServices("not json", "the input")).to.throw("the input must be a JSON list of {cluster, service}");
        expect(() => parseServices('[{"cluster":"a","service":1}]')).to.throw(/must be a JSON list/);
        expect(() => parseServices('[null]')).to.throw(/must be a JSON list/);
        expect(() => parseServices('[{"service":"b"}]')).to.throw(/must be a JSON list/);
        expect(() => parseServices('[{"cluster":2,"service":"b"}]')).to.throw(/must be a JSON list/);
    });

    describe("the function EventBridge calls when a secret changes", () => {
        const handler = redeployHandler(client);

        it("redeploys exactly the services its rule names, logging names only", async () => {
            ecs.on(UpdateServiceCommand).resolves({});
            const { lines, error } = await capturingLogs(() => handler({ secret: "hse/dev/postgres", services: SERVICES }));
            expect(error).to.equal(undefined);
            expect(ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).to.deep.equal(SERVICES.map((s) => ({ ...s, forceNewDeployment: true })));
            expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).to.deep.equal([
                { kind: "secret-changed", secret: "hse/dev/postgres", message: "the secret has a new AWSCURRENT value", services: 2 },
                { kind: "secret-changed", secret: "hse/dev/postgres", message: "started a new deployment so tasks load the new value", ...SERVICES[0] },
                { kind: "secret-changed", secret: "hse/dev/postgres", message: "started a new deployment so tasks load the new value", ...SERVICES[1] },
            ]);
        });

        it("refuses an input without the secret's name or a list of services", async () => {
            const noSecret = await capturingLogs(() => handler({ services: SERVICES } as never));
            expect(noSecret.error?.message).to.equal("the event input must name the secret");
            const noServices = await capturingLogs(() => handler({ secret: "hse/dev/postgres" } as never));
            expect(noServices.error?.message).to.equal("the event input's services must be a JSON list of {cluster, service}");
            expect(ecs.calls()).to.have.length(0);
        });
    });
});
