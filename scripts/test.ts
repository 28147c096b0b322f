import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

import { ensureChromium } from './chromium.ts';

/**
 * `npm test`: every check CI runs, one after another, then one closing line
 * that counts the tests passed and failed across every suite. A step that
 * fails does not stop the later ones, so one run shows everything wrong.
 */

interface Step {
  name: string;
  command: string[];
  /** Reads the passed and failed counts from the step's output. */
  count?: (output: string) => { passed: number; failed: number } | undefined;
}

const bin = (name: string) => join('node_modules', '.bin', name);

function testFiles(folder: string, suffix: string): string[] {
  if (!existsSync(folder)) {
    return [];
  }
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => join(folder, file))
    .sort();
}

/** node --test's spec reporter ends with "ℹ pass N" and "ℹ fail N". */
function nodeCounts(output: string) {
  const passed = /^ℹ pass (\d+)$/m.exec(output);
  const failed = /^ℹ fail (\d+)$/m.exec(output);
  if (!passed || !failed) {
    return undefined;
  }
  return { passed: Number(passed[1]), failed: Number(failed[1]) };
}

/** web-test-runner's progress line says "N passed, N failed". */
function wtrCounts(output: string) {
  const matches = [...output.matchAll(/(\d+) passed, (\d+) failed/g)];
  const last = matches.at(-1);
  if (!last) {
    return undefined;
  }
  return { passed: Number(last[1]), failed: Number(last[2]) };
}

const nodeTests = testFiles('test', '.test.ts').filter(
  (file) =>
    !file.startsWith(join('test', 'client')) &&
    !file.startsWith(join('test', 'cache')) &&
    !file.startsWith(join('test', 'widget')),
);

const steps: Step[] = [
  { name: 'lint', command: [bin('eslint'), '.'] },
  { name: 'typecheck', command: [bin('tsc'), '-p', 'tsconfig.json'] },
  { name: 'format', command: [bin('prettier'), '--check', '.'] },
  {
    name: 'server tests',
    command: [
      process.execPath,
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      ...nodeTests,
    ],
    count: nodeCounts,
  },
];

if (existsSync('web-test-runner.config.mjs')) {
  steps.push({
    name: 'browser tests',
    command: [bin('wtr'), '--config', 'web-test-runner.config.mjs'],
    count: wtrCounts,
  });
}

function run(step: Step): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const [command = '', ...args] = step.command;
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let output = '';
    const collect = (chunk: Buffer, sink: NodeJS.WriteStream) => {
      output += chunk.toString();
      sink.write(chunk);
    };
    child.stdout.on('data', (chunk: Buffer) => collect(chunk, process.stdout));
    child.stderr.on('data', (chunk: Buffer) => collect(chunk, process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

process.env['CHROMIUM_PATH'] ??= ensureChromium();

let passed = 0;
let failed = 0;
const failedSteps: string[] = [];

for (const step of steps) {
  console.log(`\n── ${step.name} ──`);
  const started = Date.now();
  const { code, output } = await run(step);
  const counts = step.count?.(stripVTControlCharacters(output));
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  if (code !== 0 || (step.count && !counts)) {
    failedSteps.push(step.name);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `── ${step.name}: ${code === 0 ? 'ok' : 'FAILED'} in ${seconds} s`,
  );
}

if (failedSteps.length > 0) {
  console.log(`\nFailed: ${failedSteps.join(', ')}`);
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);
