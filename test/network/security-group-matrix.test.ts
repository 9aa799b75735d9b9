import { expect } from "chai";
import { MatrixArgs, ruleName, securityGroupRules } from "../../components/network/security-group-matrix";

const seedArgs: MatrixArgs = {
    ports: { http: 8080, grpc: 50051, devicesTcp: 5000, postgres: 5432, timescale: 5432, redis: 6379 },
    albIngress: { source: "cidrs", cidrs: ["0.0.0.0/0"] },
    devicesIngressCidrs: ["0.0.0.0/0"],
    serviceInternetEgress: "all",
};

describe("security-group matrix (pure)", () => {
    it("gives every rule a description and a unique name", () => {
        const rules = securityGroupRules(seedArgs);
        const names = rules.map((r) => ruleName("hse-dev", r));
        expect(new Set(names).size).to.equal(names.length);
        for (const rule of rules) expect(rule.description).to.be.a("string").and.not.empty;
    });

    it("opens only 443 from the CloudFront prefix list in cloudfront mode (its weight is 55 rules)", () => {
        const alb = securityGroupRules({ ...seedArgs, albIngress: { source: "cloudfront" } }).filter((r) => r.group === "alb" && r.direction === "ingress");
        expect(alb).to.deep.equal([{ group: "alb", direction: "ingress", port: 443, peer: { kind: "cloudfront" }, description: "HTTPS from CloudFront origin-facing servers" }]);
    });

    it("opens 443 and 80 from each configured CIDR", () => {
        const alb = securityGroupRules({ ...seedArgs, albIngress: { source: "cidrs", cidrs: ["203.0.113.0/24", "198.51.100.0/24"] } })
            .filter((r) => r.group === "alb" && r.direction === "ingress")
            .map((r) => `${r.port} ${r.peer.kind === "cidr" ? r.peer.cidr : "?"}`);
        expect(alb).to.have.members(["443 203.0.113.0/24", "80 203.0.113.0/24", "443 198.51.100.0/24", "80 198.51.100.0/24"]);
    });

    it("limits service egress to the internet to TCP 443 in https mode", () => {
        const internet = securityGroupRules({ ...seedArgs, serviceInternetEgress: "https" }).filter(
            (r) => r.group === "services" && r.direction === "egress" && r.peer.kind === "cidr",
        );
        expect(internet.map((r) => r.port)).to.deep.equal([443]);
    });

    it("follows configured ports", () => {
        const rules = securityGroupRules({ ...seedArgs, ports: { ...seedArgs.ports, devicesTcp: 7000, postgres: 6432, timescale: 6432 } });
        expect(rules.filter((r) => r.group === "nlb").map((r) => r.port)).to.deep.equal([7000, 7000, 8080]);
        expect(rules.filter((r) => r.group === "database").map((r) => r.port)).to.deep.equal([6432, 6432]);
        const apart = securityGroupRules({ ...seedArgs, ports: { ...seedArgs.ports, timescale: 6543 } });
        expect(apart.filter((r) => r.group === "database").map((r) => r.port)).to.deep.equal([5432, 5432, 6543, 6543]);
    });

    it("names a rule by its identity, not its position", () => {
        const rule = securityGroupRules(seedArgs).find((r) => r.group === "alb" && r.port === 443)!;
        expect(ruleName("hse-dev", rule)).to.equal("hse-dev-alb-in-443-0-0-0-0-0");
    });
});
