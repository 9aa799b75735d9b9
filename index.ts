// Pulumi entry point: Pulumi calls the exported function and exports what it returns.
import { runPlatform } from "./stacks/platform";

export = runPlatform;
