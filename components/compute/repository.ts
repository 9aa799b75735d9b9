// A container registry repository for one service: immutable tags, scan on push, encryption
// with the data key, and a lifecycle that expires untagged images and keeps a bounded number of
// tagged ones. Protected in production (deleting it deletes every image).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../shared/naming";
import { stateful } from "../shared/protection";

export interface RepositoryArgs {
    /** Repository name, e.g. hse/monolith. */
    readonly repositoryName: string;
    readonly dataKeyArn: pulumi.Input<string>;
    /** Days after which untagged images expire. */
    readonly untaggedExpiryDays: number;
    /** Tagged images kept (the newest). */
    readonly taggedImagesKept: number;
    readonly protect: boolean;
}

/** The lifecycle policy ECR evaluates (ECR user guide, "Lifecycle policy properties"). */
export function lifecyclePolicy(untaggedExpiryDays: number, taggedImagesKept: number): string {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images after ${untaggedExpiryDays} days`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedExpiryDays },
                action: { type: "expire" },
            },
            {
                // An `any` rule must come last; it keeps the newest tagged images.
                rulePriority: 2,
                description: `Keep the newest ${taggedImagesKept} images`,
                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: taggedImagesKept },
                action: { type: "expire" },
            },
        ],
    });
}

export class ContainerRepository extends pulumi.ComponentResource {
    readonly url: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: RepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:compute:ContainerRepository", name, {}, opts);
        const repository = new aws.ecr.Repository(childName(name, "repository"), {
            name: args.repositoryName,
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.dataKeyArn }],
            // Unprotected (dev, staging) repositories may be destroyed with their images.
            forceDelete: !args.protect,
        }, { parent: this, ...stateful(args.protect) });
        new aws.ecr.LifecyclePolicy(childName(name, "lifecycle"), {
            repository: repository.name,
            policy: lifecyclePolicy(args.untaggedExpiryDays, args.taggedImagesKept),
        }, { parent: this });
        this.url = repository.repositoryUrl;
        this.arn = repository.arn;
        this.registerOutputs({ url: this.url, arn: this.arn });
    }
}
