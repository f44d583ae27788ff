/**
 * `inspect --kubectl` against a kubectl that misbehaves (the stand-in's KUBECTL_MODE): one overall
 * deadline (--request-timeout, also passed to kubectl), SIGTERM then SIGKILL for the process
 * group, no waiting for a child that holds stdout, and a cap on what one call may print.
 */
import { readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRequestTimeout } from '../../src/io/duration.ts';
import { KUBECTL_OPTIONAL_KINDS } from '../../src/io/kubectl.ts';
import { ROOT, runCli } from '../helpers/cli.ts';
import { tempFolders } from '../helpers/temp-dirs.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'inspect', 'kubectl');
const { fresh } = tempFolders('k8snet-kubectl-');

function setup(extra: Record<string, string> = {}) {
  const dir = fresh();
  const record = join(dir, 'args.txt');
  const pids = join(dir, 'pids.txt');
  const env = {
    PATH: `${join(FIXTURES, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
    KUBECTL_REPLAY: join(FIXTURES, 'replay'),
    KUBECTL_RECORD: record,
    KUBECTL_PIDS: pids,
    ...extra,
  };
  const alive = (): number[] => readFileSync(pids, 'utf8').split('\n').filter(Boolean).map(Number).filter(isRunning);
  const calls = (): string[] => readFileSync(record, 'utf8').trim().split('\n');
  return { env, alive, calls, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A process that was killed but not yet reaped by its new parent (a zombie) is not running. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function timed<T>(run: () => T): { result: T; seconds: number } {
  const start = performance.now();
  const result = run();
  return { result, seconds: (performance.now() - start) / 1000 };
}

describe('--request-timeout', () => {
  it('takes kubectl durations', () => {
    expect(parseRequestTimeout('0')).toBe(0);
    expect(parseRequestTimeout('45')).toBe(45_000);
    expect(parseRequestTimeout('30s')).toBe(30_000);
    expect(parseRequestTimeout('1m30s')).toBe(90_000);
    expect(parseRequestTimeout('1.5h')).toBe(5_400_000);
    expect(parseRequestTimeout('250ms')).toBe(250);
    for (const bad of ['', 'soon', '-5s', '5 s', '10x']) expect(parseRequestTimeout(bad), bad).toBeNaN();
  });

  it('is refused without --kubectl, and when it is not a duration', () => {
    expect(runCli(['inspect', 'x.yaml', '--request-timeout', '5s'])).toMatchObject({
      code: 2,
      stderr: 'error: --request-timeout needs --kubectl\n',
    });
    const bad = runCli(['inspect', '--kubectl', '--request-timeout', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^error: option '--request-timeout <duration>' argument 'soon' is invalid\. expected a duration such as 30s/,
    );
  });

  it('is passed on to kubectl as what is left of the deadline (60 s by default)', () => {
    const { env, calls, cleanup } = setup();
    expect(runCli(['inspect', '--kubectl', '--format', 'json'], { env }).code).toBe(0);
    for (const call of calls()) expect(call).toMatch(/ --request-timeout=(60|59|58)s$/);
    expect(runCli(['inspect', '--kubectl', '--format', 'json', '--request-timeout', '0'], { env }).code).toBe(0);
    expect(calls().at(-1)).not.toContain('--request-timeout');
    cleanup();
  });
});

describe('a kubectl that misbehaves', () => {
  it('that never answers is stopped at the deadline, with "timed out after N s"', () => {
    const { env, alive, cleanup } = setup({ KUBECTL_MODE: 'hang' });
    const { result, seconds } = timed(() => runCli(['inspect', '--kubectl', '--request-timeout', '1s'], { env }));
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: kubectl timed out after 1 s (kubectl get nodes,namespaces,pods,…); raise --request-timeout (now 1s) for a slow cluster, or give 0 for no limit\n',
    });
    expect(seconds).toBeLessThan(10);
    expect(alive()).toEqual([]);
    cleanup();
  });

  it('that ignores SIGTERM gets SIGKILL', () => {
    const { env, alive, cleanup } = setup({ KUBECTL_MODE: 'ignore-term' });
    const { result, seconds } = timed(() => runCli(['inspect', '--kubectl', '--request-timeout', '1'], { env }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: kubectl timed out after 1 s /);
    expect(seconds).toBeLessThan(12);
    expect(alive()).toEqual([]);
    cleanup();
  });

  it('that leaves a child holding stdout is not waited for, and the child is ended', () => {
    const { env, alive, calls, cleanup } = setup({ KUBECTL_MODE: 'orphan' });
    const { result, seconds } = timed(() => runCli(['inspect', '--kubectl', '--format', 'json'], { env }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).findings.map((f: { id: string }) => f.id)).toContain('kube-proxy');
    // One call for the built-in kinds and one per optional kind, each with a child that would hold the pipe for ten minutes.
    expect(calls().length).toBe(1 + KUBECTL_OPTIONAL_KINDS.length);
    expect(seconds).toBeLessThan(20);
    expect(alive()).toEqual([]);
    cleanup();
  });

  it('that prints without end is stopped at the output limit, which names its variable', () => {
    const { env, alive, cleanup } = setup({ KUBECTL_MODE: 'endless', K8SNET_MAX_KUBECTL_BYTES: '2M' });
    const result = runCli(['inspect', '--kubectl'], { env });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: the output of kubectl get nodes,namespaces,pods,… is larger than the limit of 2 MiB for the output of one kubectl call; to read it anyway, raise the limit with K8SNET_MAX_KUBECTL_BYTES=8M\n',
    });
    expect(alive()).toEqual([]);
    cleanup();
  });
});
