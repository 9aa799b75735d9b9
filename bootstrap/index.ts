// Entry point of the bootstrap project (bootstrap/Pulumi.yaml names it as `main`): Pulumi calls
// the exported function and exports what it returns.
import { runBootstrap } from "./program";

export = runBootstrap;
