import { CommandRunner, SchedulerCommandError, SchedulerUnreachableError } from '../../../src/schedulers';

describe('CommandRunner', () => {
  it('returns output and exit code without a shell, counting spawns', async () => {
    const runner = new CommandRunner();
    const result = await runner.run('/bin/sh', [
      '-c',
      'printf "%s" "$1"; echo err >&2; exit 4',
      'sh',
      '$(whoami); `id`',
    ]);
    expect(result).toEqual({ stdout: '$(whoami); `id`', stderr: 'err\n', exitCode: 4 });
    await runner.run('/bin/true', []);
    expect(runner.spawnCount).toBe(2);
  });

  it('turns a missing program into SchedulerUnreachableError', async () => {
    await expect(new CommandRunner().run('/nonexistent/squeue', [])).rejects.toThrow(
      SchedulerUnreachableError,
    );
  });

  it('kills a command that exceeds its timeout and reports it unreachable', async () => {
    const started = Date.now();
    const failure = new CommandRunner(300).run('/bin/sleep', ['10']);
    await expect(failure).rejects.toThrow(/timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('runChecked carries stderr into the error', async () => {
    const failure = new CommandRunner().runChecked('/bin/sh', [
      '-c',
      'echo "sbatch: error: invalid partition" >&2; exit 1',
    ]);
    await expect(failure).rejects.toThrow(SchedulerCommandError);
    await expect(failure).rejects.toThrow(/invalid partition/);
  });
});
