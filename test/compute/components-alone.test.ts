// Compute and edge components built alone, with arguments no stack file uses, and their pure parts.
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { containerDefinition, secretValueFrom } from "../../components/compute/container-definition";
import { fargateMemoryOptions } from "../../components/compute/fargate";
import { FargateService } from "../../components/compute/fargate-service";
import { ServiceScaling } from "../../components/compute/service-scaling";
import { ApplicationLoadBalancer, pathRules } from "../../components/edge/alb";
import { NetworkLoadBalancer } from "../../components/edge/nlb";
import { buildProgram } from "../../offline/build";
import { statementsBySid } from "../data/types";

const provider = () => ({ providers: [new aws.Provider("hse-test-aws", { region: "us-east-1" })] });
const healthCheck = { command: "true", intervalSeconds: 10, timeoutSeconds: 2, retries: 1, startPeriodSeconds: 0 };

describe("Fargate sizes (pure)", () => {
    it("offer the memory Fargate pairs with each CPU size, and nothing for other sizes", () => {
        expect(fargateMemoryOptions(256)).to.deep.equal([512, 1024, 2048]);
        expect(fargateMemoryOptions(512)).to.deep.equal([1024, 2048, 3072, 4096]);
        expect(fargateMemoryOptions(1024)).to.deep.equal([2048, 3072, 4096, 5120, 6144, 7168, 8192]);
        expect(fargateMemoryOptions(2048)).to.have.ordered.members([4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384]);
        expect([fargateMemoryOptions(4096)[0], fargateMemoryOptions(4096).at(-1), fargateMemoryOptions(4096).length]).to.deep.equal([8192, 30720, 23]);
        expect(fargateMemoryOptions(8192)[0]).to.equal(16384);
        expect(fargateMemoryOptions(8192)[1]).to.equal(20480);
        expect(fargateMemoryOptions(16384).at(-1)).to.equal(122880);
        expect(fargateMemoryOptions(1000)).to.deep.equal([]);
    });
});

describe("container definition (pure)", () => {
    it("gives raw TCP ports no app protocol, sorts variables, and sets a user when asked", () => {
        const c = containerDefinition({
            name: "x", image: "i", environment: { B: "2", A: "1" }, region: "eu-west-1", logGroupName: "g", stopTimeoutSeconds: 5, user: "1000:1000", execEnabled: false, healthCheck,
            ports: [{ name: "raw", containerPort: 7000, protocol: "tcp" }, { name: "web", containerPort: 80, protocol: "http" }],
            secrets: [{ name: "Z", secretArn: "arn:s", jsonKey: "k" }, { name: "Y", secretArn: "arn:t", jsonKey: "j" }],
        });
        expect(c.portMappings).to.deep.equal([{ name: "raw", containerPort: 7000, protocol: "tcp" }, { name: "web", containerPort: 80, protocol: "tcp", appProtocol: "http" }]);
        expect(c.environment).to.deep.equal([{ name: "A", value: "1" }, { name: "B", value: "2" }]);
        expect(c.secrets).to.deep.equal([{ name: "Y", valueFrom: "arn:t:j::" }, { name: "Z", valueFrom: "arn:s:k::" }]);
        expect(c.user).to.equal("1000:1000");
        expect(secretValueFrom("arn:x", "password")).to.equal("arn:x:password::");
    });
});

