// The rules between sections, each problem they report in full: the key, every word, and that
// nothing else is reported. (The case tables check one phrase per case; these check the whole.)
import { expect } from "chai";
import { configProblems, Edit, editSection, externalTimescale, keyOf, PROJECT, setKey } from "./edit";

const svc = keyOf("services");
const devices = (change: (d: Record<string, any>) => void): Edit => editSection("services", (s) => change(s.devices));
const both = (...edits: Edit[]): Edit => (values) => edits.forEach((e) => e(values));
const toExternalTimescale = (extra: Record<string, unknown>): Edit => externalTimescale({ host: "tsdb.example.com", database: "tsdb", appUsername: "tsdbadmin", ...extra });
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:tsdb";
const httpsEgress = editSection("network", (n) => { n.serviceInternetEgress = "https"; });

describe("config rules between sections: the services' ports and the security groups", () => {
    it("an ALB target on the gRPC port names both ports", () =>
        expect(configProblems("dev", devices((d) => { d.alb.port = "grpc"; }))).to.deep.equal([
            { key: svc("devices.alb.port"), message: "is grpc, a grpc port; alb needs http" },
            { key: svc("devices.alb.port"), message: "names port 50051, but the ALB's target port is 8080 (network.ports)" },
        ]));
    it("an NLB target off the devices' TCP port names both ports", () =>
        expect(configProblems("dev", devices((d) => { d.nlb.port = "grpc"; }))).to.deep.equal([
            { key: svc("devices.nlb.port"), message: "is grpc, a grpc port; nlb needs tcp" },
            { key: svc("devices.nlb.port"), message: "names port 50051, but the devices' TCP port is 5000 (network.ports)" },
        ]));
    it("Service Connect on the HTTP port names the port services call each other on", () =>
        expect(configProblems("dev", devices((d) => { d.serviceConnect.port = "http"; }))).to.deep.equal([
            { key: svc("devices.serviceConnect.port"), message: "names port 8080, but the port services may call each other on is 50051 (network.ports)" },
        ]));
    it("moving a port and network.ports together is accepted", () =>
        expect(
            configProblems(
                "dev",
                both(
                    editSection("network", (n) => { n.ports = { http: 8081, grpc: 50051, devicesTcp: 5000 }; }),
                    editSection("services", (s) => { s.monolith.ports[0].port = 8081; s.devices.ports[0].port = 8081; }),
                    editSection("nlb", (n) => { n.healthCheck = { port: 8081 }; }),
                ),
            ),
        ).to.deep.equal([]));
    it("a port the security groups do not open names all three open ones", () =>
        expect(configProblems("dev", devices((d) => { d.ports[0].port = 8081; }))).to.deep.equal([
            { key: svc("devices.ports[0].port"), message: "is 8081; the security groups open only network.ports (http 8080, grpc 50051, devicesTcp 5000)" },
            { key: svc("devices.alb.port"), message: "names port 8081, but the ALB's target port is 8080 (network.ports)" },
        ]));
    it("entries that are not ports are left to the services section's own errors", () =>
        expect(configProblems("dev", devices((d) => { d.ports.push(null, { port: 9999 }, { name: "x" }); }))).to.deep.equal([
            { key: svc("devices.ports[3]"), message: "must be a mapping of keys to values (got null)" },
            { key: svc("devices.ports[4].name"), message: "is required; it must be text" },
            { key: svc("devices.ports[4].protocol"), message: "is required; it must be one of http, grpc, tcp" },
            { key: svc("devices.ports[5].port"), message: "is required; it must be a whole number from 1 to 65535 (a TCP port)" },
            { key: svc("devices.ports[5].protocol"), message: "is required; it must be one of http, grpc, tcp" },
        ]));
    it("a ports value that is not a list is reported once, by the services section", () =>
        expect(configProblems("dev", devices((d) => { d.ports = "http"; }))).to.deep.equal([{ key: svc("devices.ports"), message: 'must be a list (got "http")' }]));
    it("a service that is not a mapping is reported once, by the services section", () =>
        expect(configProblems("dev", editSection("services", (s) => { s.other = null; }))).to.deep.equal([{ key: svc("other"), message: "must be a mapping of keys to values (got null)" }]));
    it("a target naming no port is reported once, by the services section", () =>
        expect(configProblems("dev", devices((d) => { d.alb.port = "web"; }))).to.deep.equal([{ key: svc("devices.alb.port"), message: "is web; ports here: http, grpc, devices" }]));
});

describe("config rules between sections: an external TimescaleDB", () => {
    // HTTPS-only egress opens the external service's port as well (security-group-matrix.ts).
    it("on its default port is accepted with HTTPS-only egress, which opens that port", () =>
        expect(configProblems("staging", both(toExternalTimescale({ secretArn: SECRET_ARN }), httpsEgress))).to.deep.equal([]));
    it("with a secret ARN and a password too is told to keep one", () =>
        expect(configProblems("dev", both(toExternalTimescale({ secretArn: SECRET_ARN }), setKey("timescaleExternalPassword", "secret:correct-horse-battery")))).to.deep.equal([
            { key: keyOf("timescale")("secretArn"), message: "and timescaleExternalPassword are both set; keep one" },
        ]));
    it("with a password alone is accepted", () =>
        expect(configProblems("dev", both(toExternalTimescale({}), setKey("timescaleExternalPassword", "secret:correct-horse-battery")))).to.deep.equal([]));
    it("with neither a secret ARN nor a password is told both ways to give its credentials", () =>
        expect(configProblems("dev", toExternalTimescale({}))).to.deep.equal([
            { key: `${PROJECT}:timescale.secretArn`, message: "is not set: give the ARN of the secret that holds the credentials, or run pulumi config set --secret hse-platform:timescaleExternalPassword <password>" },
        ]));
});
