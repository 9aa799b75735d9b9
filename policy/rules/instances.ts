// Instances answer metadata requests only with a session token (IMDSv2), so a request forgery
// through an application cannot read the instance role's credentials.
import { ResourceRule } from "./rule";

export const imdsV2: ResourceRule = {
    name: "imdsv2-required",
    description: "EC2 instances and launch templates require IMDSv2 (metadataOptions.httpTokens required).",
    types: ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate"],
    check: ({ props }) => (props.metadataOptions?.httpTokens === "required" ? [] : ["metadataOptions.httpTokens must be required"]),
};

export const INSTANCES = [imdsV2];
