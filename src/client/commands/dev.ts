import type { Command } from 'commander';
import { devServerSearchAttributeFlags } from '../../campaign/search-attributes';

export function registerDevCommands(program: Command): void {
  const dev = program.command('dev').description('helpers for the local dev stack');
  dev
    .command('search-attribute-flags')
    .description('print the --search-attribute flags `temporal server start-dev` needs for orcastrate')
    .action(() => {
      console.log(devServerSearchAttributeFlags().join(' '));
    });
}
