import type { Command } from 'commander';
import { devServerSearchAttributeFlags } from '../../campaign/search-attributes';
import { devServerDynamicConfigFlags } from '../../temporal/server-dynamic-config';

export function registerDevCommands(program: Command): void {
  const dev = program.command('dev').description('helpers for the local dev stack');
  dev
    .command('search-attribute-flags')
    .description('print the --search-attribute flags `temporal server start-dev` needs for orcastrate')
    .action(() => {
      console.log(devServerSearchAttributeFlags().join(' '));
    });
  dev
    .command('dynamic-config-flags')
    .description('print the --dynamic-config-value flags `temporal server start-dev` needs for orcastrate')
    .action(() => {
      console.log(devServerDynamicConfigFlags().join(' '));
    });
}
