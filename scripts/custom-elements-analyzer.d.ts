// The analyzer ships types for its plugin API only, not for the command
// line entry point that `scripts/readme-api.ts` calls to build the
// manifest in memory. This is the part of that entry point it uses.
declare module '@custom-elements-manifest/analyzer/cli.js' {
  export function cli(options: {
    argv: string[];
    cwd: string;
    noWrite: boolean;
  }): Promise<unknown>;
}
