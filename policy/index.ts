// The policy pack's entry point, run by `pulumi preview --policy-pack policy`. Constructing a
// PolicyPack starts the analyzer server the engine talks to, so nothing else imports this file:
// the tests use the same policy objects from ./pack.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./pack";

new PolicyPack(PACK_NAME, { policies, enforcementLevel: "mandatory" });
