/** `openclaw usage -c FILE`: each user's devices held, device-hours this week and quota, on a control plane. */
import type { Command } from 'commander';
import { reportError } from './cli-errors';
import { withServer } from './server-client';

export function registerUsage(program: Command): void {
  program
    .command('usage')
    .description("each user's devices and device-hours this week against their quota, on a team's control plane")
    .requiredOption('-c, --cluster <file>', "the control plane's cluster file (backend: server)")
    .action(async (flags: { cluster: string }) => {
      try {
        const rows = await withServer(flags.cluster, (c) => c.usage());
        const table = [['USER', 'DEVICES', 'QUOTA', 'DEVICE-HOURS (7 DAYS)', 'QUOTA']];
        for (const u of rows.sort((a, b) => a.user.localeCompare(b.user))) {
          table.push([u.user, String(u.devicesHeld), u.quota?.devices === undefined ? '-' : String(u.quota.devices), u.deviceHoursThisWeek.toFixed(1), u.quota?.deviceHoursPerWeek === undefined ? '-' : String(u.quota.deviceHoursPerWeek)]);
        }
        const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
        for (const r of table) process.stdout.write(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n');
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}