describe("ALB path rules (pure)", () => {
    it("split long path lists into rules of at most 5 values (4 beside the origin header), each at its service's own priority", () => {
        const routes = [
            { service: "b", port: 1, paths: ["/1", "/2", "/3", "/4", "/5", "/6"], isDefault: false, priority: 100 },
            { service: "a", port: 1, paths: ["/x"], isDefault: true, priority: 300 },
        ];
        expect(pathRules(routes, false)).to.deep.equal([
            { service: "b", paths: ["/1", "/2", "/3", "/4", "/5"], priority: 100 },
            { service: "b", paths: ["/6"], priority: 101 },
            { service: "a", paths: ["/x"], priority: 300 },
        ]);
        expect(pathRules(routes, true).map((r) => r.paths.length)).to.deep.equal([4, 2, 1]);
    });

    it("keep every service's priority when a service that sorts first is added (no PriorityInUse)", () => {
        const before = [{ service: "devices", port: 1, paths: ["/devices/*"], isDefault: false, priority: 100 }];
        const after = [{ service: "accounts", port: 1, paths: ["/accounts/*"], isDefault: false, priority: 200 }, ...before];
        const devices = (rules: ReturnType<typeof pathRules>) => rules.filter((r) => r.service === "devices");
        expect(devices(pathRules(after, false))).to.deep.equal(devices(pathRules(before, false)));
        expect(pathRules(after, false).map((r) => r.priority)).to.deep.equal([100, 200]);
    });

    it("refuse a route with paths but no priority, and ignore one without paths", () => {
        expect(() => pathRules([{ service: "x", port: 1, paths: ["/x"], isDefault: false }], false)).to.throw(/x: path rules need the service's priority/);
        expect(pathRules([{ service: "y", port: 1, paths: [], isDefault: true }], false)).to.deep.equal([]);
    });
});

describe("compute and edge components built alone", () => {
    it("FargateService on x86 Spot with no secrets, no load balancer and ECS Exec", async () => {
        const built = await buildProgram(() => {
            const opts = provider();
            const capacityProviders = new aws.ecs.ClusterCapacityProviders("cp", { clusterName: "c", capacityProviders: ["FARGATE_SPOT"] }, { provider: opts.providers[0] });
            new FargateService("t", {
                namePrefix: "hse-test", region: "us-east-1", serviceName: "hse-test-worker", shortName: "worker", clusterArn: "arn:c", clusterName: "c", capacityProviders,
                image: "repo:1", repositoryArn: "arn:aws:ecr:us-east-1:1:repository/r", cpu: 256, memory: 512, architecture: "X86_64", spot: true, user: "1000:1000",
                ports: [{ name: "http", containerPort: 8080, protocol: "http" }], healthCheck, stopTimeoutSeconds: 10, environment: {}, secrets: [], secretsKeyArn: "arn:k",
                desiredCount: 0, healthCheckGracePeriodSeconds: 30, subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], targetGroups: [],
                serviceConnect: { namespaceArn: "arn:ns" }, exec: { sessionKeyArn: "arn:aws:kms:us-east-1:1:key/k", logGroupArn: "arn:aws:logs:us-east-1:1:log-group:x" }, logRetentionInDays: 1, logsKeyArn: "arn:l", protect: false,
            }, opts);
            return {};
        });
        const policy = statementsBySid(built.named("t-execution-policy").inputs.policy);
        expect(Object.keys(policy)).to.deep.equal(["AuthenticateToEcr", "PullItsImage", "WriteItsLogs"]);
        expect(Object.keys(statementsBySid(built.named("t-task-policy").inputs.policy))).to.deep.equal(["EcsExecSessions", "DecryptExecSessions", "FindExecSessionLogGroup", "WriteExecSessionLogs"]);
        expect(statementsBySid(built.named("t-task-policy").inputs.policy).WriteExecSessionLogs.Resource).to.equal("arn:aws:logs:us-east-1:1:log-group:x:*");
        expect(built.one("aws:ecs/taskDefinition:TaskDefinition").inputs.volumes).to.deep.equal([{ name: "scratch" }, { name: "ssm-agent-state" }, { name: "ssm-agent-logs" }]);
        const service = built.one("aws:ecs/service:Service");
        expect(service.inputs.healthCheckGracePeriodSeconds).to.equal(undefined);
        expect(service.inputs.loadBalancers).to.deep.equal([]);
        expect(service.inputs.capacityProviderStrategies).to.deep.equal([{ capacityProvider: "FARGATE_SPOT", weight: 1 }]);
        expect(service.dependencies).to.include(built.named("cp").urn);
        expect(built.one("aws:ecs/taskDefinition:TaskDefinition").inputs.runtimePlatform.cpuArchitecture).to.equal("X86_64");
    });

    it("ServiceScaling refuses connections scaling without an NLB", async () => {
        const failure = await buildProgram(() => {
            new ServiceScaling("t", { clusterName: "c", serviceName: "s", minCount: 1, maxCount: 2, targets: { connectionsPerTask: 10 }, scaleOutCooldownSeconds: 1, scaleInCooldownSeconds: 1 }, provider());
            return {};
        }).then(() => undefined, (e: Error) => e.message);
        expect(failure).to.match(/needs the NLB/);
    });

    it("ServiceScaling names one policy per target it is given", async () => {
        const built = await buildProgram(() => {
            const opts = provider();
            const cpuOnly = new ServiceScaling("cpu", { clusterName: "c", serviceName: "s", minCount: 1, maxCount: 2, targets: { cpuPercent: 50 }, scaleOutCooldownSeconds: 1, scaleInCooldownSeconds: 1 }, opts);
            const memoryOnly = new ServiceScaling("mem", { clusterName: "c", serviceName: "m", minCount: 1, maxCount: 2, targets: { memoryPercent: 60 }, scaleOutCooldownSeconds: 1, scaleInCooldownSeconds: 1 }, opts);
            return { cpuOnly: cpuOnly.policyNames, memoryOnly: memoryOnly.policyNames };
        });
        expect(built.outputs.cpuOnly).to.have.length(1);
        expect(built.outputs.memoryOnly).to.have.length(1);
        expect(built.ofType("aws:appautoscaling/policy:Policy").map((p) => p.inputs.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType)).to.have.members([
            "ECSServiceAverageCPUUtilization",
            "ECSServiceAverageMemoryUtilization",
        ]);
    });

    for (const originSecret of [undefined, "s3cret-header-value"]) {
        it(`ALB ${originSecret ? "behind CloudFront puts 4 paths per rule beside the origin header" : "without CloudFront puts 5 paths per rule"}`, async () => {
            const paths = ["/1/*", "/2/*", "/3/*", "/4/*", "/5/*"];
            const built = await buildProgram(() => {
                new ApplicationLoadBalancer("t", {
                    namePrefix: "hse-test", loadBalancerName: "hse-test-alb", vpcId: "vpc-1", subnetIds: ["a", "b"], securityGroupIds: ["sg"], certificateArn: "arn:cert",
                    tlsPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06", idleTimeoutSeconds: 30, desyncMitigationMode: "strictest",
                    healthCheck: { path: "/h", intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 2, matcher: "200-299" },
                    deregistrationDelaySeconds: 0, routes: [{ service: "api", port: 8080, paths, isDefault: false, priority: 100 }], originSecret, accessLogExpiryDays: 1, protect: false,
                }, provider());
                return {};
            });
            const rules = built.ofType("aws:lb/listenerRule:ListenerRule").filter((r) => r.inputs.priority < 1000);
            const pathsPerRule = rules.sort((a, b) => a.inputs.priority - b.inputs.priority).map((r) => r.inputs.conditions.find((c: { pathPattern?: unknown }) => c.pathPattern).pathPattern.values.length);
            expect(pathsPerRule).to.deep.equal(originSecret ? [4, 1] : [5]);
            for (const rule of rules) expect(rule.inputs.conditions).to.have.length(originSecret ? 2 : 1);
        });
    }

    it("ALB with no default service answers 403 to what no rule takes", async () => {
        const built = await buildProgram(() => {
            new ApplicationLoadBalancer("t", {
                namePrefix: "hse-test", loadBalancerName: "hse-test-alb", vpcId: "vpc-1", subnetIds: ["a", "b"], securityGroupIds: ["sg"], certificateArn: "arn:cert",
                tlsPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06", idleTimeoutSeconds: 30, desyncMitigationMode: "strictest",
                healthCheck: { path: "/h", intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 2, matcher: "200-299" },
                deregistrationDelaySeconds: 0, routes: [{ service: "api", port: 8080, paths: ["/api/*"], isDefault: false, priority: 10 }], accessLogExpiryDays: 1, protect: true,
            }, provider());
            return {};
        });
        const https = built.ofType("aws:lb/listener:Listener").find((l) => l.inputs.port === 443)!;
        expect(https.inputs.defaultActions[0].type).to.equal("fixed-response");
        expect(https.inputs.sslPolicy).to.equal("ELBSecurityPolicy-TLS13-1-3-2021-06");
        expect(built.one("aws:lb/loadBalancer:LoadBalancer").inputs).to.include({ desyncMitigationMode: "strictest", enableDeletionProtection: true, idleTimeout: 30 });
        expect(built.one("aws:lb/listenerRule:ListenerRule").inputs.conditions).to.deep.equal([{ pathPattern: { values: ["/api/*"] } }]);
    });

    it("NLB with TLS terminates it on the listener with the given certificate and policy", async () => {
        const built = await buildProgram(() => {
            new NetworkLoadBalancer("t", {
                namePrefix: "hse-test", loadBalancerName: "hse-test-nlb", targetGroupName: "hse-test-tcp", vpcId: "vpc-1", subnetIds: ["a"], securityGroupIds: ["sg"], port: 7000,
                healthCheck: { port: 8080, path: "/h", intervalSeconds: 10, healthyThreshold: 3, unhealthyThreshold: 3 }, deregistrationDelaySeconds: 5,
                tls: { certificateArn: "arn:cert", policy: "ELBSecurityPolicy-TLS13-1-3-2021-06" }, protect: false,
            }, provider());
            return {};
        });
        expect(built.one("aws:lb/listener:Listener").inputs).to.include({ port: 7000, protocol: "TLS", certificateArn: "arn:cert", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" });
        expect(built.one("aws:lb/targetGroup:TargetGroup").inputs).to.include({ port: 7000, deregistrationDelay: 5 });
    });
});
