// The compute tier's rules and settings its tests by environment leave implicit: the ECR
// lifecycle as ECR reads it, every moving tag refused, the cluster's Exec logging, the services'
// Service Connect logs and the scaling policies' kind.
import { expect } from "chai";
import { MOVING_TAGS } from "../../components/compute/fargate";
import { lifecyclePolicy } from "../../components/compute/repository";
import { buildStack, BuiltStack } from "../../offline/build";
import { configProblems, editSection, keyOf } from "../config/edit";

describe("ECR lifecycle policy", () => {
    it("expires untagged images after the set days first, then keeps the newest tagged ones (the any rule last, as ECR requires)", () =>
        expect(JSON.parse(lifecyclePolicy(5, 12))).to.deep.equal({
            rules: [
                { rulePriority: 1, description: "Expire untagged images after 5 days", selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 5 }, action: { type: "expire" } },
                { rulePriority: 2, description: "Keep the newest 12 images", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 12 }, action: { type: "expire" } },
            ],
        }));
});

describe("moving image tags", () => {
    const deploying = (stack: string, image: string) => configProblems(stack, editSection("services", (s) => { s.monolith.image = image; }));
    it("are each refused in staging and production, in any case, naming the environment", () => {
        expect(MOVING_TAGS).to.have.lengthOf(12);
        for (const tag of MOVING_TAGS) {
            for (const stack of ["staging", "production"]) {
                expect(deploying(stack, tag.toUpperCase()), `${stack} ${tag}`).to.deep.equal([
                    { key: keyOf("services")("monolith.image"), message: `is ${JSON.stringify(tag.toUpperCase())}, a tag that moves, in ${stack}; pin a version, a commit SHA or a digest (sha256:...) so a deploy says what runs` },
                ]);
            }
        }
    });
    it("are allowed in dev, and a pinned version everywhere", () => {
        expect(deploying("dev", "latest")).to.deep.equal([]);
        expect(deploying("production", "1.4.2")).to.deep.equal([]);
    });
});

describe("compute details of production", () => {
    let built: BuiltStack;
    before(async () => {
        built = await buildStack("production");
    });

    it("logs ECS Exec sessions to an encrypted group under /hse-production/ecs/exec-, and names the Service Connect namespace's owner", () => {
        const cluster = built.subtree("hse-production-cluster");
        expect(cluster.named("hse-production-cluster-exec-logs").inputs.namePrefix).to.equal("/hse-production/ecs/exec-");
        expect(cluster.one("aws:servicediscovery/httpNamespace:HttpNamespace").inputs.description).to.equal("Service Connect names of hse-production");
        expect(cluster.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").inputs).to.deep.include({
            capacityProviders: ["FARGATE", "FARGATE_SPOT"],
            defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
        });
    });

    it("sends each service's Service Connect proxy logs to the service's own group, prefixed service-connect", () => {
        for (const name of ["monolith", "devices"]) {
            const service = built.subtree(`hse-production-${name}`).one("aws:ecs/service:Service");
            const logGroup = built.subtree(`hse-production-${name}`).one("aws:cloudwatch/logGroup:LogGroup");
            expect(service.inputs.serviceConnectConfiguration.logConfiguration).to.deep.equal({
                logDriver: "awslogs",
                options: { "awslogs-group": logGroup.outputs!.name, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "service-connect" },
            });
        }
    });

    it("scales by target tracking, each policy named after its service and metric", () => {
        const policies = built.resources.filter((r) => r.type === "aws:appautoscaling/policy:Policy");
        expect(policies.map((p) => [p.inputs.name, p.inputs.policyType])).to.have.deep.members([
            ["hse-production-monolith-cpu", "TargetTrackingScaling"],
            ["hse-production-monolith-memory", "TargetTrackingScaling"],
            ["hse-production-devices-connections", "TargetTrackingScaling"],
        ]);
    });
});
