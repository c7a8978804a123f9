import * as workflows from '../../lib/api/workflows.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { hint, note } from '../../lib/display/messages.js';
import { type Column, printRows } from '../../lib/display/table.js';
import { formatTime } from '../../lib/display/time.js';
import { listMayBeFiltered } from '../may-be-hidden.js';

export interface ListOptions {
  json?: boolean | undefined;
}

/** `workflow list`: the workflows the key's patterns match. */
export async function runList(opts: ListOptions, ctx: Context): Promise<void> {
  const client = await ctx.api();
  const list = await workflows.listAll(client);
  if (opts.json) {
    printJson(ctx.io, list);
    return;
  }
  if (list.length === 0) {
    if (!ctx.io.stderrIsTTY) return;
    // The list leaves out what the key's patterns or role may not see: say only what is true.
    if (!(await listMayBeFiltered(client, 'workflows'))) return note(ctx.io, 'No workflows');
    note(ctx.io, 'No workflows this key may see');
    hint(ctx.io, '`fibonacci access check read workflows/NAME` says why a workflow is not listed');
    return;
  }
  const now = ctx.clock();
  const columns: Column<workflows.Workflow>[] = [
    { header: 'id', value: (w) => w.id },
    { header: 'name', value: (w) => w.name },
    { header: 'active', value: (w) => (w.is_active ? 'yes' : 'no') },
    { header: 'created', value: (w) => formatTime(ctx.io, w.created_at, now), drop: 1 },
  ];
  printRows(ctx.io, columns, list);
}
